// `x-jdcloud-transition`: the resource shows `transitional` at once, with a task in progress,
// and `final` after --transition-ms. A final state equal to the kind's removed state (`deleted`)
// removes the resource. `final: previous` returns to an earlier state: the one a `saveState`
// transition saved on the record (suspend → resume), else the one it was in when this transition
// began (redeploy). Both are resolved when the transition starts and kept with the record and the
// pending transition, so they survive a restart from the state file.
import { internal } from '../http/errors.js';
import type { TransitionExtension } from '../spec/types.js';
import type { ResourceRecord } from '../state/collection.js';
import { resourceKind } from './preconditions.js';
import type { HandlerContext, ResourceKind } from './types.js';

/** The `final` of a transition that returns to an earlier state. */
export const PREVIOUS_STATE = 'previous';

/** The record field (internal: answers leave `_` fields out) holding a state a `saveState` transition saved. */
export const savedStateField = (kind: ResourceKind): string => `_saved_${kind.stateField ?? 'status'}`;

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
  const field = kind.stateField ?? 'status';
  const collection = ctx.store.collectionNamed(kind.collection);
  const record = collection.peek(id);
  if (!record) throw internal(`${ctx.operationId}: ${kind.label} '${id}' vanished before its transition started.`);
  const saved = savedStateField(kind);
  const current = record[field];
  let final = ext.final;
  if (final === PREVIOUS_STATE) {
    const earlier = record[saved] ?? current;
    if (typeof earlier !== 'string') throw internal(`${ctx.operationId}: ${kind.label} '${id}' has no state to return to.`);
    final = earlier;
    if (saved in record) {
      collection.update(id, (draft) => {
        delete draft[saved];
      });
    }
  }
  if (ext.saveState === true && typeof current === 'string') collection.patch(id, { [saved]: current });
  const startOptions: Parameters<typeof ctx.store.transitions.start>[2] = {
    transitional: ext.transitional,
    final,
    field,
    task: ctx.operationId,
  };
  if (options.durationMs !== undefined) startOptions.durationMs = options.durationMs;
  ctx.store.transitions.start(kind.collection, id, startOptions);
}

/** True when the operation's transition is about the resource its preconditions check from the path. */
export function transitionAppliesToPathResource(ctx: HandlerContext): boolean {
  const { transition, preconditions } = ctx.operation;
  if (!transition || !preconditions || preconditions.from !== undefined) return false;
  return transition.resource === undefined || transition.resource === preconditions.resource;
}
