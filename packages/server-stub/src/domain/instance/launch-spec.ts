// The three ways createInstances takes its settings (InstanceSpec): plain, from an instance
// template (`instanceTemplateId`: what the request leaves out comes from the template, what it
// gives wins; `noPassword`, `noKeyNames`, `noElasticIp`, `noInstanceTags` drop the template's),
// or in an availability group (`agId`: the template of the group is used and cannot be
// overridden; only the private IP assignment, name, description and tags may be given).
//
// An availability group is known through the templates that list it in `ags`; the stub has no
// other record of groups. Its zones are those where the template's type is in stock.
//
// The validator fills the document's defaults into the body, so a field equal to its default
// (`chargeOnStopped: keepCharging`, `passwordAuth: yes`, `imageInherit: no`) is taken as left out
// when a template has a value for it.
import type { components } from '@jdcloud-vm/client';
import { invalidArgument, notFound } from '../../http/errors.js';
import { type TemplateRecord, findTemplate } from '../template/lookup.js';
import { hasField } from '../guards.js';
import type { HandlerContext } from '../types.js';
import type { Metadata, Tag, Userdata } from './records.js';

type Schemas = components['schemas'];
export type InstanceSpec = Schemas['InstanceSpec'];
/**
 * A disk type as the Disk model answers it: the request's values or any other. A template's or an
 * image's disk holds one of these (their models leave it open), and the plan checks it against
 * the instance type's offer whatever it is.
 */
export type DiskType = NonNullable<Schemas['Disk']['diskType']>;
/** InstanceCloudDiskSpec, with the disk type a template's or an image's disk may hold. */
export type CloudDiskSpec = Omit<Schemas['InstanceCloudDiskSpec'], 'diskType'> & { diskType: DiskType };
/** InstanceDiskAttachmentSpec (a request's disk), or one made from a template's or an image's disk. */
export type DiskAttachmentSpec = Omit<Schemas['InstanceDiskAttachmentSpec'], 'cloudDiskSpec'> & { cloudDiskSpec?: CloudDiskSpec };
export type ElasticIpSpec = Schemas['ElasticIpSpec'];
type TemplateData = Schemas['InstanceTemplateData'];
type TemplateDiskAttachment = Schemas['InstanceTemplateDiskAttachment'];

/** A data disk to create, with where it came from (for messages). */
export interface DataDiskRequest {
  spec: DiskAttachmentSpec;
  field: string;
}

/** The settings of one createInstances call once the template or group is applied. */
export interface LaunchSpec {
  mode: 'plain' | 'template' | 'ag';
  az?: string;
  instanceType?: string;
  imageId?: string;
  name: string;
  hostname?: string;
  description: string;
  password?: string;
  /** The template brings a password. */
  templatePassword: boolean;
  keyNames: string[];
  passwordAuth: string;
  imageInherit: string;
  elasticIp?: ElasticIpSpec;
  subnetId?: string;
  /** The template's VPC, when the subnet comes from the template. */
  vpcId?: string;
  securityGroups?: string[];
  primaryIpAddress?: string;
  ipv6Address?: string;
  ipv6AddressCount?: number;
  systemDisk?: DiskAttachmentSpec;
  /**
   * Data disks in layers, later ones winning by device name (`mergeDataDisks`): the template's,
   * then the request's. The image's disks go below them.
   */
  diskLayers: DataDiskRequest[][];
  charge?: Schemas['ChargeSpec'];
  metadata: Metadata[];
  userdata: Userdata[];
  userTags: Tag[];
  chargeOnStopped: string;
  autoImagePolicyId?: string;
  resourceGroupId?: string;
  dedicatedHostId?: string;
  dedicatedPoolId?: string;
  cpuTopology?: Schemas['CpuTopology'];
  burstMode?: string;
  ag?: Schemas['Ag'];
  /** The template the settings came from (instanceTemplateId, or the group's). */
  templateId?: string;
}

const DEFAULTS = { chargeOnStopped: 'keepCharging', passwordAuth: 'yes', imageInherit: 'no' } as const;

/** `value` unless it is missing or equals the document's default and the template has one. */
function pick<T>(given: T | undefined, fallback: T | undefined, defaultValue?: T): T | undefined {
  if (given === undefined || given === null) return fallback;
  if (defaultValue !== undefined && given === defaultValue && fallback !== undefined) return fallback;
  return given;
}

const nonEmpty = <T>(list: T[] | undefined): T[] | undefined => (list && list.length > 0 ? list : undefined);

