// Which images an account may launch or rebuild from: the catalog's public and third-party
// images, its own private images, images other accounts shared with it, and community images.
// Shared by the instance and template domains (createInstances, rebuildInstance, templates) and
// the image domain.
import { loadCatalog, type ImageInfo } from '../../catalog/index.js';
import type { ResourceRecord } from '../../state/collection.js';
import { COLLECTION_NAMES } from '../../state/region.js';
import type { ImageRecord } from '../../state/records.js';
import { withoutExtras } from '../fields.js';
import type { HandlerContext } from '../types.js';

export type { ImageRecord, ImageRecordExtras } from '../../state/records.js';

/** The collection (and resource kind) private images are kept in. */
export const IMAGE_COLLECTION = COLLECTION_NAMES.images;

/** Who may launch a private image, from its owner's point of view. */
export function launchPermissionOf(record: ImageRecord): 'all' | 'specifiedUsers' | 'ownerOnly' {
  if (record._community) return 'all';
  return record._sharedWith && record._sharedWith.length > 0 ? 'specifiedUsers' : 'ownerOnly';
}

/**
 * Strips the internal `_` fields before a record leaves the stub. For a private image, `viewer`
 * and `owner` decide how it looks: to another account it is `shared` or `community`.
 */
export function presentImage(record: ImageRecord, viewer?: string, owner?: string): ImageInfo {
  const out: ImageInfo = withoutExtras(record);
  const foreign = viewer !== undefined && owner !== undefined && viewer !== owner;
  if (foreign) {
    out.imageSource = record._community ? 'community' : 'shared';
    out.launchPermission = record._community ? 'all' : 'specifiedUsers';
  } else if (record.imageSource === 'private') {
    out.launchPermission = launchPermissionOf(record);
  }
  return out;
}

/** Whether `viewer` may see another account's image `record`. */
export function visibleTo(record: ImageRecord, viewer: string): boolean {
  return record._community === true || (record._sharedWith?.includes(viewer) ?? false);
}

/**
 * The image as `ctx.account` sees it in `ctx.region`, with the account that owns it
 * (`undefined` for catalog images), or undefined when the account may not use it.
 */
export function findVisibleImage(
  ctx: HandlerContext,
  imageId: string,
): { image: ImageInfo; owner: string | undefined } | undefined {
  const catalogImage = loadCatalog().publicImages.get(imageId);
  if (catalogImage) return { image: catalogImage, owner: undefined };
  const own = ctx.store.images.get(imageId);
  if (own) return { image: presentImage(own), owner: ctx.account };
  for (const account of ctx.state.accounts()) {
    if (account === ctx.account) continue;
    const record = ctx.state.scope(account, ctx.region).images.get(imageId);
    if (record && visibleTo(record, ctx.account)) {
      return { image: presentImage(record, ctx.account, account), owner: account };
    }
  }
  return undefined;
}

/**
 * Lookup for the `image` resource kind (x-jdcloud-preconditions): the caller's own record as
 * stored (its `imageSource` is `private`), or the caller's view of a catalog, shared or community
 * image (`public`, `thirdparty`, `shared`, `community`), so that `imageSources: [private]` admits
 * only the caller's own images. Another account's image the caller may not see is not found.
 */
export function findImageResource(ctx: HandlerContext, imageId: string): ResourceRecord | undefined {
  return ctx.store.images.get(imageId) ?? findVisibleImage(ctx, imageId)?.image;
}
