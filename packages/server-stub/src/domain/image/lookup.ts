// Which images an account may launch or rebuild from: the catalog's public and third-party
// images, its own private images, images other accounts shared with it, and community images.
// Shared by the instance domain (createInstances, rebuildInstance) and the image domain.
import { loadCatalog, type ImageInfo } from '../../catalog/index.js';
import type { HandlerContext } from '../types.js';

/** Internal bookkeeping kept beside the Image model fields of a private image record. */
export interface ImageRecordExtras {
  /** Accounts (their pins: the access key id, or `default` in open mode) it is shared with. */
  _sharedWith?: string[];
  /** Published as a community image (releaseImage). */
  _community?: boolean;
}

export type ImageRecord = ImageInfo & ImageRecordExtras;

export const IMAGE_COLLECTION = 'image';

/** Strips the internal `_` fields before a record leaves the stub. */
export function presentImage(record: ImageRecord, viewer?: string, owner?: string): ImageInfo {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (!key.startsWith('_')) out[key] = value;
  if (viewer !== undefined && owner !== undefined && viewer !== owner) {
    out.imageSource = record._community ? 'community' : 'shared';
  }
  return out as ImageInfo;
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
  const own = ctx.store.collection<ImageRecord>(IMAGE_COLLECTION).get(imageId);
  if (own) return { image: presentImage(own), owner: ctx.account };
  for (const account of ctx.state.accounts()) {
    if (account === ctx.account) continue;
    const record = ctx.state.scope(account, ctx.region).collection<ImageRecord>(IMAGE_COLLECTION).get(imageId);
    if (record && (record._community || record._sharedWith?.includes(ctx.account))) {
      return { image: presentImage(record, ctx.account, account), owner: account };
    }
  }
  return undefined;
}
