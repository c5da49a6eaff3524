// startInstance, stopInstance, rebootInstance, deleteInstance, rebuildInstance, resizeInstance.
//
// The state and task rules (start only stopped, stop and reboot only running, rebuild and resize
// only stopped, delete only running/stopped/error, never with a task in progress) and the
// transitions (starting, stopping, rebooting, deleting, rebuilding, resizing) come from the
// document's x-jdcloud-preconditions and x-jdcloud-transition and are applied by the dispatcher;
// these handlers add the other documented rules and the changes.
import { failedPrecondition, invalidArgument, notFound, outOfRange, permissionDenied } from '../../http/errors.js';
import { findVisibleImage } from '../image/lookup.js';
import type { OperationContext, OperationResult } from '../types.js';
import { checkInGoodStanding, checkStopCharging, isWithinPrepaidTerm } from './billing.js';
import { pathInstance, pathInstanceRecord } from './kind.js';
import {
  checkImageForType,
  checkImageReady,
  checkOnSale,
  inStock,
  requireImage,
  requireInstanceType,
  systemDiskCategoryOf,
} from './offering.js';
import { type InstanceRecord, cloudDiskEntries, nicEntries } from './records.js';
import {
  checkHostname,
  checkMetadata,
  checkPassword,
  checkUserdata,
  hostnameFromName,
  osFamily,
} from './rules.js';

/** The instance must have its system disk, properly attached (404 NOT_FOUND otherwise). */
function requireSystemDisk(instance: InstanceRecord): NonNullable<InstanceRecord['systemDisk']> {
  const disk = instance.systemDisk;
  if (!disk) throw notFound(`System disk not found: instance '${instance.instanceId}' has no system disk.`);
  if (disk.status !== undefined && disk.status !== 'attached') {
    throw notFound(`System disk not found: the system disk of instance '${instance.instanceId}' is ${disk.status}.`);
  }
  return disk;
}

// start, stop and reboot read only the instance's own fields (charge, attachment entries, type,
// zone): the stored record, no view built on each call.
export function startInstance(ctx: OperationContext<'startInstance'>): OperationResult<'startInstance'> {
  const instance = pathInstanceRecord(ctx);
  const now = ctx.clock.now();
  checkInGoodStanding(instance, now, 'starting it');
  requireSystemDisk(instance);
  // Stopped with stopCharging: its CPU and memory were released, so it needs stock again.
  if (
    instance.chargeOnStopped === 'stopCharging' &&
    instance.instanceType &&
    instance.az &&
    !inStock(ctx.region, instance.instanceType, instance.az)
  ) {
    throw failedPrecondition(
      `InstanceType '${instance.instanceType}' is out of stock in ${instance.az}; instance '${instance.instanceId}' released its resources when it stopped (stopCharging) and cannot start now.`,
    );
  }
  return undefined;
}

export function stopInstance(ctx: OperationContext<'stopInstance'>): OperationResult<'stopInstance'> {
  const instance = pathInstanceRecord(ctx);
  const chargeOnStopped = ctx.params.body.chargeOnStopped;
  if (typeof chargeOnStopped !== 'string' || chargeOnStopped === '') return undefined;
  if (chargeOnStopped === 'stopCharging') checkStopCharging(instance, `Instance '${instance.instanceId}'`);
  ctx.store.instances.patch(instance.instanceId, { chargeOnStopped });
  return undefined;
}

export function rebootInstance(ctx: OperationContext<'rebootInstance'>): OperationResult<'rebootInstance'> {
  checkInGoodStanding(pathInstanceRecord(ctx), ctx.clock.now(), 'rebooting it');
  return undefined;
}

