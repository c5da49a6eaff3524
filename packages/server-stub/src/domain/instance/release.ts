// What happens to an instance's resources when its deletion completes:
// - cloud disks with `autoDelete` (pay by configuration, not multi-attach) are deleted, the others
//   detached and kept (available to attach again);
// - the primary network interface goes with the instance, and so do secondary interfaces with
//   `autoDelete`; the others are detached and kept;
// - elastic IPs bound to the primary interface are deleted when deleteInstance said
//   `deletePrimaryNetworkInterfaceAllElasticIp=true`, otherwise kept and free;
// (Key pairs and interfaces are held by the instance's record alone: nothing else to undo.)
// So every id the instance held can be attached again, and its private IPs are free.
import type { RegionState } from '../../state/region.js';
import { releaseDisk } from './disks.js';
import { cloudDiskEntries, nicEntries } from './records.js';

export function releaseInstance(scope: RegionState, instanceId: string): void {
  const record = scope.instances.get(instanceId);
  if (!record) return;
  for (const entry of cloudDiskEntries(record)) releaseDisk(scope, entry, instanceId, true);
  const deleteEips = record._deleteElasticIps === true;
  for (const entry of nicEntries(record)) {
    const id = entry.networkInterface?.networkInterfaceId;
    if (!id) continue;
    const primary = entry === record.primaryNetworkInterface;
    const goes = primary || entry.autoDelete === true;
    // An interface that stays keeps its elastic IP; one that goes frees it (or deletes it).
    const eip = scope.elasticIpOn(id);
    if (eip && primary && deleteEips) scope.elasticIps.remove(eip.elasticIpId);
    else if (eip && goes) scope.elasticIps.update(eip.elasticIpId, ({ _networkInterfaceId: _bound, ...free }) => free);
    if (goes) scope.networkInterfaces.remove(id);
  }
}
