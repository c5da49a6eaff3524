// modifyImageAttribute and deleteImage of the caller's own private images.
import { failedPrecondition, invalidArgument } from '../../http/errors.js';
import type { HandlerContext, OperationContext, OperationResult } from '../types.js';
import { checkDescription, checkGeneralName, ownImage } from './rules.js';

export function modifyImageAttribute(ctx: OperationContext<'modifyImageAttribute'>): OperationResult<'modifyImageAttribute'> {
  const image = ownImage(ctx);
  const { name, description } = ctx.params.body;
  if (name === undefined && description === undefined) {
    throw invalidArgument('Give name, description or both.');
  }
  const newName = name === undefined ? undefined : checkGeneralName(name, 'name');
  const newDesc = description === undefined ? undefined : checkDescription(description);
  ctx.store.images.update(image.imageId, (draft) => {
    if (newName !== undefined) draft.name = newName;
    if (newDesc !== undefined) draft.desc = newDesc;
  });
  return undefined;
}

/** Whether an instance of any account in this region was created from the image. */
function inUseByInstances(ctx: HandlerContext, imageId: string): string | undefined {
  for (const account of ctx.state.accounts()) {
    const instances = ctx.state.scope(account, ctx.region).instances;
    const user = instances.list().find((instance) => instance.imageId === imageId);
    if (user) return account === ctx.account ? `instance '${user.instanceId ?? '?'}'` : 'an instance of another account';
  }
  return undefined;
}

/** The checks beyond the preconditions; the transition (deleting → removed) follows the handler. */
export function deleteImage(ctx: OperationContext<'deleteImage'>): OperationResult<'deleteImage'> {
  const image = ownImage(ctx);
  const id = image.imageId;
  if ((image._sharedWith?.length ?? 0) > 0) {
    throw failedPrecondition(
      `Image '${id}' is shared with ${image._sharedWith?.length} account(s); remove every member with unShareImage first.`,
    );
  }
  if (image._community) {
    throw failedPrecondition(`Image '${id}' is published as a community image; withdraw it with unReleaseImage first.`);
  }
  if (image.rootDeviceType === 'localDisk') {
    const user = inUseByInstances(ctx, id);
    if (user) {
      throw failedPrecondition(`Image '${id}' has a local system disk and ${user} created from it still exists.`);
    }
  }
  // deleteSnapshot: the stub keeps no snapshots apart from the image.
  return undefined;
}
