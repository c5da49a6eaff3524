// The instance domain's records (their types are in state/records.ts) and the model shapes it
// builds them from.
//
// - `instances`: `Instance` model objects (id field `instanceId`); bookkeeping fields start with `_`
//   and are stripped before answering. Other domains read these records (createImage, quotas).
// - `disks`, `networkInterfaces`, `elasticIps`: the cloud disks, elastic network interfaces and
//   elastic IPs of the other JD Cloud services that instances use. They are accepted by
//   well-formed id and tracked here: what they are (size, addresses) and what they are attached
//   to, so one cannot be attached to two instances, a detached disk keeps its attributes, and
//   private IPs stay unique within a subnet. An instance stores its cloud disks and network
//   interfaces by id; an elastic IP record says which interface it is bound to. view.ts nests
//   the records when answering.
// - `instanceClientTokens`: createInstances idempotency, token → the instance ids it created.
import type { components } from '@jdcloud-vm/client';

export type { DiskRecord, EipRecord, InstanceClientTokenRecord, InstanceExtras, InstanceRecord, NicRecord } from '../../state/records.js';

type Schemas = components['schemas'];
export type Instance = Schemas['Instance'];
export type Disk = Schemas['Disk'];
export type DiskAttachmentEntry = Schemas['InstanceDiskAttachment'];
export type NicAttachmentEntry = Schemas['InstanceNetworkInterfaceAttachment'];
export type NetworkInterface = Schemas['InstanceNetworkInterface'];
export type Metadata = Schemas['Metadata'];
export type Userdata = Schemas['Userdata'];
export type Tag = Schemas['Tag'];
export type Charge = Schemas['Charge'];

/** Copies a record without its `_` bookkeeping fields. */
export function withoutInternals<T extends object>(record: T): T {
  const out: Record<string, unknown> = {};
  // for…in over the record's own keys (records are plain objects): no [key, value] pair per field.
  for (const key in record) if (key.charCodeAt(0) !== 95 /* _ */) out[key] = record[key];
  return out as T;
}

/** The cloud disks attached to an instance (system disk first), with their attachment entries. */
export function cloudDiskEntries(instance: Instance): DiskAttachmentEntry[] {
  const out: DiskAttachmentEntry[] = [];
  if (instance.systemDisk?.diskCategory === 'cloud' && instance.systemDisk.cloudDisk?.diskId) out.push(instance.systemDisk);
  for (const d of instance.dataDisks ?? []) if (d.diskCategory === 'cloud' && d.cloudDisk?.diskId) out.push(d);
  return out;
}

/** Every network interface of an instance, the primary one first. */
export function nicEntries(instance: Instance): NicAttachmentEntry[] {
  const out: NicAttachmentEntry[] = [];
  if (instance.primaryNetworkInterface?.networkInterface) out.push(instance.primaryNetworkInterface);
  out.push(...(instance.secondaryNetworkInterfaces ?? []));
  return out;
}
