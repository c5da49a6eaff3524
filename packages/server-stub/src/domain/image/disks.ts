// The disks of a new image: the system disk of the instance it is made from, and the data disks
// of a whole-machine image (the instance's cloud data disks, adjusted by createImage's
// `dataDisks`), each with the snapshot the image is built on.
import type { components } from '@jdcloud-vm/client';
import { duplicate, failedPrecondition, internal, invalidArgument, outOfRange } from '../../http/errors.js';
import { hasField } from '../guards.js';
import { requiredDataDiskSize } from '../instance/rules.js';
import type { HandlerContext } from '../types.js';

type Schemas = components['schemas'];
export type DiskAttachment = Schemas['InstanceDiskAttachment'];
export type DiskAttachmentSpec = Schemas['InstanceDiskAttachmentSpec'];
/** The instance an image is made from, with its disks nested (the model's shape). */
export type InstanceRecord = Schemas['Instance'] & { instanceId: string };
type CloudDisk = NonNullable<DiskAttachment['cloudDisk']>;
type DiskType = NonNullable<CloudDisk['diskType']>;
/** A cloud disk of an image: its type and size always set. */
type ImageCloudDisk = CloudDisk & { diskType: DiskType; diskSizeGB: number };

/** Size ranges (GiB) of the cloud disk types an image disk may have (DiskSpec.diskSizeGB). */
const SIZE_RANGES: Record<DiskType, [number, number]> = {
  ssd: [20, 1000],
  'premium-hdd': [20, 3000],
  'ssd.gp1': [20, 16000],
  'ssd.io1': [20, 16000],
  'hdd.std1': [20, 16000],
};

/** Data-disk device names, `vdb` to `vdbm` (vdb…vdz, vdaa…vdaz, vdba…vdbm). */
export const DATA_DEVICE_NAMES: readonly string[] = (() => {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const out = [...letters.slice(1)].map((c) => `vd${c}`);
  for (const c of letters) out.push(`vda${c}`);
  for (const c of letters.slice(0, 13)) out.push(`vdb${c}`);
  return out;
})();

/** The device name of the data disk at `index` (0: vdb). */
export function dataDeviceName(index: number): string {
  const name = DATA_DEVICE_NAMES[index];
  if (name === undefined) throw internal(`No data-disk device name after vdbm (disk ${index + 1}).`);
  return name;
}

/**
 * Checks a cloud disk's type, size and IOPS; returns the type (one an image disk may have) and the
 * IOPS to keep (ssd.io1 only).
 */
function checkCloudDisk(
  type: string,
  sizeGB: number,
  iops: number | undefined,
  field: string,
): { diskType: DiskType; iops: number | undefined } {
  const range = hasField(SIZE_RANGES, type) ? SIZE_RANGES[type] : undefined;
  if (!range) {
    throw invalidArgument(
      `${field}.diskType '${type}' cannot be part of an image; use one of ${Object.keys(SIZE_RANGES).join(', ')}.`,
    );
  }
  if (!Number.isInteger(sizeGB) || sizeGB < range[0] || sizeGB > range[1] || sizeGB % 10 !== 0) {
    throw outOfRange(
      `${field}.diskSizeGB must be ${range[0]} to ${range[1]} GiB for ${type}, in steps of 10; got ${sizeGB}.`,
    );
  }
  if (type !== 'ssd.io1' || iops === undefined) return { diskType: type, iops: type === 'ssd.io1' ? sizeGB * 30 : undefined };
  const max = Math.min(32000, sizeGB * 50);
  if (!Number.isInteger(iops) || iops < 200 || iops > max || iops % 10 !== 0) {
    throw outOfRange(`${field}.iops must be 200 to ${max} in steps of 10 for a ${sizeGB} GiB ssd.io1 disk; got ${iops}.`);
  }
  return { diskType: type, iops };
}

/**
 * A disk of the image, on the snapshot `snapshotId` (a new snapshot of an existing disk, or the
 * one a new disk is made from), or on none for a new empty disk.
 */
function imageDisk(disk: Partial<CloudDisk>, snapshotId: string | undefined): ImageCloudDisk {
  const out: ImageCloudDisk = {
    diskType: disk.diskType ?? 'ssd.gp1',
    diskSizeGB: disk.diskSizeGB ?? 40,
    encrypted: disk.encrypted ?? false,
  };
  if (snapshotId !== undefined) out.snapshotId = snapshotId;
  if (disk.iops !== undefined && out.diskType === 'ssd.io1') out.iops = disk.iops;
  return out;
}

/** The image's system disk, from the instance's, and the image's `rootDeviceType`. */
export function systemDiskOf(
  ctx: HandlerContext,
  instance: InstanceRecord,
  fallbackSizeGB: number,
): { systemDisk: DiskAttachment; rootDeviceType: 'localDisk' | 'cloudDisk'; sizeGB: number; snapshotId?: string } {
  const disk = instance.systemDisk;
  const id = instance.instanceId;
  if (disk?.status !== undefined && disk.status !== 'attached') {
    throw failedPrecondition(`The system disk of instance '${id}' is ${disk.status}; it must be attached.`);
  }
  if (disk?.diskCategory === 'local') {
    const sizeGB = disk.localDisk?.diskSizeGB ?? fallbackSizeGB;
    return {
      systemDisk: {
        diskCategory: 'local',
        autoDelete: true,
        deviceName: 'vda',
        localDisk: { diskType: disk.localDisk?.diskType ?? 'ssd', diskSizeGB: sizeGB },
      },
      rootDeviceType: 'localDisk',
      sizeGB,
    };
  }
  const snapshotId = ctx.store.newId('snapshot');
  const cloudDisk = imageDisk({ diskSizeGB: fallbackSizeGB, ...disk?.cloudDisk }, snapshotId);
  return {
    systemDisk: { diskCategory: 'cloud', autoDelete: disk?.autoDelete ?? true, deviceName: 'vda', cloudDisk },
    rootDeviceType: 'cloudDisk',
    sizeGB: cloudDisk.diskSizeGB,
    snapshotId,
  };
}

