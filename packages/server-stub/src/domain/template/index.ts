// Instance templates: createInstanceTemplate, describeInstanceTemplate(s), updateInstanceTemplate,
// deleteInstanceTemplate, verifyInstanceTemplate.
//
// A template is stored as the InstanceTemplate model it is read back as (see lookup.ts), plus the
// password, metadata and user data in `_` fields that are never shown. Names need not be unique
// (the document does not ask for it). The stub has no availability groups, so `ags` is always
// empty: the rules "a template used by an availability group cannot be deleted / cannot move to
// another VPC" only apply to records seeded with `ags` (delete honours them; the VPC of a subnet is
// unknown to the stub, so the VPC rule is not enforced).
import type { components } from '@jdcloud-vm/client';
import type { InstanceTypeInfo } from '../../catalog/index.js';
import { failedPrecondition, invalidArgument, notFound, outOfRange } from '../../http/errors.js';
import { findVisibleImage } from '../image/lookup.js';
import { copyField } from '../fields.js';
import { applyFilters, candidates, checkFilters, listResult } from '../listing.js';
import { checkQuota } from '../quotas.js';
import type { ContextWithPath, HandlerContext, HandlerShare, OperationContext, OperationResult, ResourceKind } from '../types.js';
import { TEMPLATE_COLLECTION, type TemplateRecord, type TemplateRecordExtras, presentTemplate } from './lookup.js';
import { beijingTime } from '../../state/time-text.js';
import {
  type TemplateData,
  checkDescription,
  checkDiskCount,
  checkImageInherit,
  checkImageSupportsType,
  checkKeyNameCount,
  checkMetadata,
  checkName,
  checkPassword,
  checkSystemDiskFitsImage,
  checkTags,
  checkUserdata,
  convertDataDisks,
  convertElasticIp,
  convertNetworkInterface,
  convertSystemDisk,
  instanceTypeProblem,
  mergeMetadata,
  requireImage,
  requireInstanceType,
  requireKeyNames,
  settle,
  systemDiskFromImage } from './rules.js';

export { findTemplate, presentTemplate, TEMPLATE_COLLECTION, type TemplateRecord } from './lookup.js';

type Schemas = components['schemas'];
type UpdateSpec = Schemas['UpdateInstanceTemplateSpec'];
type Image = Schemas['Image'] & { imageId: string };

export const INSTANCE_TEMPLATE: ResourceKind = {
  name: 'instanceTemplate',
  collection: TEMPLATE_COLLECTION,
  idParam: 'instanceTemplateId',
  label: 'InstanceTemplate',
};

/** Template ids describeInstanceTemplatesCustomdata takes in one call. */
const CUSTOM_DATA_TEMPLATES = 10;

/** `2021-01-10 21:19:58`, China time, as the service writes `createdTime`. */
const serviceTime = beijingTime;

function requireTemplate(ctx: ContextWithPath<'instanceTemplateId'>): TemplateRecord {
  const id = ctx.params.path.instanceTemplateId;
  const record = ctx.store.instanceTemplates.get(id);
  if (!record) throw notFound(`InstanceTemplate '${id}' not found.`);
  return record;
}

/**
 * The checks that need the catalog and the state, on a template's settings after a create or an
 * update. `touched` names the fields of the request: existence is checked for those only (an
 * update is not refused because an untouched key pair was deleted since; verify reports that),
 * and the rules between fields (image ↔ type ↔ disks) whenever one of their fields changed.
 */
