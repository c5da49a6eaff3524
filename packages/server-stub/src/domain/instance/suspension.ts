// suspendInstance, resumeInstance and redeployInstance. The state and task rules and the
// suspend/resume transitions are the document's (x-jdcloud-preconditions, x-jdcloud-transition),
// applied by the dispatcher; the sources state no other rule for them. Redeploy returns to the
// state it started from, which a fixed `final` cannot say, so it starts its transition here.
import { startTransition } from '../transitions.js';
import type { OperationContext, OperationResult } from '../types.js';
import { pathInstanceView } from './kind.js';

export function suspendInstance(_ctx: OperationContext<'suspendInstance'>): OperationResult<'suspendInstance'> {
  return undefined;
}

export function resumeInstance(_ctx: OperationContext<'resumeInstance'>): OperationResult<'resumeInstance'> {
  return undefined;
}

export function redeployInstance(ctx: OperationContext<'redeployInstance'>): OperationResult<'redeployInstance'> {
  const instance = pathInstanceView(ctx);
  startTransition(ctx, instance.instanceId, {
    kind: 'instance',
    ext: { transitional: 'redeploying', final: String(instance.status) },
  });
}
