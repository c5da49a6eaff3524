// An instance stores its cloud disks by id (`cloudDisk: { diskId }`); the disk itself is the
// record of `region.disks`, the one place its size, type, state and attachments are kept. These
// put the disk records back where the Instance model nests them, for answers and for the rules
// that read a disk's attributes. A disk the store does not track (an instance seeded with its
// disks nested, a state file of an earlier build) keeps what the instance holds.
import type { RegionState } from '../../state/region.js';
import type { DiskAttachmentEntry, InstanceRecord } from './records.js';

/** What an instance stores of one of its cloud disks. */
export const diskReference = (diskId: string): NonNullable<DiskAttachmentEntry['cloudDisk']> => ({ diskId });

/** The attachment entry with the disk record in it. */
export function withDisk(region: RegionState, entry: DiskAttachmentEntry): DiskAttachmentEntry {
  const id = entry.cloudDisk?.diskId;
  if (entry.diskCategory !== 'cloud' || !id) return entry;
  const disk = region.disks.peek(id);
  return disk ? { ...entry, cloudDisk: disk } : entry;
}

/** The instance with its disk records nested, as the Instance model shows them (a shallow copy). */
export function withDisks(region: RegionState, record: Readonly<InstanceRecord>): InstanceRecord {
  const out: InstanceRecord = { ...record };
  if (record.systemDisk) out.systemDisk = withDisk(region, record.systemDisk);
  if (record.dataDisks) out.dataDisks = record.dataDisks.map((entry) => withDisk(region, entry));
  return out;
}