function resolve(
  ctx: HandlerContext,
  data: TemplateData,
  extras: TemplateRecordExtras,
  touched: ReadonlySet<string>,
  input: { systemDisk?: Schemas['InstanceTemplateDiskAttachmentSpec']; burstMode?: string },
): void {
  // Both are always set (create requires them, update only replaces them); a record stored
  // without one simply has no type or image to check against.
  const { imageId, instanceType: typeName } = data;
  let type: InstanceTypeInfo | undefined;
  if (typeName === undefined) type = undefined;
  else if (touched.has('instanceType')) type = requireInstanceType(ctx, typeName);
  else type = instanceTypeProblem(ctx, typeName).type;
  let image: Image | undefined;
  if (imageId === undefined) image = undefined;
  else if (touched.has('imageId')) image = { ...requireImage(ctx, imageId), imageId };
  else {
    const found = findVisibleImage(ctx, imageId)?.image;
    image = found ? { ...found, imageId } : undefined;
  }

  if (image && type && (touched.has('imageId') || touched.has('instanceType'))) checkImageSupportsType(image, type);

  if (input.systemDisk !== undefined) {
    data.systemDisk = convertSystemDisk(input.systemDisk, image);
    delete extras._systemDiskFromImage;
  } else if (extras._systemDiskFromImage && touched.has('imageId') && image) {
    data.systemDisk = systemDiskFromImage(image);
  }
  if (image && data.systemDisk && (touched.has('imageId') || touched.has('systemDisk'))) {
    checkSystemDiskFitsImage(data.systemDisk, image);
  }
  if (touched.has('dataDisks') || touched.has('systemDisk') || touched.has('instanceType') || touched.has('imageId')) {
    checkDiskCount(data, type);
  }
  if (touched.has('keyNames')) requireKeyNames(ctx, data.keyNames ?? []);
  if (image && (touched.has('imageInherit') || touched.has('imageId'))) checkImageInherit(data, image);
  settle(data, extras, type, input.burstMode);
}

function createInstanceTemplate(ctx: OperationContext<'createInstanceTemplate'>): OperationResult<'createInstanceTemplate'> {
  const body = ctx.params.body;
  checkName(body.name);
  if (body.description !== undefined) checkDescription(body.description);
  checkQuota(ctx, 'instanceTemplate', ctx.store.instanceTemplates.count(), 1, 'InstanceTemplate');

  const spec = body.instanceTemplateData;
  const extras: TemplateRecordExtras = {};
  const data: TemplateData = { instanceType: spec.instanceType, imageId: spec.imageId };
  if (spec.password !== undefined) {
    checkPassword(spec.password);
    extras._password = spec.password;
  }
  if (spec.keyNames !== undefined) {
    checkKeyNameCount(spec.keyNames);
    if (spec.keyNames.length > 0) data.keyNames = [...spec.keyNames];
  }
  if (spec.metadata !== undefined) {
    checkMetadata(spec.metadata, 'InstanceTemplateData.Metadata');
    const metadata = mergeMetadata([], spec.metadata.filter((m) => !(m.key ?? '').endsWith('-')));
    if (metadata.length > 0) extras._metadata = metadata;
  }
  if (spec.userdata !== undefined) {
    const userdata = checkUserdata(spec.userdata, 'InstanceTemplateData.Userdata');
    if (userdata.length > 0) extras._userdata = userdata;
  }
  if (spec.elasticIp !== undefined) data.elasticIp = convertElasticIp(spec.elasticIp);
  data.primaryNetworkInterface = convertNetworkInterface(spec.primaryNetworkInterface);
  if (spec.dataDisks !== undefined && spec.dataDisks.length > 0) data.dataDisks = convertDataDisks(spec.dataDisks);
  data.chargeOnStopped = spec.chargeOnStopped ?? 'keepCharging';
  if (spec.autoImagePolicyId !== undefined && spec.autoImagePolicyId !== '') data.autoImagePolicyId = spec.autoImagePolicyId;
  data.passwordAuth = spec.passWordAuth ?? 'yes';
  data.imageInherit = spec.imageInherit ?? 'no';
  if (spec.instanceTags !== undefined) {
    checkTags(spec.instanceTags, 'InstanceTemplateData.InstanceTags');
    if (spec.instanceTags.length > 0) data.instanceTags = spec.instanceTags.map((t) => ({ ...t }));
  }
  if (spec.systemDisk === undefined) extras._systemDiskFromImage = true;

  const touched = new Set(['instanceType', 'imageId', 'systemDisk', 'dataDisks', 'keyNames', 'imageInherit']);
  const burstMode = spec.burstSpec?.burstMode;
  resolve(ctx, data, extras, touched, {
    ...(spec.systemDisk !== undefined ? { systemDisk: spec.systemDisk } : {}),
    ...(burstMode !== undefined ? { burstMode } : {}),
  });
  // Everything is checked: write (no await since the first check).
  const id = ctx.store.newId('it');
  const record: TemplateRecord = {
    id,
    name: body.name,
    description: body.description ?? '',
    instanceTemplateData: orderData(data),
    ags: [],
    createdTime: serviceTime(ctx.clock.now()),
    ...extras,
  };
  ctx.store.instanceTemplates.insert(id, record);
  return { instanceTemplateId: id };
}

