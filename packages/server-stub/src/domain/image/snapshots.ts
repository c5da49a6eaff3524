// createImageFromSnapshots: a private image whose disks come from cloud disk snapshots, `pending`
// at once and `ready` after the document's transition. Snapshots belong to the disk service:
// their state, owner and size are not known here, so a well-formed id is accepted and only the
// documented ranges are checked. A repeated clientToken answers the image it made first.
import { invalidArgument, outOfRange } from '../../http/errors.js';
import { checkQuota } from '../quotas.js';
import { startTransition } from '../transitions.js';
import type { OperationContext, OperationResult } from '../types.js';
import { newPrivateImage } from './create.js';
import type { DiskAttachment } from './disks.js';
import { checkImageName } from './rules.js';

const SYSTEM_RANGE: [number, number] = [40, 500];
const DATA_RANGE: [number, number] = [20, 32000];
const DATA_DEVICE = /^vd[b-z]$/;

type DiskSpec = NonNullable<OperationContext<'createImageFromSnapshots'>['params']['body']['cloudDisks']>[number];
type CloudDisk = NonNullable<DiskAttachment['cloudDisk']>;
/** A disk of the image: on its snapshot, its size known. */
type SnapshotDisk = DiskAttachment & { cloudDisk: CloudDisk & { diskSizeGB: number; snapshotId: string } };

function imageDisk(spec: DiskSpec, field: string): SnapshotDisk {
  const system = spec.deviceName === 'vda';
  const [min, max] = system ? SYSTEM_RANGE : DATA_RANGE;
  const sizeGB = spec.diskSizeGB ?? min;
  if (sizeGB < min || sizeGB > max) {
    throw outOfRange(`${field}.diskSizeGB must be ${min} to ${max} GiB for a ${system ? 'system' : 'data'} disk; got ${sizeGB}.`);
  }
  return {
    diskCategory: 'cloud',
    autoDelete: spec.autoDelete ?? false,
    deviceName: spec.deviceName,
    cloudDisk: { diskType: spec.diskType ?? 'ssd.gp1', diskSizeGB: sizeGB, encrypted: false, snapshotId: spec.snapshotId },
  };
}

export function createImageFromSnapshots(ctx: OperationContext<'createImageFromSnapshots'>): OperationResult<'createImageFromSnapshots'> {
  const { body } = ctx.params;
  const tokens = ctx.store.imageClientTokens;
  const known = body.clientToken ? tokens.get(body.clientToken) : undefined;
  if (known) return { imageId: known.imageId };

  const name = checkImageName(body.name, 'name');
  const specs = body.cloudDisks ?? [];
  if (specs.length === 0) throw invalidArgument("Invalid parameter 'cloudDisks': give one to eight snapshots.");
  const devices = specs.map((d) => d.deviceName);
  const systemSpec = specs.find((d) => d.deviceName === 'vda');
  if (!systemSpec) throw invalidArgument("Invalid parameter 'cloudDisks': one disk must be the system disk, deviceName vda.");
  const repeated = devices.find((d, i) => devices.indexOf(d) !== i);
  if (repeated !== undefined) throw invalidArgument(`Invalid parameter 'cloudDisks': deviceName '${repeated}' is given twice.`);
  const wrong = devices.find((d) => d !== 'vda' && !DATA_DEVICE.test(d));
  if (wrong !== undefined) throw invalidArgument(`Invalid parameter 'cloudDisks': deviceName '${wrong}' is not vda or vdb to vdz.`);
  // Every disk is checked, in the order given; the system disk is the one of its spec.
  const disks = specs.map((spec, i) => ({ spec, disk: imageDisk(spec, `cloudDisks[${i}]`) }));
  const system = imageDisk(systemSpec, `cloudDisks[${specs.indexOf(systemSpec)}]`);
  checkQuota(ctx, 'image', ctx.store.images.count(), 1, 'Image');

  const imageId = ctx.store.newId('img');
  const windows = body.platform === 'Windows Server';
  ctx.store.images.insert(
    imageId,
    newPrivateImage(ctx, {
      imageId,
      name,
      desc: body.description ?? '',
      platform: body.platform,
      architecture: body.architecture,
      osType: windows ? 'windows' : 'linux',
      bootMode: body.bootMode,
      systemDiskSizeGB: system.cloudDisk.diskSizeGB,
      systemDisk: system,
      dataDisks: disks.filter(({ spec }) => spec !== systemSpec).map(({ disk }) => disk),
      rootDeviceType: 'cloudDisk',
      snapshotId: system.cloudDisk.snapshotId,
      ...(body.osVersion !== undefined ? { osVersion: body.osVersion } : {}),
    }),
  );
  if (body.clientToken) tokens.insert(body.clientToken, { clientToken: body.clientToken, imageId });
  // x-jdcloud-transition names the new image (pending → ready).
  startTransition(ctx, imageId);
  return { imageId };
}
