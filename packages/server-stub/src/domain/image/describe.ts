// describeImages, describeImage, describeImageConstraints(Batch) and describeImageMembers: the
// images an account sees in a region, one by one or a page at a time.
import { type ImageInfo, loadCatalog } from '../../catalog/index.js';
import { invalidArgument, notFound } from '../../http/errors.js';
import { paginate } from '../listing.js';
import type { ContextWithPath, HandlerContext, OperationContext, OperationResult } from '../types.js';
import { findVisibleImage, presentImage, visibleTo } from './lookup.js';
import { ownImage } from './rules.js';

/** Every image the caller may see here: catalog, own, shared with it, community (in that order). */
export function visibleImages(ctx: HandlerContext): ImageInfo[] {
  const out: ImageInfo[] = [...loadCatalog().publicImages.values()];
  for (const record of ctx.store.images.list()) out.push(presentImage(record));
  const shared: ImageInfo[] = [];
  const community: ImageInfo[] = [];
  for (const account of ctx.state.accounts()) {
    if (account === ctx.account) continue;
    for (const record of ctx.state.scope(account, ctx.region).images.list()) {
      if (!visibleTo(record, ctx.account)) continue;
      (record._community ? community : shared).push(presentImage(record, ctx.account, account));
    }
  }
  return [...out, ...shared, ...community];
}

export function describeImages(ctx: OperationContext<'describeImages'>): OperationResult<'describeImages'> {
  const q = ctx.params.query;
  const ids = q.ids;
  const byIds = ids !== undefined && ids.length > 0;
  const imageSource = q.imageSource;
  if (!byIds && imageSource === undefined) {
    throw invalidArgument('imageSource is required unless ids is given.');
  }
  // Each optional query parameter named here is an equality test on the image.
  const eq = (name: keyof typeof q, read: (image: ImageInfo) => unknown) => (image: ImageInfo) =>
    q[name] === undefined || read(image) === q[name];
  const conditions: Array<(image: ImageInfo) => boolean> = [
    (image) => !byIds || ids.includes(image.imageId),
    eq('imageSource', (i) => i.imageSource),
    eq('platform', (i) => i.platform),
    eq('rootDeviceType', (i) => i.rootDeviceType),
    eq('status', (i) => i.status),
    eq('architecture', (i) => i.architecture),
    (image) => {
      const name = q.imageName;
      return name === undefined || (image.name ?? '').toLowerCase().includes(name.toLowerCase());
    },
    (image) => {
      const instanceIds = q.instanceIds;
      return !instanceIds || instanceIds.length === 0 || instanceIds.includes(image.instanceId ?? '');
    },
    // launchPermission only applies to the caller's own images.
    (image) => imageSource !== 'private' || eq('launchPermission', (i) => i.launchPermission)(image),
    // Looking up by id ignores offline (as documented) and the bootMode default (the stub cannot
    // tell a default from a value that was sent).
    (image) => byIds || eq('bootMode', (i) => i.bootMode ?? 'bios')(image),
    (image) =>
      byIds ||
      (image.imageSource !== 'public' && image.imageSource !== 'thirdparty') ||
      (image.offline ?? false) === (q.offline ?? false),
  ];
  const matched = visibleImages(ctx).filter((image) => conditions.every((ok) => ok(image)));
  const page = paginate(ctx, matched);
  return { images: page.items, totalCount: page.totalCount };
}

/** The caller's view of an image, or 404 (never a hint that another account's image exists). */
function visibleImage(ctx: ContextWithPath<'imageId'>): ImageInfo {
  const imageId = ctx.params.path.imageId;
  const found = findVisibleImage(ctx, imageId);
  if (!found) throw notFound(`Image '${imageId}' not found.`);
  return found.image;
}

export function describeImage(ctx: OperationContext<'describeImage'>): OperationResult<'describeImage'> {
  return { image: visibleImage(ctx) };
}

/** An image's instance-type restriction; images without one (private, shared, community) get an empty `excludes`. */
function constraintOf(imageId: string) {
  const constraint = loadCatalog().imageConstraints.get(imageId);
  return {
    imageId,
    imageInstanceTypeConstraint: constraint
      ? { constraintsType: constraint.constraintsType, instanceTypes: [...(constraint.instanceTypes ?? [])] }
      : { constraintsType: 'excludes', instanceTypes: [] },
  };
}

export function describeImageConstraints(ctx: OperationContext<'describeImageConstraints'>): OperationResult<'describeImageConstraints'> {
  return { imageConstraints: constraintOf(visibleImage(ctx).imageId) };
}

/**
 * One entry per listed image the caller can see (unknown ids are left out: the operation has no
 * 404); without `ids`, every catalog image.
 */
export function describeImageConstraintsBatch(ctx: OperationContext<'describeImageConstraintsBatch'>): OperationResult<'describeImageConstraintsBatch'> {
  const { ids } = ctx.params.query;
  const wanted =
    ids && ids.length > 0
      ? [...new Set(ids)].filter((id) => findVisibleImage(ctx, id) !== undefined)
      : [...loadCatalog().publicImages.keys()];
  return { imageConstraints: wanted.map(constraintOf) };
}

export function describeImageMembers(ctx: OperationContext<'describeImageMembers'>): OperationResult<'describeImageMembers'> {
  const members = ownImage(ctx)._sharedWith ?? [];
  // In the stub an account's login name is its pin.
  return { pins: [...members], loginNames: [...members] };
}
