// createImage: a private image from an instance, `pending` at once and `ready` after the
// transition. The document's preconditions accept `running` and `stopped`; a local system disk can
// only be imaged from a stopped instance, which depends on the record, so it is checked here.
import type { ImageInfo } from '../../catalog/index.js';
import { isoTime } from '../../state/clock.js';
import { isOneOf } from '../guards.js';
import { startTransition } from '../transitions.js';
import { checkQuota } from '../quotas.js';
import type { HandlerContext, OperationContext, OperationResult } from '../types.js';
import { pathInstanceView } from '../instance/kind.js';
import { dataDisksOf, systemDiskOf } from './disks.js';
import { type ImageRecord, findVisibleImage } from './lookup.js';
import { checkDescription, checkImageName } from './rules.js';

const PLATFORMS: ReadonlyArray<NonNullable<ImageInfo['platform']>> = [
  'Ubuntu',
  'CentOS',
  'Windows Server',
  'Other Linux',
  'Other Windows',
];
const ARCHITECTURES: ReadonlyArray<NonNullable<ImageInfo['architecture']>> = ['x86_64', 'arm64'];

/** The fields every new private image starts with; `fields` completes or overrides them. */
export function newPrivateImage(
  ctx: HandlerContext,
  fields: Partial<ImageInfo> & Pick<ImageInfo, 'imageId' | 'name' | 'rootDeviceType' | 'systemDiskSizeGB'>,
): ImageRecord {
  return {
    platform: 'Other Linux',
    architecture: 'x86_64',
    imageSource: 'private',
    osType: 'linux',
    status: 'pending',
    createTime: isoTime(ctx.clock.now()),
    sizeMB: 2048,
    desc: '',
    ownerPin: ctx.account,
    loginName: ctx.account,
    launchPermission: 'ownerOnly',
    dataDisks: [],
    progress: '0',
    offline: false,
    imported: false,
    expiredTime: '',
    bootMode: 'bios',
    ...fields,
    _sharedWith: [],
    _community: false,
  };
}

export function createImage(ctx: OperationContext<'createImage'>): OperationResult<'createImage'> {
  // Its state (running or stopped; stopped with a local system disk): x-jdcloud-preconditions.
  const instance = pathInstanceView(ctx);
  const { body } = ctx.params;
  const name = checkImageName(body.name, 'name');
  const desc = body.description === undefined ? '' : checkDescription(body.description);
  const source = instance.imageId ? findVisibleImage(ctx, instance.imageId)?.image : undefined;
  const system = systemDiskOf(ctx, instance, source?.systemDiskSizeGB ?? 40);
  const dataDisks = dataDisksOf(ctx, instance, body.dataDisks ?? []);
  checkQuota(ctx, 'image', ctx.store.images.count(), 1, 'Image');

  const osType = (instance.osType ?? source?.osType) === 'windows' ? 'windows' : 'linux';
  const platform = instance.platform ?? source?.platform;
  const architecture = instance.architecture ?? source?.architecture;
  const osVersion = instance.osVersion ?? source?.osVersion;
  const imageId = ctx.store.newId('img');
  const record = newPrivateImage(ctx, {
    imageId,
    name,
    desc,
    platform: isOneOf(PLATFORMS, platform) ? platform : osType === 'windows' ? 'Other Windows' : 'Other Linux',
    architecture: isOneOf(ARCHITECTURES, architecture) ? architecture : 'x86_64',
    osType,
    systemDiskSizeGB: system.sizeGB,
    sizeMB: source?.sizeMB ?? 2048,
    systemDisk: system.systemDisk,
    dataDisks,
    rootDeviceType: system.rootDeviceType,
    instanceId: instance.instanceId,
    bootMode: instance.bootMode ?? source?.bootMode ?? 'bios',
    ...(osVersion !== undefined ? { osVersion } : {}),
    ...(system.snapshotId !== undefined ? { snapshotId: system.snapshotId } : {}),
  });
  ctx.store.images.insert(imageId, record);
  // x-jdcloud-transition names the image (pending → ready), not the instance of the path.
  startTransition(ctx, imageId);
  return { imageId };
}
