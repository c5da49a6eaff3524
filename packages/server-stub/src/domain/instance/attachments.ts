// Disks and secondary network interfaces of other services on an instance: attachDisk,
// detachDisk, attachNetworkInterface, detachNetworkInterface, and their delete-with-instance
// setting (modifyInstanceDiskAttribute, modifyInstanceNetworkAttribute).
//
// State and task rules come from x-jdcloud-preconditions (running or stopped, no task) where the
// document declares them; the handlers add the rest of the documented rules.
import { failedPrecondition, invalidArgument, notFound } from '../../http/errors.js';
import type { HandlerContext, OperationContext, OperationResult } from '../types.js';
import { MULTI_ATTACH_LIMIT, attachedInstances, describeForeignDisk, releaseDisk, trackAttached } from './disks.js';
import { pathInstance } from './kind.js';
import { describeForeignNic, vpcOfSubnet } from './network.js';
import { instanceTypeOf } from './offering.js';
import { type DiskAttachmentEntry, type InstanceRecord, cloudDiskEntries, nicEntries } from './records.js';
import { SYSTEM_DEVICE_NAME, checkDataDeviceName, nextDeviceName } from './rules.js';
import { diskReference, nicReference } from './view.js';

const stringField = (ctx: HandlerContext, name: string): string => String(ctx.params.body[name]);

// ------------------------------------------------------------------------------------ disks

function checkDataDiskRoom(instance: InstanceRecord): void {
  const id = instance.instanceId;
  const local = instance.systemDisk?.diskCategory === 'local';
  const max = local ? 8 : 7;
  const count = (instance.dataDisks ?? []).length;
  if (count + 1 > max) {
    throw failedPrecondition(
      `DataDisks out of range: instance '${id}' has ${count} data disks, the most with a ${local ? 'local' : 'cloud'} system disk is ${max}.`,
    );
  }
  const type = instanceTypeOf(instance.instanceType);
  const cloudCount = cloudDiskEntries(instance).length;
  if (type?.cloudDiskCountLimit !== undefined && cloudCount + 1 > type.cloudDiskCountLimit) {
    throw failedPrecondition(
      `DataDisks out of range: instance type '${type.instanceType}' allows ${type.cloudDiskCountLimit} cloud disks and instance '${id}' has ${cloudCount}.`,
    );
  }
}

export function attachDisk(ctx: OperationContext<'attachDisk'>): OperationResult<'attachDisk'> {
  const instance = pathInstance(ctx);
  const id = instance.instanceId;
  const diskId = stringField(ctx, 'diskId');
  const { deviceName } = ctx.params.body;
  const autoDelete = ctx.params.body.autoDelete === true;
  const now = ctx.clock.now();

  if (cloudDiskEntries(instance).some((e) => e.cloudDisk?.diskId === diskId)) {
    throw failedPrecondition(`Disk '${diskId}' already attached to instance '${id}'.`);
  }
  const disk = describeForeignDisk(ctx.store, diskId, instance.az ?? '', now);
  if (disk.status !== undefined && disk.status !== 'available' && disk.status !== 'in-use') {
    throw failedPrecondition(`Invalid disk status: disk '${diskId}' is ${disk.status}.`);
  }
  if (disk.az && instance.az && disk.az !== instance.az) {
    throw failedPrecondition(`Disk '${diskId}' and instance '${id}' are in different azs (${disk.az}, ${instance.az}).`);
  }
  const holders = attachedInstances(disk);
  let entry: DiskAttachmentEntry;
  if (deviceName === SYSTEM_DEVICE_NAME) {
    // A system disk goes on a stopped instance only: x-jdcloud-preconditions (`when: {deviceName: vda}`).
    if (instance.systemDisk) throw failedPrecondition(`Duplicated system disk: instance '${id}' already has one.`);
    if (disk.multiAttachable) throw failedPrecondition(`Disk '${diskId}' is multi-attach; it cannot be a system disk.`);
    const size = disk.diskSizeGB ?? 0;
    if (size < 40 || size > 500) {
      throw failedPrecondition(`Disk '${diskId}' is ${size} GiB; a system disk is 40 to 500 GiB.`);
    }
    if (holders.length > 0) throw failedPrecondition(`Disk attachment limit exceeded: disk '${diskId}' is attached to another instance.`);
    entry = { diskCategory: 'cloud', autoDelete, deviceName: SYSTEM_DEVICE_NAME, status: 'attached' };
  } else {
    const limit = disk.multiAttachable ? MULTI_ATTACH_LIMIT : 1;
    if (holders.length >= limit) {
      throw failedPrecondition(
        disk.multiAttachable
          ? `Disk attachment limit exceeded: multi-attach disk '${diskId}' already serves ${holders.length} instances.`
          : `Disk attachment limit exceeded: disk '${diskId}' is attached to another instance.`,
      );
    }
    checkDataDiskRoom(instance);
    const used = new Set(cloudDiskEntries(instance).map((e) => String(e.deviceName)));
    for (const d of instance.dataDisks ?? []) if (d.deviceName) used.add(d.deviceName);
    if (deviceName !== undefined) {
      checkDataDeviceName(deviceName, 'deviceName');
      if (used.has(deviceName)) throw failedPrecondition(`DeviceName '${deviceName}' has been used.`);
    }
    const name = deviceName ?? nextDeviceName(used);
    if (!name) throw failedPrecondition(`DataDisks out of range: instance '${id}' has no free device name.`);
    entry = { diskCategory: 'cloud', autoDelete, deviceName: name, status: 'attached' };
  }

  const attached: DiskAttachmentEntry = { ...entry, cloudDisk: diskReference(trackAttached(ctx.store, disk, id, now).diskId) };
  ctx.store.instances.update(id, (draft) => {
    if (attached.deviceName === SYSTEM_DEVICE_NAME) draft.systemDisk = attached;
    else draft.dataDisks = [...(draft.dataDisks ?? []), attached];
  });
  return undefined;
}

