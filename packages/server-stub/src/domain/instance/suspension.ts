// suspendInstance, resumeInstance and redeployInstance. Their state and task rules and their
// transitions are the document's (x-jdcloud-preconditions, x-jdcloud-transition), applied by the
// dispatcher: suspend saves the state it leaves and resume returns to it, redeploy returns to the
// state it started from (`final: previous`). The sources state no other rule for them.
import type { OperationContext, OperationResult } from '../types.js';

export function suspendInstance(_ctx: OperationContext<'suspendInstance'>): OperationResult<'suspendInstance'> {
  return undefined;
}

export function resumeInstance(_ctx: OperationContext<'resumeInstance'>): OperationResult<'resumeInstance'> {
  return undefined;
}

export function redeployInstance(_ctx: OperationContext<'redeployInstance'>): OperationResult<'redeployInstance'> {
  return undefined;
}
