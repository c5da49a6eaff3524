// attachKeypair and detachKeypair: a key pair on the instances of a list, each checked on its own.
//
// Every rule is the document's x-jdcloud-preconditions, applied by the dispatcher: the key pair
// and every instance must exist (404 NOT_FOUND for the first unknown one); an instance that breaks
// a rule (Windows, not stopped or busy, already holding a key / not holding this one) is refused
// on its own (`partial`) and answered in `failInstanceId`, the others in `successInstanceId`; when
// none passes the call fails with the first one's error, as the pages' error tables show for a
// single instance. The handlers only make the change.
import { INSTANCE } from '../instance/kind.js';
import { partialOutcome } from '../preconditions.js';
import type { HandlerContext, OperationContext, OperationResult } from '../types.js';

/** Who passed the instances' rules and who did not (the dispatcher's `partial` entry). */
function outcome(ctx: HandlerContext) {
  const { passed, refused } = partialOutcome(ctx, INSTANCE.name);
  return { successInstanceId: passed, failInstanceId: refused };
}

// The key pair's side of the link is not stored: describeKeypairs reads it off the instances'
// keyNames (state/region.ts), so a change is one update of each instance.
export function attachKeypair(ctx: OperationContext<'attachKeypair'>): OperationResult<'attachKeypair'> {
  const { keyName } = ctx.params.path;
  const { passWordAuth } = ctx.params.body;
  const result = outcome(ctx);
  for (const id of result.successInstanceId) {
    ctx.store.instances.update(id, (draft) => {
      draft.keyNames = [keyName];
      draft._passwordAuth = passWordAuth;
    });
  }
  return result;
}

export function detachKeypair(ctx: OperationContext<'detachKeypair'>): OperationResult<'detachKeypair'> {
  const { keyName } = ctx.params.path;
  const result = outcome(ctx);
  for (const id of result.successInstanceId) {
    ctx.store.instances.update(id, (draft) => {
      draft.keyNames = (draft.keyNames ?? []).filter((name) => name !== keyName);
      // Without a key, password login is the way in again.
      draft._passwordAuth = 'yes';
    });
  }
  return result;
}
