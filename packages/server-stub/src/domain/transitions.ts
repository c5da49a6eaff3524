// `x-jdcloud-transition`: the resource shows `transitional` at once, with a task in progress,
// and `final` after --transition-ms. A final state equal to the kind's removed state (`deleted`)
// removes the resource.
import { internal } from '../http/errors.js';
import type { TransitionExtension } from '../spec/types.js';
import { resourceKind } from './preconditions.js';
import type { HandlerContext } from './types.js';

/**
 * Starts the operation's transition (or `ext`) on resource `id`. The kind is the transition's
 * `resource`, else the preconditions' resource, else `kindName`.
 */
export function startTransition(
  ctx: HandlerContext,
  id: string,
  options: { kind?: string; ext?: TransitionExtension; durationMs?: number } = {},
): void {
  const ext = options.ext ?? ctx.operation.transition;
  if (!ext) throw internal(`${ctx.operationId} declares no x-jdcloud-transition.`);
  const kindName = options.kind ?? ext.resource ?? ctx.operation.preconditions?.resource;
  if (!kindName) throw internal(`${ctx.operationId}: the transition names no resource kind.`);
  const kind = resourceKind(ctx, kindName);
  const startOptions: Parameters<typeof ctx.store.transitions.start>[2] = {
    transitional: ext.transitional,
    final: ext.final,
    field: kind.stateField ?? 'status',
    task: ctx.operationId,
  };
  if (options.durationMs !== undefined) startOptions.durationMs = options.durationMs;
  if (!ctx.store.transitions.start(kind.collection, id, startOptions)) {
    throw internal(`${ctx.operationId}: ${kind.label} '${id}' vanished before its transition started.`);
  }
}

/** True when the operation's transition is about the resource its preconditions check from the path. */
export function transitionAppliesToPathResource(ctx: HandlerContext): boolean {
  const { transition, preconditions } = ctx.operation;
  if (!transition || !preconditions || preconditions.from !== undefined) return false;
  return transition.resource === undefined || transition.resource === preconditions.resource;
}
