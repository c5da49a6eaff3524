// attachKeypair and detachKeypair: a key pair on the instances of a list, each checked on its own.
//
// Every rule is the document's x-jdcloud-preconditions, applied by the dispatcher: the key pair
// and every instance must exist (404 NOT_FOUND for the first unknown one); an instance that breaks
// a rule (Windows, not stopped or busy, already holding a key / not holding this one) is refused
// on its own (`partial`) and answered in `failInstanceId`, the others in `successInstanceId`; when
// none passes the call fails with the first one's error, as the pages' error tables show for a
// single instance. The handlers only make the change.
import { INSTANCE } from '../instance/kind.js';
import type { InstanceRecord } from '../instance/records.js';
import { partialOutcome } from '../preconditions.js';
import type { HandlerContext, OperationContext, OperationResult } from '../types.js';
import { KEYPAIR, type KeypairRecord } from './index.js';

const keypairs = (ctx: HandlerContext) => ctx.store.collection<KeypairRecord>(KEYPAIR.collection);
const instances = (ctx: HandlerContext) => ctx.store.collection<InstanceRecord>(INSTANCE.collection);

function outcome(ctx: HandlerContext) {
  const { passed, refused } = partialOutcome(ctx, INSTANCE.name);
  return { successInstanceId: passed, failInstanceId: refused };
}

export function attachKeypair(ctx: OperationContext<'attachKeypair'>): OperationResult<'attachKeypair'> {
  const { keyName } = ctx.params.path;
  const { passWordAuth } = ctx.params.body;
  const result = outcome(ctx);
  for (const id of result.successInstanceId) {
    instances(ctx).update(id, (draft) => {
      draft.keyNames = [keyName];
      draft._passwordAuth = passWordAuth;
    });
  }
  keypairs(ctx).update(keyName, (draft) => {
    draft.instanceIds = [...new Set([...draft.instanceIds, ...result.successInstanceId])];
  });
  return result;
}

export function detachKeypair(ctx: OperationContext<'detachKeypair'>): OperationResult<'detachKeypair'> {
  const { keyName } = ctx.params.path;
  const result = outcome(ctx);
  for (const id of result.successInstanceId) {
    instances(ctx).update(id, (draft) => {
      draft.keyNames = (draft.keyNames ?? []).filter((name) => name !== keyName);
      // Without a key, password login is the way in again.
      draft._passwordAuth = 'yes';
    });
  }
  keypairs(ctx).update(keyName, (draft) => {
    draft.instanceIds = draft.instanceIds.filter((id) => !result.successInstanceId.includes(id));
  });
  return result;
}
