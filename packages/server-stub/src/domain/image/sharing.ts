// shareImage / unShareImage (members named by user PIN, the key of an account's state; in the
// stub a login name is the PIN) and
// releaseImage / unReleaseImage (community publication, which revokes the shares).
import { failedPrecondition } from '../../http/errors.js';
import { checkQuota } from '../quotas.js';
import type { OperationContext, OperationResult } from '../types.js';
import {
  accountsOf,
  isWholeMachine,
  ownImage,
  requireCloudDisk,
  requireUnencrypted } from './rules.js';

export function shareImage(ctx: OperationContext<'shareImage'>): OperationResult<'shareImage'> {
  const image = ownImage(ctx);
  const id = image.imageId;
  if (image._community) {
    throw failedPrecondition(`Image '${id}' is a community image; withdraw it with unReleaseImage before sharing it.`);
  }
  if (isWholeMachine(image)) {
    throw failedPrecondition(`Image '${id}' is a whole-machine image (it has data disks); such images cannot be shared.`);
  }
  requireUnencrypted(image, 'shared');
  const accounts = accountsOf(ctx);
  if (accounts.includes(ctx.account)) {
    throw failedPrecondition(`Image '${id}' belongs to '${ctx.account}'; an image cannot be shared with its owner.`);
  }
  const members = image._sharedWith ?? [];
  const adding = accounts.filter((account) => !members.includes(account));
  checkQuota(ctx, 'imageShare', members.length, adding.length, `Image share (accounts per image, image '${id}')`);
  if (adding.length > 0) {
    ctx.store.images.update(id, (draft) => {
      draft._sharedWith = [...members, ...adding];
    });
  }
  return undefined;
}

export function unShareImage(ctx: OperationContext<'unShareImage'>): OperationResult<'unShareImage'> {
  const image = ownImage(ctx);
  const id = image.imageId;
  const members = image._sharedWith ?? [];
  if (members.length === 0) throw failedPrecondition(`Image '${id}' is not shared with any account.`);
  const accounts = accountsOf(ctx);
  for (const account of accounts) {
    if (!members.includes(account)) throw failedPrecondition(`Image '${id}' is not shared with '${account}'.`);
  }
  ctx.store.images.update(id, (draft) => {
    draft._sharedWith = members.filter((member) => !accounts.includes(member));
  });
  return undefined;
}

export function releaseImage(ctx: OperationContext<'releaseImage'>): OperationResult<'releaseImage'> {
  const image = ownImage(ctx);
  requireCloudDisk(image, 'published as community images');
  requireUnencrypted(image, 'published as a community image');
  ctx.store.images.update(image.imageId, (draft) => {
    draft._community = true;
    // Publishing revokes the existing shares.
    draft._sharedWith = [];
  });
  return undefined;
}

export function unReleaseImage(ctx: OperationContext<'unReleaseImage'>): OperationResult<'unReleaseImage'> {
  const image = ownImage(ctx);
  if (image._community) {
    ctx.store.images.update(image.imageId, (draft) => {
      draft._community = false;
    });
  }
  return undefined;
}