/** A template disk as the InstanceDiskAttachmentSpec createInstances takes. */
export function templateDiskSpec(disk: TemplateDiskAttachment): DiskAttachmentSpec {
  const spec: DiskAttachmentSpec = {};
  const category = disk.diskCategory;
  if (category === 'local' || category === 'cloud') spec.diskCategory = category === 'local' ? 'local' : 'cloud';
  if (disk.autoDelete !== undefined) spec.autoDelete = disk.autoDelete;
  if (disk.deviceName) spec.deviceName = disk.deviceName;
  if (disk.noDevice) spec.noDevice = disk.noDevice;
  const d = disk.instanceTemplateDisk;
  if (d?.diskType) {
    // A template may leave the size out: a system disk then takes the image's size.
    const cloud: CloudDiskSpec = { diskType: d.diskType };
    if (d.diskSizeGB !== undefined) cloud.diskSizeGB = d.diskSizeGB;
    if (d.snapshotId) cloud.snapshotId = d.snapshotId;
    if (d.policyId) cloud.policyId = d.policyId;
    if (d.encrypt !== undefined) cloud.encrypt = d.encrypt;
    if (d.iops !== undefined) cloud.iops = d.iops;
    spec.cloudDiskSpec = cloud;
  }
  return spec;
}

/**
 * Merges layers of data disks by device name: a later disk with the same device name replaces
 * the earlier one, `noDevice` removes it, a disk without a device name is added. One layer may
 * not name a device twice.
 */
export function mergeDataDisks(layers: DataDiskRequest[][]): DataDiskRequest[] {
  const out: DataDiskRequest[] = [];
  for (const layer of layers) {
    const seen = new Set<string>();
    for (const disk of layer) {
      const name = disk.spec.deviceName;
      if (name) {
        if (seen.has(name)) throw invalidArgument(`${disk.field}.deviceName '${name}' is used by two disks.`);
        seen.add(name);
      }
      if (disk.spec.noDevice) {
        if (!name) throw invalidArgument(`${disk.field}.noDevice needs a deviceName naming the disk to leave out.`);
        const at = out.findIndex((d) => d.spec.deviceName === name);
        if (at >= 0) out.splice(at, 1);
        continue;
      }
      const at = name ? out.findIndex((d) => d.spec.deviceName === name) : -1;
      if (at >= 0) out[at] = disk;
      else out.push(disk);
    }
  }
  return out;
}

function templateElasticIp(data: TemplateData): ElasticIpSpec | undefined {
  const eip = data.elasticIp;
  if (!eip || eip.bandwidthMbps === undefined) return undefined;
  return {
    bandwidthMbps: eip.bandwidthMbps,
    provider: eip.provider === 'nonBGP' ? 'no_bgp' : 'bgp',
    chargeSpec: { chargeMode: eip.chargeMode === 'flow' ? 'postpaid_by_usage' : 'postpaid_by_duration' },
  };
}

/** The fields of InstanceSpec a request may give in an availability group. */
const AG_FIELDS = new Set(['agId', 'isManaged', 'name', 'description', 'userTags', 'noInstanceTags', 'az', 'primaryNetworkInterface']);
const AG_NIC_FIELDS = new Set(['primaryIpAddress', 'ipv6Address', 'ipv6AddressCount', 'subnetId', 'az']);

function checkAgOverrides(spec: InstanceSpec): void {
  for (const [field, value] of Object.entries(spec)) {
    if (value === undefined || AG_FIELDS.has(field)) continue;
    if (hasField(DEFAULTS, field) && DEFAULTS[field] === value) continue;
    throw invalidArgument(
      `instanceSpec.${field} cannot be given with agId: the availability group's template decides it (only the private IP assignment, name, description and userTags may be given).`,
    );
  }
  const attachment = spec.primaryNetworkInterface;
  for (const field of Object.keys(attachment?.networkInterface ?? {})) {
    if (!AG_NIC_FIELDS.has(field) && field !== 'sanityCheck') {
      throw invalidArgument(
        `instanceSpec.primaryNetworkInterface.networkInterface.${field} cannot be given with agId; only the private IP assignment may be.`,
      );
    }
  }
}

function findAgTemplate(ctx: HandlerContext, agId: string): TemplateRecord {
  const templates = ctx.store.instanceTemplates.list();
  const template = templates.find((t) => (t.ags ?? []).some((ag) => ag.id === agId));
  if (!template) throw notFound(`Availability group '${agId}' not found.`);
  return template;
}