export function deleteInstance(ctx: OperationContext<'deleteInstance'>): OperationResult<'deleteInstance'> {
  const instance = pathInstance(ctx);
  const id = instance.instanceId;
  if (!instance.charge) {
    throw permissionDenied(
      `Instance '${id}' has no billing information and cannot be deleted; contact JD Cloud support.`,
    );
  }
  if (isWithinPrepaidTerm(instance.charge, ctx.clock.now())) {
    throw failedPrecondition(
      `Instance '${id}' is prepaid until ${instance.charge.chargeExpiredTime}; it can only be deleted once its term has expired.`,
    );
  }
  // The validator has coerced the query parameter to the document's boolean.
  const deleteEips = ctx.params.query.deletePrimaryNetworkInterfaceAllElasticIp === true;
  ctx.store.instances.update(id, (draft) => {
    draft._deleteElasticIps = deleteEips;
  });
  // deleting → deleted by the dispatcher; the disks, interfaces and elastic IPs are let go when
  // the deletion completes (INSTANCE.onTransitionComplete → release.ts).
  return undefined;
}

export function rebuildInstance(ctx: OperationContext<'rebuildInstance'>): OperationResult<'rebuildInstance'> {
  const instance = pathInstance(ctx);
  const id = instance.instanceId;
  const body = ctx.params.body;
  const system = requireSystemDisk(instance);
  const imageId = body.imageId ?? instance.imageId;
  if (!imageId) throw notFound(`Image of instance '${id}' not found.`);
  const { image, owner } = requireImage(ctx, imageId);
  checkImageReady(image);
  const category = systemDiskCategoryOf(image);
  if (system.diskCategory && category !== system.diskCategory) {
    throw failedPrecondition(
      `Image constraints. Only support ${system.diskCategory} system disk: image '${imageId}' has a ${category} system disk.`,
    );
  }
  const type = instance.instanceType ? requireInstanceType(instance.instanceType) : undefined;
  if (type) checkImageForType(image, type);
  if (system.diskCategory === 'cloud') {
    const encrypted = system.cloudDisk?.encrypted === true;
    const imageEncrypted = image.systemDisk?.cloudDisk?.encrypted === true;
    if (encrypted !== imageEncrypted) {
      throw failedPrecondition(
        `The encryption of image '${imageId}' (${imageEncrypted ? 'encrypted' : 'not encrypted'}) does not match the system disk of instance '${id}'.`,
      );
    }
    const size = system.cloudDisk?.diskSizeGB;
    if (size !== undefined && image.systemDiskSizeGB !== undefined && size < image.systemDiskSizeGB) {
      throw outOfRange(
        `NewSysDiskSizeGB out of range: the system disk of instance '${id}' is ${size} GiB, image '${imageId}' needs ${image.systemDiskSizeGB} GiB.`,
      );
    }
  }

  const os = osFamily(image.osType);
  const keyNames = body.keyNames ?? [];
  if (keyNames.length > 1) throw invalidArgument(`keyNames: one key pair at most, got ${keyNames.length}.`);
  if (keyNames.length > 0 && os === 'windows') throw invalidArgument('keyNames: key pairs only apply to Linux images.');
  for (const keyName of keyNames) {
    if (!ctx.store.keypairs.has(keyName)) throw notFound(`Keypair '${keyName}' not found.`);
  }
  const passWordAuth = body.passWordAuth;
  if (passWordAuth !== undefined && passWordAuth !== 'yes' && passWordAuth !== 'no') {
    throw invalidArgument(`passWordAuth must be 'yes' or 'no', got '${passWordAuth}'.`);
  }
  if (os === 'windows' && passWordAuth === 'no') throw invalidArgument("passWordAuth must be 'yes' on Windows.");
  const inherit = body.imageInherit === 'yes' && owner !== undefined;
  const password = body.password;
  const keyOnly = keyNames.length > 0 && passWordAuth === 'no';
  if (password !== undefined && !inherit && !keyOnly) checkPassword(password);
  const hostname = body.hostname ?? hostnameFromName(instance.instanceName ?? id, os, id.slice(2, 8));
  if (body.hostname !== undefined) checkHostname(hostname, os);
  const metadata = body.metadata;
  if (metadata) checkMetadata(metadata, 'metadata');
  const userdata = body.userdata;
  if (userdata) checkUserdata(userdata, 'userdata');

  ctx.store.instances.update(id, (draft) => {
    draft.imageId = image.imageId;
    draft.hostname = hostname;
    draft.keyNames = keyNames;
    draft.osType = image.osType ?? draft.osType;
    if (image.osVersion) draft.osVersion = image.osVersion;
    if (image.platform) draft.platform = image.platform;
    if (image.architecture) draft.architecture = image.architecture;
    draft.bootMode = image.bootMode === 'uefi' ? 'uefi' : 'bios';
    if (metadata) draft._metadata = metadata;
    if (userdata) draft._userdata = userdata;
    draft._passwordAuth = passWordAuth ?? 'yes';
    draft._imageInherit = inherit ? 'yes' : 'no';
    draft._hasPassword = !keyOnly && !inherit;
  });
  return undefined;
}

