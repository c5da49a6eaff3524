// Records of a state file written by an earlier build, made as this build stores them (run once
// per region when a file loads). Earlier builds nested copies of what other records hold:
// - an instance nested each tracked cloud disk and network interface; it keeps their ids now;
// - an instance repeated its primary interface's VPC, subnet, private IP and elastic IP at the
//   top; the answers build those now;
// - an interface record held its instance (`_instanceId`, `_primary`) and the elastic IP of its
//   primary IP, and the elastic IP record held its instance: the instance's attachment entries
//   and the elastic IP's `_networkInterfaceId` say it now. The interface record was what the
//   answers showed (the instance's copies were kept equal to it), so its binding wins.
// Disks and interfaces the store does not track stay nested in the instance, as they were.
import { frozenCopy } from './collection.js';
import type { RegionState } from './region.js';
import type { EipRecord, InstanceRecord, NicRecord } from './records.js';

const MIRRORED = ['vpcId', 'subnetId', 'privateIpAddress', 'elasticIpId', 'elasticIpAddress'] as const;

/** An earlier interface record: its bookkeeping and the elastic IP of its primary IP. */
type EarlierNic = NicRecord & { _instanceId?: string; _primary?: boolean };
type EarlierEip = EipRecord & { _instanceId?: string };

function normaliseInterfaces(region: RegionState): void {
  for (const stored of region.networkInterfaces.scan()) {
    const nic: Readonly<EarlierNic> = stored;
    const ip = nic.primaryIp;
    if (nic._instanceId === undefined && nic._primary === undefined && ip?.elasticIpId === undefined && ip?.elasticIpAddress === undefined) continue;
    const { _instanceId: _held, _primary: _p, ...current } = nic;
    if (ip) {
      const { elasticIpId, elasticIpAddress, ...unbound } = ip;
      current.primaryIp = unbound;
      if (elasticIpId) {
        const eip = region.elasticIps.peek(elasticIpId);
        const bound: EipRecord = { elasticIpId, elasticIpAddress: eip?.elasticIpAddress ?? elasticIpAddress ?? '', _networkInterfaceId: nic.networkInterfaceId };
        region.elasticIps.store(elasticIpId, frozenCopy({ ...eip, ...bound }));
      }
    }
    region.networkInterfaces.store(nic.networkInterfaceId, frozenCopy(current));
  }
  for (const stored of region.elasticIps.scan()) {
    const eip: Readonly<EarlierEip> = stored;
    if (eip._instanceId === undefined) continue;
    const { _instanceId: _held, ...current } = eip;
    region.elasticIps.store(eip.elasticIpId, frozenCopy(current));
  }
}

function normaliseInstance(region: RegionState, instance: Readonly<InstanceRecord>): InstanceRecord | undefined {
  const diskCopied = (e: InstanceRecord['systemDisk']) => {
    const id = e?.cloudDisk?.diskId;
    return id !== undefined && region.disks.has(id) && Object.keys(e?.cloudDisk ?? {}).length > 1;
  };
  const nicCopied = (e: InstanceRecord['primaryNetworkInterface']) => {
    const id = e?.networkInterface?.networkInterfaceId;
    return id !== undefined && region.networkInterfaces.has(id) && Object.keys(e?.networkInterface ?? {}).length > 1;
  };
  const primaryId = instance.primaryNetworkInterface?.networkInterface?.networkInterfaceId;
  const primaryTracked = primaryId !== undefined && region.networkInterfaces.has(primaryId);
  const mirrored = primaryTracked && MIRRORED.some((field) => field in instance);
  const copied =
    mirrored ||
    [instance.systemDisk, ...(instance.dataDisks ?? [])].some(diskCopied) ||
    [instance.primaryNetworkInterface, ...(instance.secondaryNetworkInterfaces ?? [])].some(nicCopied);
  if (!copied) return undefined;

  const diskReference = <E extends { cloudDisk?: { diskId?: string } }>(entry: E): E => {
    const id = entry.cloudDisk?.diskId;
    return id && region.disks.has(id) ? { ...entry, cloudDisk: { diskId: id } } : entry;
  };
  const nicReference = <E extends { networkInterface?: { networkInterfaceId?: string } }>(entry: E): E => {
    const id = entry.networkInterface?.networkInterfaceId;
    return id && region.networkInterfaces.has(id) ? { ...entry, networkInterface: { networkInterfaceId: id } } : entry;
  };
  const current: InstanceRecord = { ...instance };
  if (current.systemDisk) current.systemDisk = diskReference(current.systemDisk);
  if (current.dataDisks) current.dataDisks = current.dataDisks.map(diskReference);
  if (current.primaryNetworkInterface) current.primaryNetworkInterface = nicReference(current.primaryNetworkInterface);
  if (current.secondaryNetworkInterfaces) current.secondaryNetworkInterfaces = current.secondaryNetworkInterfaces.map(nicReference);
  if (primaryTracked) for (const field of MIRRORED) delete current[field];
  return current;
}

/** Makes the records of a region loaded from a state file normalised (see the top of this file). */
export function normaliseEarlierRecords(region: RegionState): void {
  normaliseInterfaces(region);
  for (const instance of region.instances.scan()) {
    const current = normaliseInstance(region, instance);
    if (current) region.instances.store(instance.instanceId, frozenCopy(current));
  }
}