/** Applies the template or group to the request's InstanceSpec. */
export function resolveLaunchSpec(ctx: HandlerContext, spec: InstanceSpec): LaunchSpec {
  let template: TemplateRecord | undefined;
  let mode: LaunchSpec['mode'] = 'plain';
  let ag: Schemas['Ag'] | undefined;
  if (spec.agId) {
    template = findAgTemplate(ctx, spec.agId);
    checkAgOverrides(spec);
    mode = 'ag';
    const named = (template.ags ?? []).find((a) => a.id === spec.agId);
    ag = { id: spec.agId, ...(named?.name ? { name: named.name } : {}) };
  } else if (spec.instanceTemplateId) {
    template = findTemplate(ctx, spec.instanceTemplateId);
    if (!template) throw notFound(`InstanceTemplate '${spec.instanceTemplateId}' not found.`);
    mode = 'template';
  }
  const data: TemplateData = template?.instanceTemplateData ?? {};
  const nic = spec.primaryNetworkInterface?.networkInterface;
  const tplNic = data.primaryNetworkInterface?.networkInterface;
  const subnetFromRequest = mode !== 'ag' ? nic?.subnetId : undefined;

  const requestDisks: DataDiskRequest[] = (spec.dataDisks ?? []).map((d, i) => ({
    spec: d,
    field: `instanceSpec.dataDisks[${i}]`,
  }));
  const templateDisks: DataDiskRequest[] = (data.dataDisks ?? []).map((d, i) => ({
    spec: templateDiskSpec(d),
    field: `template dataDisks[${i}]`,
  }));

  const password = mode === 'ag' ? undefined : spec.password;
  const keyNames = mode === 'ag' ? undefined : nonEmpty(spec.keyNames);
  const elasticIp = mode === 'ag' ? undefined : spec.elasticIp;
  const out: LaunchSpec = {
    mode,
    name: spec.name,
    description: spec.description ?? '',
    templatePassword: template !== undefined && data.includePassword === true && !(mode === 'template' && spec.noPassword),
    keyNames: keyNames ?? (template && !(mode === 'template' && spec.noKeyNames) ? (data.keyNames ?? []) : []),
    passwordAuth: pick(spec.passwordAuth, data.passwordAuth, DEFAULTS.passwordAuth) ?? 'yes',
    imageInherit: pick(spec.imageInherit, data.imageInherit, DEFAULTS.imageInherit) ?? 'no',
    diskLayers: mode === 'ag' ? [templateDisks] : [templateDisks, requestDisks],
    metadata: template?._metadata ?? [],
    userdata: template?._userdata ?? [],
    userTags:
      nonEmpty(spec.userTags) ??
      (template && !spec.noInstanceTags ? (data.instanceTags ?? []) : []),
    chargeOnStopped: pick(spec.chargeOnStopped, data.chargeOnStopped, DEFAULTS.chargeOnStopped) ?? 'keepCharging',
  };
  if (password !== undefined) out.password = password;
  const az = spec.az;
  if (az) out.az = az;
  const instanceType = mode === 'ag' ? data.instanceType : (spec.instanceType ?? data.instanceType);
  if (instanceType) out.instanceType = instanceType;
  const imageId = mode === 'ag' ? data.imageId : (spec.imageId ?? data.imageId);
  if (imageId) out.imageId = imageId;
  if (spec.hostname && mode !== 'ag') out.hostname = spec.hostname;
  const eip = elasticIp ?? (template && !(mode === 'template' && spec.noElasticIp) ? templateElasticIp(data) : undefined);
  if (eip) out.elasticIp = eip;
  const subnetId = subnetFromRequest ?? tplNic?.subnetId;
  if (subnetId) out.subnetId = subnetId;
  if (!subnetFromRequest && tplNic?.subnetId && data.vpcId) out.vpcId = data.vpcId;
  const securityGroups = mode === 'ag' ? tplNic?.securityGroups : (nonEmpty(nic?.securityGroups) ?? tplNic?.securityGroups);
  if (securityGroups) out.securityGroups = securityGroups;
  if (nic?.primaryIpAddress) out.primaryIpAddress = nic.primaryIpAddress;
  if (nic?.ipv6Address) out.ipv6Address = nic.ipv6Address;
  const ipv6Count = nic?.ipv6AddressCount ?? tplNic?.ipv6AddressCount;
  if (ipv6Count !== undefined) out.ipv6AddressCount = ipv6Count;
  const systemDisk = mode === 'ag' ? undefined : spec.systemDisk;
  const tplSystem = data.systemDisk && !template?._systemDiskFromImage ? templateDiskSpec(data.systemDisk) : undefined;
  const system = systemDisk ?? tplSystem;
  if (system) out.systemDisk = system;
  if (spec.charge && mode !== 'ag') out.charge = spec.charge;
  if (mode !== 'ag' && spec.metadata && spec.metadata.length > 0) out.metadata = spec.metadata;
  if (mode !== 'ag' && spec.userdata && spec.userdata.length > 0) out.userdata = spec.userdata;
  const policy = mode === 'ag' ? data.autoImagePolicyId : (spec.autoImagePolicyId ?? data.autoImagePolicyId);
  if (policy) out.autoImagePolicyId = policy;
  for (const field of ['resourceGroupId', 'dedicatedHostId', 'dedicatedPoolId'] as const) {
    const value = spec[field];
    if (value) out[field] = value;
  }
  if (spec.cpuTopology) out.cpuTopology = spec.cpuTopology;
  const burstMode = mode === 'ag' ? data.burstInfo?.burstMode : (spec.burstSpec?.burstMode ?? data.burstInfo?.burstMode);
  if (burstMode) out.burstMode = burstMode;
  if (ag) out.ag = ag;
  if (template) out.templateId = template.id;
  return out;
}
