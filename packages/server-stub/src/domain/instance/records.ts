// What the instance domain keeps in the store, per account and region.
//
// - `instance`: `Instance` model objects (id field `instanceId`); bookkeeping fields start with `_`
//   and are stripped before answering. Other domains read these records (createImage, quotas).
// - `disk`, `networkInterface`, `elasticIp`: the cloud disks, elastic network interfaces and
//   elastic IPs of the other JD Cloud services that instances use. They are accepted by
//   well-formed id and tracked here: what they are (size, addresses) and what they are attached
//   to, so one cannot be attached to two instances, a detached disk keeps its attributes, and
//   private IPs stay unique within a subnet. The instance records carry copies (the model nests
//   them); `sync.ts` keeps the copies equal to these records.
// - `instanceClientToken`: createInstances idempotency, token → the instance ids it created.
import type { components } from '@jdcloud-vm/client';
import { RegionScope } from '../../state/store.js';
import type { HandlerContext } from '../types.js';

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

export const INSTANCE_COLLECTION = 'instance';
export const DISK_COLLECTION = 'disk';
export const NIC_COLLECTION = 'networkInterface';
export const EIP_COLLECTION = 'elasticIp';
export const CLIENT_TOKEN_COLLECTION = 'instanceClientToken';

/** Bookkeeping kept beside the Instance model fields (never answered). */
export interface InstanceExtras {
  /** Creation time (ms since the epoch). */
  _createdAt?: number;
  _metadata?: Metadata[];
  _userdata?: Userdata[];
  _passwordAuth?: string;
  _imageInherit?: string;
  /** A login password is set (the password itself is never stored). */
  _hasPassword?: boolean;
  /** deleteInstance's `deletePrimaryNetworkInterfaceAllElasticIp`, read when the deletion completes. */
  _deleteElasticIps?: boolean;
}

export type InstanceRecord = Instance & InstanceExtras & { instanceId: string };

/** A tracked cloud disk: the Disk model; `attachments` says where it is attached. */
export type DiskRecord = Disk & { diskId: string };

/** A tracked network interface and where it is attached. */
export type NicRecord = NetworkInterface & {
  networkInterfaceId: string;
  /** Instance it is attached to, if any. */
  _instanceId?: string;
  /** It is the primary interface of that instance. */
  _primary?: boolean;
};

/** A tracked elastic IP and what it is bound to. */
export interface EipRecord {
  elasticIpId: string;
  elasticIpAddress: string;
  _instanceId?: string;
  _networkInterfaceId?: string;
}

export interface ClientTokenRecord {
  clientToken: string;
  instanceIds: string[];
  createdAt: number;
}

type Scope = HandlerContext | RegionScope;
const scopeOf = (s: Scope): RegionScope => (s instanceof RegionScope ? s : s.store);

export const instances = (s: Scope) => scopeOf(s).collection<InstanceRecord>(INSTANCE_COLLECTION);
export const disks = (s: Scope) => scopeOf(s).collection<DiskRecord>(DISK_COLLECTION);
export const nics = (s: Scope) => scopeOf(s).collection<NicRecord>(NIC_COLLECTION);
export const eips = (s: Scope) => scopeOf(s).collection<EipRecord>(EIP_COLLECTION);
export const clientTokens = (s: Scope) => scopeOf(s).collection<ClientTokenRecord>(CLIENT_TOKEN_COLLECTION);

/** Copies a record without its `_` bookkeeping fields. */
export function withoutInternals<T extends object>(record: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (!key.startsWith('_')) out[key] = value;
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