export function detachDisk(ctx: OperationContext<'detachDisk'>): OperationResult<'detachDisk'> {
  const instance = pathInstance(ctx);
  const id = instance.instanceId;
  const diskId = stringField(ctx, 'diskId');
  const entry = cloudDiskEntries(instance).find((e) => e.cloudDisk?.diskId === diskId);
  if (!entry) throw notFound(`Disk '${diskId}' is not attached to instance '${id}'.`);
  const system = entry === instance.systemDisk;
  if (system && instance.status !== 'stopped') {
    throw failedPrecondition(`Please stop the instance first: instance '${id}' is ${instance.status}; the system disk is only detached from a stopped instance.`);
  }
  releaseDisk(ctx.store, entry, id, false);
  ctx.store.instances.update(id, (draft) => {
    if (system) delete draft.systemDisk;
    else draft.dataDisks = (draft.dataDisks ?? []).filter((d) => d.cloudDisk?.diskId !== diskId);
  });
  return undefined;
}

export function modifyInstanceDiskAttribute(ctx: OperationContext<'modifyInstanceDiskAttribute'>): OperationResult<'modifyInstanceDiskAttribute'> {
  const instance = pathInstance(ctx);
  const id = instance.instanceId;
  const changes = ctx.params.body.dataDisks ?? [];
  const attached = new Set(cloudDiskEntries(instance).map((e) => e.cloudDisk?.diskId));
  changes.forEach((change, i) => {
    if (!change.diskId) throw invalidArgument(`dataDisks[${i}].diskId is required.`);
    if (!attached.has(change.diskId)) throw failedPrecondition(`disk '${change.diskId}' not mounted on instance '${id}'.`);
  });
  if (changes.length === 0) return undefined;
  ctx.store.instances.update(id, (draft) => {
    for (const change of changes) {
      for (const entry of [draft.systemDisk, ...(draft.dataDisks ?? [])]) {
        if (entry && entry.cloudDisk?.diskId === change.diskId) entry.autoDelete = change.autoDelete ?? false;
      }
    }
  });
  return undefined;
}

// ------------------------------------------------------------------------------------ network interfaces