export function resizeInstance(ctx: OperationContext<'resizeInstance'>): OperationResult<'resizeInstance'> {
  const instance = pathInstance(ctx);
  const id = instance.instanceId;
  const now = ctx.clock.now();
  requireSystemDisk(instance);
  checkInGoodStanding(instance, now, 'resizing it');
  const target = requireInstanceType(String(ctx.params.body.instanceType));
  const current = instance.instanceType ? requireInstanceType(instance.instanceType) : undefined;
  if (current?.instanceType === target.instanceType) {
    throw failedPrecondition(`Instance '${id}' is already of type '${target.instanceType}'.`);
  }
  if (current && current.generation !== undefined && target.generation !== undefined && current.generation !== target.generation) {
    const local = instance.systemDisk?.diskCategory === 'local';
    const createdIn2016 = instance._createdAt !== undefined && new Date(instance._createdAt).getUTCFullYear() <= 2016;
    if (local || instance.ag?.id || (instance.systemDisk?.diskCategory === 'cloud' && createdIn2016)) {
      const why = local
        ? 'it has a local system disk'
        : instance.ag?.id
          ? 'it was created in an availability group'
          : 'it has a cloud system disk created in 2016';
      throw failedPrecondition(
        `Instance '${id}' cannot move between first- and second-generation types ('${current.instanceType}' → '${target.instanceType}'): ${why}.`,
      );
    }
  }
  if (target.generation === 1 && cloudDiskEntries(instance).some((e) => e.cloudDisk?.encrypted === true)) {
    throw failedPrecondition(`Instance '${id}' has an encrypted cloud disk and cannot move to a first-generation type.`);
  }
  const nicCount = nicEntries(instance).length;
  if (target.nicLimit !== undefined && nicCount > target.nicLimit) {
    throw failedPrecondition(
      `NetworkInterface limit exceeded: instance '${id}' has ${nicCount} network interfaces, '${target.instanceType}' allows ${target.nicLimit}.`,
    );
  }
  const diskCount = cloudDiskEntries(instance).length;
  if (target.cloudDiskCountLimit !== undefined && diskCount > target.cloudDiskCountLimit) {
    throw failedPrecondition(
      `CloudDisk limit exceeded: instance '${id}' has ${diskCount} cloud disks, '${target.instanceType}' allows ${target.cloudDiskCountLimit}.`,
    );
  }
  // The image must support the new type (an image deleted since is not held against it).
  const image = instance.imageId ? findVisibleImage(ctx, instance.imageId)?.image : undefined;
  if (image) checkImageForType(image, target);
  if (instance.az) checkOnSale(ctx, target.instanceType, instance.az);
  const localData = (instance.dataDisks ?? []).some((d) => d.diskCategory === 'local');
  if (localData && ctx.params.body.force !== true) {
    throw failedPrecondition(`Instance '${id}' has local data disks; resizing needs force: true, which wipes them.`);
  }

  ctx.store.instances.update(id, (draft) => {
    draft.instanceType = target.instanceType;
    if (target.burstInfo) draft.burstInfo = draft.burstInfo ?? { burstMode: 'standard', creditChargeStatus: 'normal' };
    else delete draft.burstInfo;
  });
  return undefined;
}
