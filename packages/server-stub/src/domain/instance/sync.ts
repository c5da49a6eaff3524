// Keeps the copies an instance record nests of its network interfaces equal to the tracked
// records of `networkInterfaces`, and the top-level mirror fields (vpcId, subnetId,
// privateIpAddress, elasticIpId, elasticIpAddress) equal to the primary interface's. (Cloud disks
// are stored by id and nested when answered: view.ts.)
import type { RegionState } from '../../state/region.js';
import { nicView } from './network.js';
import { type InstanceRecord, type NicAttachmentEntry } from './records.js';

function refreshNic(scope: RegionState, entry: NicAttachmentEntry | undefined): void {
  const id = entry?.networkInterface?.networkInterfaceId;
  if (!entry || !id) return;
  const tracked = scope.networkInterfaces.get(id);
  if (tracked) entry.networkInterface = nicView(tracked);
}

/** Applies the tracked records to one instance record (in place). */
export function refreshRecord(scope: RegionState, draft: InstanceRecord): void {
  refreshNic(scope, draft.primaryNetworkInterface);
  for (const entry of draft.secondaryNetworkInterfaces ?? []) refreshNic(scope, entry);
  const primary = draft.primaryNetworkInterface?.networkInterface;
  if (primary) {
    if (primary.vpcId) draft.vpcId = primary.vpcId;
    if (primary.subnetId) draft.subnetId = primary.subnetId;
    if (primary.primaryIp?.privateIpAddress) draft.privateIpAddress = primary.primaryIp.privateIpAddress;
    if (primary.primaryIp?.elasticIpId) {
      draft.elasticIpId = primary.primaryIp.elasticIpId;
      draft.elasticIpAddress = primary.primaryIp.elasticIpAddress;
    } else {
      delete draft.elasticIpId;
      delete draft.elasticIpAddress;
    }
  }
}

/** Re-reads the tracked records into the given instances. */
export function syncInstances(scope: RegionState, instanceIds: Iterable<string>): void {
  for (const id of new Set(instanceIds)) {
    if (!scope.instances.has(id)) continue;
    scope.instances.update(id, (draft) => refreshRecord(scope, draft));
  }
}