export function attachNetworkInterface(ctx: OperationContext<'attachNetworkInterface'>): OperationResult<'attachNetworkInterface'> {
  const instance = pathInstance(ctx);
  const id = instance.instanceId;
  const nicId = stringField(ctx, 'networkInterfaceId');
  const autoDelete = ctx.params.body.autoDelete === true;
  const entries = nicEntries(instance);
  if (entries.some((e) => e.networkInterface?.networkInterfaceId === nicId)) {
    throw failedPrecondition(`NetworkInterface '${nicId}' is already attached to instance '${id}'.`);
  }
  if (ctx.store.instancesHoldingNic(nicId).some((holder) => holder !== id)) {
    throw failedPrecondition(`NetworkInterface '${nicId}' is attached to another instance.`);
  }
  const known = ctx.store.networkInterfaces.peek(nicId);
  const subnetId = instance.subnetId ?? instance.primaryNetworkInterface?.networkInterface?.subnetId;
  if (!subnetId) throw failedPrecondition(`Instance '${id}' has no primary network interface to share a VPC with.`);
  const vpcId = instance.vpcId ?? vpcOfSubnet(subnetId);
  if (known?.vpcId && known.vpcId !== vpcId) {
    throw failedPrecondition(`NetworkInterface '${nicId}' is in ${known.vpcId}; instance '${id}' is in ${vpcId}. They must be in the same VPC.`);
  }
  const type = instanceTypeOf(instance.instanceType);
  if (type?.nicLimit !== undefined && entries.length + 1 > type.nicLimit) {
    throw failedPrecondition(
      `NetworkInterface limit exceeded: instance type '${type.instanceType}' allows ${type.nicLimit} network interfaces and instance '${id}' has ${entries.length}.`,
    );
  }

  if (!known) ctx.store.networkInterfaces.insert(nicId, describeForeignNic(ctx.store, nicId, subnetId, vpcId));
  const usedIndexes = new Set(entries.map((e) => e.deviceIndex));
  let deviceIndex = 2;
  while (usedIndexes.has(deviceIndex)) deviceIndex += 1;
  ctx.store.instances.update(id, (draft) => {
    draft.secondaryNetworkInterfaces = [
      ...(draft.secondaryNetworkInterfaces ?? []),
      { deviceIndex, autoDelete, networkInterface: nicReference(nicId) },
    ];
  });
  return undefined;
}

export function detachNetworkInterface(ctx: OperationContext<'detachNetworkInterface'>): OperationResult<'detachNetworkInterface'> {
  const instance = pathInstance(ctx);
  const id = instance.instanceId;
  const nicId = stringField(ctx, 'networkInterfaceId');
  if (instance.primaryNetworkInterface?.networkInterface?.networkInterfaceId === nicId) {
    throw failedPrecondition(`Can't detach primaryNetworkInterface '${nicId}' of instance '${id}'.`);
  }
  if (!(instance.secondaryNetworkInterfaces ?? []).some((e) => e.networkInterface?.networkInterfaceId === nicId)) {
    throw failedPrecondition(`NetworkInterface '${nicId}' is not attached to instance '${id}'.`);
  }
  ctx.store.instances.update(id, (draft) => {
    draft.secondaryNetworkInterfaces = (draft.secondaryNetworkInterfaces ?? []).filter(
      (e) => e.networkInterface?.networkInterfaceId !== nicId,
    );
  });
  return undefined;
}

export function modifyInstanceNetworkAttribute(ctx: OperationContext<'modifyInstanceNetworkAttribute'>): OperationResult<'modifyInstanceNetworkAttribute'> {
  const instance = pathInstance(ctx);
  const id = instance.instanceId;
  const changes = ctx.params.body.networks ?? [];
  const primary = instance.primaryNetworkInterface?.networkInterface?.networkInterfaceId;
  const secondary = new Set((instance.secondaryNetworkInterfaces ?? []).map((e) => e.networkInterface?.networkInterfaceId));
  changes.forEach((change, i) => {
    if (!change.networkInterfaceId) throw invalidArgument(`networks[${i}].networkInterfaceId is required.`);
    if (change.networkInterfaceId === primary) {
      throw failedPrecondition(`Can't modify primaryNetworkInterface '${primary}' of instance '${id}'.`);
    }
    if (!secondary.has(change.networkInterfaceId)) {
      throw failedPrecondition(`NetworkInterface '${change.networkInterfaceId}' not mounted on instance '${id}'.`);
    }
  });
  if (changes.length === 0) return undefined;
  ctx.store.instances.update(id, (draft) => {
    for (const change of changes) {
      for (const entry of draft.secondaryNetworkInterfaces ?? []) {
        if (entry.networkInterface?.networkInterfaceId === change.networkInterfaceId) entry.autoDelete = change.autoDelete ?? false;
      }
    }
  });
  return undefined;
}
