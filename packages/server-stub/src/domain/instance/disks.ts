// Cloud disks as instances use them: the ones created with an instance, and disks of the block
// storage service attached by id. A disk id the stub has not seen is taken as an available,
// single-attach 40 GiB `ssd.gp1` disk in the instance's zone.
import type { RegionState } from '../../state/region.js';
import type { Charge, DiskAttachmentEntry, DiskRecord } from './records.js';

import { diskIops } from './rules.js';
import { utcTime } from './times.js';

/** Most instances one multi-attach disk serves. */
export const MULTI_ATTACH_LIMIT = 16;

export interface NewDisk {
  diskId: string;
  az: string;
  name: string;
  description?: string;
  diskType: string;
  diskSizeGB: number;
  iops?: number;
  snapshotId?: string;
  multiAttachable?: boolean;
  encrypted?: boolean;
  charge: Charge;
  now: number;
}

export function newDisk(spec: NewDisk): DiskRecord {
  const disk: DiskRecord = {
    diskId: spec.diskId,
    az: spec.az,
    name: spec.name,
    description: spec.description ?? '',
    diskType: spec.diskType,
    diskSizeGB: spec.diskSizeGB,
    iops: diskIops(spec.diskType, spec.diskSizeGB, spec.iops),
    status: 'available',
    attachments: [],
    multiAttachable: spec.multiAttachable ?? false,
    encrypted: spec.encrypted ?? false,
    enabled: true,
    createTime: utcTime(spec.now),
    charge: spec.charge,
    tags: [],
  };
  if (spec.snapshotId) disk.snapshotId = spec.snapshotId;
  return disk;
}

/** The tracked disk, or a made-up record for an id the stub has not seen. */
export function describeForeignDisk(scope: RegionState, diskId: string, az: string, now: number): DiskRecord {
  return (
    scope.disks.get(diskId) ??
    newDisk({
      diskId,
      az,
      name: diskId.slice(0, 32),
      diskType: 'ssd.gp1',
      diskSizeGB: 40,
      charge: { chargeMode: 'postpaid_by_duration', chargeStatus: 'normal', chargeStartTime: utcTime(now) },
      now,
    })
  );
}

/** Instances the disk is attached to. */
export const attachedInstances = (disk: DiskRecord): string[] =>
  (disk.attachments ?? []).map((a) => String(a.instanceId)).filter((id) => id !== 'undefined');

/** Records an attachment on the disk (in place). */
export function addAttachment(disk: DiskRecord, instanceId: string, now: number): void {
  disk.attachments = [
    ...(disk.attachments ?? []).filter((a) => a.instanceId !== instanceId),
    {
      attachmentId: [disk.diskId.replace(/^vol-/, 'att-'), instanceId].join('-'),
      diskId: disk.diskId,
      instanceType: 'vm',
      instanceId,
      status: 'attached',
      attachTime: utcTime(now),
    },
  ];
  disk.status = 'in-use';
}

/** Removes the attachment to `instanceId` (in place). */
export function removeAttachment(disk: DiskRecord, instanceId: string): void {
  disk.attachments = (disk.attachments ?? []).filter((a) => a.instanceId !== instanceId);
  disk.status = disk.attachments.length > 0 ? 'in-use' : 'available';
}

/** Puts a disk (new or known) in the tracked records with an attachment to `instanceId`. */
export function trackAttached(scope: RegionState, disk: DiskRecord, instanceId: string, now: number): DiskRecord {
  const collection = scope.disks;
  const known = collection.update(disk.diskId, (draft) => addAttachment(draft, instanceId, now));
  if (known) return known;
  // A shallow copy: addAttachment replaces the attachment list, and the store freezes a deep copy
  // that shares the strings (structuredClone would copy each of them).
  const copy = { ...disk };
  addAttachment(copy, instanceId, now);
  return collection.insert(copy.diskId, copy);
}

/**
 * Releases an instance's hold on a disk: deleted when `autoDelete` is honoured (pay by
 * configuration, not multi-attach), otherwise detached and kept.
 */
export function releaseDisk(scope: RegionState, entry: DiskAttachmentEntry, instanceId: string, deleting: boolean): void {
  const id = entry.cloudDisk?.diskId;
  if (!id) return;
  const collection = scope.disks;
  const disk = collection.peek(id);
  if (!disk) return;
  const honoured = entry.autoDelete === true && disk.multiAttachable !== true && disk.charge?.chargeMode !== 'prepaid_by_duration';
  if (deleting && honoured) collection.remove(id);
  else collection.update(id, (draft) => removeAttachment(draft, instanceId));
}