/** The read-back field order of InstanceTemplateData (cosmetic: JSON keeps insertion order). */
const DATA_ORDER = [
  'instanceType',
  'vpcId',
  'imageId',
  'includePassword',
  'systemDisk',
  'dataDisks',
  'primaryNetworkInterface',
  'elasticIp',
  'keyNames',
  'chargeOnStopped',
  'autoImagePolicyId',
  'passwordAuth',
  'imageInherit',
  'burstInfo',
  'instanceTags',
] as const satisfies ReadonlyArray<keyof TemplateData>;

function orderData(data: TemplateData): TemplateData {
  const out: TemplateData = {};
  for (const key of DATA_ORDER) if (data[key] !== undefined) copyField(data, out, key);
  return out;
}

function updateInstanceTemplate(ctx: OperationContext<'updateInstanceTemplate'>): OperationResult<'updateInstanceTemplate'> {
  const record = requireTemplate(ctx);
  const body = ctx.params.body;
  // Which fields the client sent: the validator has filled the document's defaults
  // (chargeOnStopped, imageInherit) into `body`, and a PATCH must leave unsent fields alone.
  const sentData: unknown = (ctx.params.sentBody ?? ctx.params.body).instanceTemplateData;
  if (body.name === undefined && body.description === undefined && body.instanceTemplateData === undefined) {
    throw invalidArgument('Parameter name and description missing');
  }
  if (body.name !== undefined) checkName(body.name);
  if (body.description !== undefined) checkDescription(body.description);

  const stored: TemplateData = record.instanceTemplateData ?? {};
  const data = structuredClone(stored);
  const extras: TemplateRecordExtras = {
    ...(record._password !== undefined ? { _password: record._password } : {}),
    ...(record._metadata !== undefined ? { _metadata: record._metadata } : {}),
    ...(record._userdata !== undefined ? { _userdata: record._userdata } : {}),
    ...(record._systemDiskFromImage ? { _systemDiskFromImage: true } : {}),
  };
  const u = body.instanceTemplateData;
  const given = new Set(sentData !== null && typeof sentData === 'object' ? Object.keys(sentData) : []);
  /** A field of the update when the client sent it (a default the validator filled in is not sent). */
  const sent = <F extends keyof UpdateSpec>(field: F): UpdateSpec[F] | undefined => (given.has(field) ? u?.[field] : undefined);
  const touched = new Set<string>();
  const input: { systemDisk?: Schemas['InstanceTemplateDiskAttachmentSpec']; burstMode?: string } = {};

  if (u) {
    const instanceType = sent('instanceType');
    if (instanceType !== undefined) {
      data.instanceType = instanceType;
      touched.add('instanceType');
    }
    const imageId = sent('imageId');
    if (imageId !== undefined) {
      data.imageId = imageId;
      touched.add('imageId');
    }
    const password = sent('password');
    if (password !== undefined && u.noPassword) {
      throw invalidArgument('InstanceTemplateData.Password and InstanceTemplateData.NoPassword cannot be given together.');
    }
    if (password !== undefined) {
      checkPassword(password);
      extras._password = password;
    } else if (u.noPassword) {
      delete extras._password;
    }
    const keyNames = sent('keyNames');
    if (keyNames !== undefined) {
      checkKeyNameCount(keyNames);
      if (keyNames.length > 0) data.keyNames = [...keyNames];
      else delete data.keyNames;
      touched.add('keyNames');
    }
    const metadataChanges = sent('metadata');
    if (metadataChanges !== undefined) {
      checkMetadata(metadataChanges, 'InstanceTemplateData.Metadata');
      const metadata = mergeMetadata(extras._metadata ?? [], metadataChanges);
      if (metadata.length > 20) {
        throw outOfRange(`InstanceTemplateData.Metadata out of range: a template holds at most 20 pairs, this update makes ${metadata.length}.`);
      }
      if (metadata.length > 0) extras._metadata = metadata;
      else delete extras._metadata;
    }
    const userdataGiven = sent('userdata');
    if (userdataGiven !== undefined) {
      const userdata = checkUserdata(userdataGiven, 'InstanceTemplateData.Userdata');
      if (userdata.length > 0) extras._userdata = userdata;
      else delete extras._userdata;
    }
    const elasticIp = sent('elasticIp');
    if (elasticIp !== undefined && u.noElasticIp) {
      throw invalidArgument('InstanceTemplateData.ElasticIp and InstanceTemplateData.NoElasticIp cannot be given together.');
    }
    if (elasticIp !== undefined) data.elasticIp = convertElasticIp(elasticIp);
    else if (u.noElasticIp) delete data.elasticIp;
    const primaryNetworkInterface = sent('primaryNetworkInterface');
    if (primaryNetworkInterface !== undefined) data.primaryNetworkInterface = convertNetworkInterface(primaryNetworkInterface);
    const systemDisk = sent('systemDisk');
    if (systemDisk !== undefined) {
      input.systemDisk = systemDisk;
      touched.add('systemDisk');
    }
    const dataDisks = sent('dataDisks');
    if (dataDisks !== undefined) {
      const disks = convertDataDisks(dataDisks);
      if (disks.length > 0) data.dataDisks = disks;
      else delete data.dataDisks;
      touched.add('dataDisks');
    }
    const chargeOnStopped = sent('chargeOnStopped');
    if (chargeOnStopped !== undefined) data.chargeOnStopped = chargeOnStopped;
    const autoImagePolicyId = sent('autoImagePolicyId');
    if (autoImagePolicyId !== undefined) {
      if (autoImagePolicyId === 'NoPolicy' || autoImagePolicyId === '') delete data.autoImagePolicyId;
      else data.autoImagePolicyId = autoImagePolicyId;
    }
    const passwordAuth = sent('passWordAuth');
    if (passwordAuth !== undefined) data.passwordAuth = passwordAuth;
    const imageInherit = sent('imageInherit');
    if (imageInherit !== undefined) {
      data.imageInherit = imageInherit;
      touched.add('imageInherit');
    }
    const burstSpec = sent('burstSpec');
    if (burstSpec !== undefined) input.burstMode = burstSpec.burstMode ?? 'standard';
    const removing = sent('removeInstanceTags') ?? [];
    const tags = sent('instanceTags');
    if (tags !== undefined) {
      checkTags(tags, 'InstanceTemplateData.InstanceTags');
      const clash = tags.find((t) => removing.includes(t.key ?? ''));
      if (clash) {
        throw invalidArgument(`Tag key '${clash.key}' is both in InstanceTemplateData.InstanceTags and in RemoveInstanceTags.`);
      }
      const merged = (data.instanceTags ?? []).filter((t) => !tags.some((n) => n.key === t.key));
      merged.push(...tags.map((t) => ({ ...t })));
      if (merged.length > 10) {
        throw outOfRange(`InstanceTemplateData.InstanceTags out of range: a template holds at most 10 tags, this update makes ${merged.length}.`);
      }
      data.instanceTags = merged;
    }
    if (removing.length > 0) data.instanceTags = (data.instanceTags ?? []).filter((t) => !removing.includes(t.key ?? ''));
    if (data.instanceTags?.length === 0) delete data.instanceTags;
  }

  resolve(ctx, data, extras, touched, input);

  ctx.store.instanceTemplates.update(record.id, (draft) => {
    if (body.name !== undefined) draft.name = body.name;
    if (body.description !== undefined) draft.description = body.description;
    draft.instanceTemplateData = orderData(data);
    delete draft._password;
    delete draft._metadata;
    delete draft._userdata;
    delete draft._systemDiskFromImage;
    Object.assign(draft, extras);
  });
  return undefined;
}

