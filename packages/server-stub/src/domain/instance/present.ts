// The shapes instances are answered in: Instance (describeInstance, describeInstances),
// BriefInstance, InstanceStatus and InstancePrivateIpAddress.
import type { components } from '@jdcloud-vm/client';
import type { RegionState } from '../../state/region.js';
import { presentCharge } from './billing.js';
import { pickFields } from '../fields.js';
import type { DiskAttachmentEntry, Instance, InstanceRecord, NicAttachmentEntry } from './records.js';
import { answeredInstanceView, storedNic } from './view.js';

type Schemas = components['schemas'];

/**
 * The Instance model of a stored record: its view (view.ts) with the bookkeeping stripped, in one
 * copy, and the billing state as of `now`.
 */
export function presentStoredInstance(region: RegionState, record: Readonly<InstanceRecord>, now: number): Instance {
  const out = answeredInstanceView(region, record);
  if (out.charge) out.charge = presentCharge(out.charge, now);
  return out;
}

function briefDisk(entry: DiskAttachmentEntry): Schemas['BriefInstanceDiskAttachment'] {
  const out: Schemas['BriefInstanceDiskAttachment'] = {};
  if (entry.diskCategory) out.diskCategory = entry.diskCategory;
  if (entry.autoDelete !== undefined) out.autoDelete = entry.autoDelete;
  if (entry.localDisk) out.localDisk = entry.localDisk;
  if (entry.cloudDisk) {
    const light: Schemas['LightCloudDiskInfo'] = {};
    if (entry.cloudDisk.diskId) light.diskId = entry.cloudDisk.diskId;
    if (entry.cloudDisk.diskType) light.diskType = entry.cloudDisk.diskType;
    if (entry.cloudDisk.diskSizeGB !== undefined) light.diskSizeGB = entry.cloudDisk.diskSizeGB;
    out.cloudDisk = light;
  }
  if (entry.deviceName) out.deviceName = entry.deviceName;
  if (entry.status) out.status = entry.status;
  return out;
}

function briefNic(entry: NicAttachmentEntry): Schemas['BriefInstanceNetworkInterfaceAttachment'] {
  const out: Schemas['BriefInstanceNetworkInterfaceAttachment'] = {};
  if (entry.deviceIndex !== undefined) out.deviceIndex = entry.deviceIndex;
  if (entry.autoDelete !== undefined) out.autoDelete = entry.autoDelete;
  return out;
}

/**
 * `fields`: the BriefInstance model's (SpecIndex.modelFields). The instance's fields it names are
 * copied (the compiler checks each one's type against BriefInstance's), but for the disks and
 * interfaces, which briefDisk / briefNic present.
 */
export function presentBrief(record: InstanceRecord, fields: readonly string[]): Schemas['BriefInstance'] {
  const { systemDisk, dataDisks, primaryNetworkInterface, secondaryNetworkInterfaces, ...copied } = pickFields(record, fields);
  const brief: Schemas['BriefInstance'] = copied;
  if (systemDisk) brief.systemDisk = briefDisk(systemDisk);
  if (dataDisks) brief.dataDisks = dataDisks.map(briefDisk);
  if (primaryNetworkInterface) brief.primaryNetworkInterface = briefNic(primaryNetworkInterface);
  if (secondaryNetworkInterfaces) brief.secondaryNetworkInterfaces = secondaryNetworkInterfaces.map(briefNic);
  return brief;
}

export function presentStatus(record: InstanceRecord): Schemas['InstanceStatus'] {
  return { instanceId: record.instanceId, ...(record.status ? { status: record.status } : {}) };
}

export function presentPrivateIp(region: RegionState, record: InstanceRecord): Schemas['InstancePrivateIpAddress'] {
  const primary = record.primaryNetworkInterface;
  const address = (primary && storedNic(region, primary)?.primaryIp?.privateIpAddress) ?? record.privateIpAddress;
  return { instanceId: record.instanceId, ...(address ? { privateIpAddress: address } : {}) };
}

/** describeInstancesCustomData: what the instance was given at creation or rebuild. */
export function presentCustomData(record: InstanceRecord): Schemas['CustomData'] {
  return { instanceId: record.instanceId, metadata: record._metadata ?? [], userdata: record._userdata ?? [] };
}