const BUSY_DISK_STATES = new Set(['creating', 'extending', 'restoring', 'deleting', 'deleted', 'error_create', 'error_delete', 'error_restore', 'error_extend', 'in-recyclebin']);

/**
 * The data disks of the image: every cloud data disk of the instance (local ones never), then
 * `specs` applied in order: `noDevice` drops a disk, a known `deviceName` replaces its settings
 * (a size may only grow), a new one adds a disk, empty or from a snapshot.
 */
export function dataDisksOf(ctx: HandlerContext, instance: InstanceRecord, specs: DiskAttachmentSpec[]): DiskAttachment[] {
  const id = instance.instanceId;
  const attached = new Map<string, DiskAttachment>();
  for (const [index, disk] of (instance.dataDisks ?? []).entries()) {
    if (disk.diskCategory === 'local') continue;
    attached.set(disk.deviceName ?? DATA_DEVICE_NAMES[index] ?? `data${index}`, disk);
  }
  // Validate every entry first.
  const seen = new Set<string>();
  const named: Array<{ index: number; name: string; spec: DiskAttachmentSpec }> = [];
  for (const [index, spec] of specs.entries()) {
    const field = `dataDisks[${index}]`;
    const name = spec.deviceName;
    if (name === undefined || name === '') throw invalidArgument(`${field}.deviceName is required.`);
    named.push({ index, name, spec });
    if (!DATA_DEVICE_NAMES.includes(name)) {
      throw invalidArgument(`${field}.deviceName '${name}' is not a data-disk device name (vdb to vdbm).`);
    }
    if (seen.has(name)) throw duplicate(`${field}.deviceName '${name}' is given twice.`);
    seen.add(name);
    if (spec.noDevice) continue;
    if (spec.diskCategory === 'local') throw invalidArgument(`${field}.diskCategory: the data disks of an image are cloud disks.`);
    if (!attached.has(name) && !spec.cloudDiskSpec) {
      throw invalidArgument(`${field}: '${name}' is not a disk of instance '${id}'; a new disk needs cloudDiskSpec.`);
    }
  }
  const out = new Map<string, DiskAttachment>();
  const bySpec = new Map(named.map(({ name, spec }) => [name, spec]));
  for (const [name, disk] of attached) {
    const spec = bySpec.get(name);
    if (spec?.noDevice) continue;
    const state = disk.status;
    const diskState = disk.cloudDisk?.status;
    if ((state !== undefined && state !== 'attached') || (diskState !== undefined && BUSY_DISK_STATES.has(diskState))) {
      throw failedPrecondition(`Data disk ${name} of instance '${id}' is ${diskState && BUSY_DISK_STATES.has(diskState) ? diskState : state}; it cannot go into an image now.`);
    }
    let cloud: Partial<CloudDisk> = { ...disk.cloudDisk };
    if (spec?.cloudDiskSpec) {
      const field = `dataDisks[${specs.indexOf(spec)}].cloudDiskSpec`;
      const wanted = spec.cloudDiskSpec;
      const current = disk.cloudDisk?.diskSizeGB ?? 0;
      // Replacing a disk of the instance: left out, the size stays the disk's.
      const size = wanted.diskSizeGB ?? current;
      if (size < current) {
        throw outOfRange(`${field}.diskSizeGB ${size} is smaller than disk ${name} (${current} GiB); a size may only grow.`);
      }
      const { diskType, iops } = checkCloudDisk(wanted.diskType, size, wanted.iops, field);
      cloud = { diskType, diskSizeGB: size, encrypted: cloud.encrypted ?? false };
      if (iops !== undefined) cloud.iops = iops;
    }
    out.set(name, {
      diskCategory: 'cloud',
      autoDelete: spec ? (spec.autoDelete ?? false) : (disk.autoDelete ?? false),
      deviceName: name,
      cloudDisk: imageDisk(cloud, spec?.cloudDiskSpec?.snapshotId ?? ctx.store.newId('snapshot')),
    });
  }
  for (const { index, name, spec } of named) {
    if (spec.noDevice || attached.has(name) || !spec.cloudDiskSpec) continue;
    const wanted = spec.cloudDiskSpec;
    const field = `dataDisks[${index}].cloudDiskSpec`;
    const size = requiredDataDiskSize(wanted.diskSizeGB, `${field}.diskSizeGB`);
    const { diskType, iops } = checkCloudDisk(wanted.diskType, size, wanted.iops, field);
    const cloud: Partial<CloudDisk> = {
      diskType,
      diskSizeGB: size,
      encrypted: wanted.encrypt ?? false,
    };
    if (iops !== undefined) cloud.iops = iops;
    out.set(name, {
      diskCategory: 'cloud',
      autoDelete: spec.autoDelete ?? false,
      deviceName: name,
      cloudDisk: imageDisk(cloud, wanted.snapshotId),
    });
  }
  // Keyed by device name: in device order.
  return [...out]
    .sort(([a], [b]) => DATA_DEVICE_NAMES.indexOf(a) - DATA_DEVICE_NAMES.indexOf(b))
    .map(([, disk]) => disk);
}