function deleteInstanceTemplate(ctx: OperationContext<'deleteInstanceTemplate'>): OperationResult<'deleteInstanceTemplate'> {
  const record = requireTemplate(ctx);
  const ags = record.ags ?? [];
  if (ags.length > 0) {
    throw failedPrecondition(
      `InstanceTemplate '${record.id}' is used by availability group${ags.length > 1 ? 's' : ''} ${ags
        .map((ag) => `'${ag.id ?? ag.name}'`)
        .join(', ')}; delete the group or point it at another template first.`,
    );
  }
  ctx.store.instanceTemplates.remove(record.id);
  return undefined;
}

/**
 * Looks the template's references up again: the image (exists, ready), the instance type (known,
 * offered in the region, not sold out everywhere), the key pairs. Subnets, security groups and
 * snapshots belong to other services and are not tracked.
 */
function verifyInstanceTemplate(ctx: OperationContext<'verifyInstanceTemplate'>): OperationResult<'verifyInstanceTemplate'> {
  const record = requireTemplate(ctx);
  const data = record.instanceTemplateData ?? {};
  if (data.imageId !== undefined) requireImage(ctx, data.imageId);
  if (data.instanceType !== undefined) requireInstanceType(ctx, data.instanceType);
  requireKeyNames(ctx, data.keyNames ?? []);
  return undefined;
}

