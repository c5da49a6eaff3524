// attachKeypair and detachKeypair: a key pair on the instances of a list, each checked on its own.
//
// Every instance must exist (404 NOT_FOUND for the first unknown one). Each one that breaks a rule
// (Windows, not stopped or busy, already holding a key / not holding this one) is answered in
// `failInstanceId`, the others in `successInstanceId`; when none succeeds the call fails with the
// first one's error, as the pages' error tables show for a single instance.
import { ApiError, failedPrecondition } from '../../http/errors.js';
import { INSTANCE } from '../instance/kind.js';
import type { InstanceRecord } from '../instance/records.js';
import { osFamily } from '../instance/rules.js';
import { checkResource, viewResource } from '../preconditions.js';
import type { HandlerContext, OperationContext, OperationResult } from '../types.js';

/** The instance rules both operations share; the key pair itself is checked by x-jdcloud-preconditions. */
const INSTANCE_RULES = { states: ['stopped'], noTaskInProgress: true };

/** The key pairs an instance still holds (one whose key pair was deleted holds none). */
const heldKeys = (ctx: HandlerContext, instance: Readonly<InstanceRecord>) =>
  (instance.keyNames ?? []).filter((name) => ctx.store.keypairs.has(name));

interface Outcome {
  successInstanceId: string[];
  failInstanceId: string[];
}

function eachInstance(
  ctx: HandlerContext,
  instanceIds: readonly string[],
  check: (instance: Readonly<InstanceRecord>) => void,
): Outcome {
  const ids = [...new Set(instanceIds)];
  const found = ids.map((id) => viewResource(ctx, INSTANCE, id));
  const outcome: Outcome = { successInstanceId: [], failInstanceId: [] };
  let first: ApiError | undefined;
  for (const checked of found) {
    const instance = checked.record as unknown as Readonly<InstanceRecord>;
    try {
      if (osFamily(instance.osType) === 'windows') throw failedPrecondition("Windows OS doesn't support attach keypair.");
      checkResource(ctx, checked, INSTANCE_RULES);
      check(instance);
      outcome.successInstanceId.push(checked.id);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      first ??= error;
      outcome.failInstanceId.push(checked.id);
    }
  }
  if (outcome.successInstanceId.length === 0 && first) throw first;
  return outcome;
}

export function attachKeypair(ctx: OperationContext<'attachKeypair'>): OperationResult<'attachKeypair'> {
  const { keyName } = ctx.params.path;
  const { instanceIds, passWordAuth } = ctx.params.body;
  const outcome = eachInstance(ctx, instanceIds, (instance) => {
    if (heldKeys(ctx, instance).length > 0) {
      throw failedPrecondition(`Already attached key pair. instance id ${instance.instanceId}`);
    }
  });
  for (const id of outcome.successInstanceId) {
    ctx.store.instances.update(id, (draft) => {
      draft.keyNames = [keyName];
      draft._passwordAuth = passWordAuth;
    });
  }
  return outcome;
}

export function detachKeypair(ctx: OperationContext<'detachKeypair'>): OperationResult<'detachKeypair'> {
  const { keyName } = ctx.params.path;
  const outcome = eachInstance(ctx, ctx.params.body.instanceIds, (instance) => {
    if (!heldKeys(ctx, instance).includes(keyName)) {
      throw failedPrecondition(`Already attached other keypair. instance id ${instance.instanceId}`);
    }
  });
  for (const id of outcome.successInstanceId) {
    ctx.store.instances.update(id, (draft) => {
      draft.keyNames = (draft.keyNames ?? []).filter((name) => name !== keyName);
      // Without a key, password login is the way in again.
      draft._passwordAuth = 'yes';
    });
  }
  return outcome;
}
