// copyImages: copies of the caller's cloud-disk private images in another region of the same
// account, `pending` there until the copy is done; the source is busy meanwhile.
import { loadCatalog } from '../../catalog/index.js';
import { invalidArgument } from '../../http/errors.js';
import { isoTime } from '../../state/clock.js';
import { checkQuota } from '../quotas.js';
import type { OperationContext, OperationResult } from '../types.js';
import { IMAGE_COLLECTION, type ImageRecord } from './lookup.js';
import { checkDescription, checkImageName, ownImageById, requireCloudDisk, requireUnencrypted } from './rules.js';

export const COPY_TASK = 'copyImages';

export function copyImages(ctx: OperationContext<'copyImages'>): OperationResult<'copyImages'> {
  const { body } = ctx.params;
  const sourceIds = body.sourceImageIds;
  if (sourceIds.length === 0) throw invalidArgument('sourceImageIds must name at least one image.');
  const repeated = sourceIds.find((id, index) => sourceIds.indexOf(id) !== index);
  if (repeated) throw invalidArgument(`sourceImageIds lists '${repeated}' twice.`);
  // The preconditions made sure each is an own private image, ready and not busy.
  const sources = sourceIds.map((id) => ownImageById(ctx, id));
  for (const source of sources) {
    requireCloudDisk(source, 'copied');
    requireUnencrypted(source, 'copied');
  }
  const destination = String(body.destinationRegion);
  if (destination === ctx.region) {
    throw invalidArgument(`destinationRegion must differ from the region of the call (${ctx.region}).`);
  }
  if (!loadCatalog().regions.has(destination)) {
    throw invalidArgument(`destinationRegion '${destination}' is not a region of the VM service.`);
  }
  const name = body.name === undefined ? undefined : checkImageName(body.name, 'name');
  const desc = body.description === undefined ? undefined : checkDescription(body.description);
  const target = ctx.store.inRegion(destination);
  const copies = target.images;
  checkQuota(ctx, 'image', copies.count(), sources.length, `Image (region ${destination})`);

  const now = isoTime(ctx.clock.now());
  const result: Array<{ sourceImageId: string; destinationImageId: string }> = [];
  for (const source of sources) {
    const copyId = ctx.store.newId('img');
    const copy: ImageRecord = {
      ...source,
      imageId: copyId,
      name: name ?? source.name,
      desc: desc ?? `Copied from ${source.imageId} of ${ctx.region}`,
      status: 'pending',
      progress: '0',
      createTime: now,
      _sharedWith: [],
      _community: false,
    };
    const newSnapshot = () => ctx.store.newId('snapshot');
    if (copy.systemDisk?.cloudDisk) {
      const snapshotId = newSnapshot();
      copy.systemDisk = { ...copy.systemDisk, cloudDisk: { ...copy.systemDisk.cloudDisk, snapshotId } };
      copy.snapshotId = snapshotId;
    }
    copy.dataDisks = (copy.dataDisks ?? []).map((disk) =>
      disk.cloudDisk?.snapshotId ? { ...disk, cloudDisk: { ...disk.cloudDisk, snapshotId: newSnapshot() } } : disk,
    );
    copies.insert(copyId, copy);
    target.transitions.start(IMAGE_COLLECTION, copyId, { transitional: 'pending', final: 'ready', task: COPY_TASK });
    // The source is busy until its copy is done.
    ctx.store.tasks.begin(IMAGE_COLLECTION, source.imageId, COPY_TASK, { durationMs: ctx.state.transitionMs });
    result.push({ sourceImageId: source.imageId, destinationImageId: copyId });
  }
  return { copyImages: result };
}