export const templateModule = {
  name: 'template',
  resources: [INSTANCE_TEMPLATE],
  handlers: {
    createInstanceTemplate,
    describeInstanceTemplate(ctx) {
      return { instanceTemplate: presentTemplate(requireTemplate(ctx)) };
    },
    describeInstanceTemplates(ctx) {
      // Read-only records (no copies); an instanceTemplateId filter looks those templates up by id.
      const { filters } = ctx.params.query;
      return listResult(ctx, candidates(ctx.store.instanceTemplates, filters, ctx.operation.filters, 'id'), { present: presentTemplate });
    },
    updateInstanceTemplate,
    deleteInstanceTemplate,
    verifyInstanceTemplate,
    describeInstanceTemplatesCustomdata(ctx) {
      // Custom data can be large: the page allows ten template ids a call. The answer is not paged.
      const filters = ctx.params.query.filters ?? [];
      checkFilters(filters, ctx.operation.filters ?? []);
      for (const condition of filters) {
        if (condition.values.length > CUSTOM_DATA_TEMPLATES) {
          throw invalidArgument(
            `Invalid parameter 'filters': ${condition.name} takes at most ${CUSTOM_DATA_TEMPLATES} values, got ${condition.values.length}.`,
          );
        }
      }
      const matched = applyFilters(candidates(ctx.store.instanceTemplates, filters, ctx.operation.filters, 'id'), filters, ctx.operation.filters);
      return {
        instanceTemplatesCustomData: matched.map((record) => ({
          id: record.id,
          metadata: record._metadata ?? [],
          userdata: record._userdata ?? [],
        })),
        totalCount: matched.length,
      };
    },
  } satisfies HandlerShare,
};
