// An instance stores its cloud disks and network interfaces by id (`cloudDisk: { diskId }`,
// `networkInterface: { networkInterfaceId }`); the disk, the interface and the elastic IP are the
// records of `region.disks`, `region.networkInterfaces` and `region.elasticIps`, the one place
// each is kept (an elastic IP says which interface's primary IP it is bound to). These put the
// records back where the Instance model nests them, with the fields the model repeats from the
// primary interface (`vpcId`, `subnetId`, `privateIpAddress`, `elasticIpId`, `elasticIpAddress`),
// for answers and for the rules that read them. A disk or interface the store does not track (an
// instance seeded with them nested) keeps what the instance holds.
import type { RegionState } from '../../state/region.js';
import type { DiskAttachmentEntry, InstanceRecord, NetworkInterface, NicAttachmentEntry, NicRecord } from './records.js';
import { withoutExtras } from '../fields.js';

/** What an instance stores of one of its cloud disks. */
export const diskReference = (diskId: string): NonNullable<DiskAttachmentEntry['cloudDisk']> => ({ diskId });

/** What an instance stores of one of its network interfaces. */
export const nicReference = (networkInterfaceId: string): NetworkInterface => ({ networkInterfaceId });

/** The attachment entry with the disk record in it. */
export function withDisk(region: RegionState, entry: DiskAttachmentEntry): DiskAttachmentEntry {
  const id = entry.cloudDisk?.diskId;
  if (entry.diskCategory !== 'cloud' || !id) return entry;
  const disk = region.disks.peek(id);
  return disk ? { ...entry, cloudDisk: disk } : entry;
}

/** The interface as an instance shows it: the record, with the elastic IP bound to its primary IP. */
export function nicView(region: RegionState, nic: Readonly<NicRecord>): NetworkInterface {
  const eip = region.elasticIpOn(nic.networkInterfaceId);
  if (!eip) return nic;
  return { ...nic, primaryIp: { ...nic.primaryIp, elasticIpId: eip.elasticIpId, elasticIpAddress: eip.elasticIpAddress } };
}

/**
 * The interface an attachment entry names as stored: its record if tracked (without its elastic
 * IP), else what the entry nests. For filters on what the record holds.
 */
export function storedNic(region: RegionState, entry: NicAttachmentEntry): Readonly<NetworkInterface> | undefined {
  const id = entry.networkInterface?.networkInterfaceId;
  return (id === undefined ? undefined : region.networkInterfaces.peek(id)) ?? entry.networkInterface;
}

/** The interface an attachment entry names: its record if tracked, else what the entry nests. */
export function nicOf(region: RegionState, entry: NicAttachmentEntry): NetworkInterface | undefined {
  const id = entry.networkInterface?.networkInterfaceId;
  const nic = id === undefined ? undefined : region.networkInterfaces.peek(id);
  return nic ? nicView(region, nic) : entry.networkInterface;
}

/** The attachment entry with the interface record in it. */
export function withNic(region: RegionState, entry: NicAttachmentEntry): NicAttachmentEntry {
  const nic = nicOf(region, entry);
  return nic === entry.networkInterface || !nic ? entry : { ...entry, networkInterface: nic };
}

/**
 * The instance as the Instance model shows it (a shallow copy): disk and interface records
 * nested, the primary interface's VPC, subnet, address and elastic IP repeated at the top.
 */
export function instanceView(region: RegionState, record: Readonly<InstanceRecord>): InstanceRecord {
  return nestRecords(region, record, { ...record });
}

/**
 * instanceView without the `_` bookkeeping fields, as answered: one copy of the record instead of
 * a view and then a copy of the view (the answers of describeInstances spent twice as long).
 */
export function answeredInstanceView(region: RegionState, record: Readonly<InstanceRecord>): InstanceRecord {
  return nestRecords(region, record, withoutExtras(record));
}

/** Puts into `out`, a fresh copy of `record`, what instanceView adds to it. */
function nestRecords(region: RegionState, record: Readonly<InstanceRecord>, out: InstanceRecord): InstanceRecord {
  if (record.systemDisk) out.systemDisk = withDisk(region, record.systemDisk);
  if (record.dataDisks) out.dataDisks = record.dataDisks.map((entry) => withDisk(region, entry));
  if (record.secondaryNetworkInterfaces?.length) out.secondaryNetworkInterfaces = record.secondaryNetworkInterfaces.map((entry) => withNic(region, entry));
  if (!record.primaryNetworkInterface) return out;
  const primary = withNic(region, record.primaryNetworkInterface);
  out.primaryNetworkInterface = primary;
  const nic = primary.networkInterface;
  if (!nic) return out;
  if (nic.vpcId) out.vpcId = nic.vpcId;
  if (nic.subnetId) out.subnetId = nic.subnetId;
  if (nic.primaryIp?.privateIpAddress) out.privateIpAddress = nic.primaryIp.privateIpAddress;
  if (nic.primaryIp?.elasticIpId) {
    out.elasticIpId = nic.primaryIp.elasticIpId;
    out.elasticIpAddress = nic.primaryIp.elasticIpAddress;
  } else if (out.elasticIpId !== undefined || out.elasticIpAddress !== undefined) {
    // A copy an untracked interface's instance still holds (a delete makes the object slow).
    delete out.elasticIpId;
    delete out.elasticIpAddress;
  }
  return out;
}
