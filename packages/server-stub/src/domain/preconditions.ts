// `x-jdcloud-preconditions`, enforced from the document: the resource exists (404), no task is in
// progress on it (400 FAILED_PRECONDITION, or CONFLICT if its kind says so), it is in one of the
// accepted states (400 FAILED_PRECONDITION) and, for images, of an accepted source.
import { ApiError, failedPrecondition, internal, notFound } from '../http/errors.js';
import type { PreconditionsExtension } from '../spec/types.js';
import type { ResourceRecord } from '../state/collection.js';
import type { CheckedResource, HandlerContext, ResourceKind } from './types.js';

export function resourceKind(ctx: HandlerContext, name: string): ResourceKind {
  const kind = ctx.kinds.get(name);
  if (!kind) throw internal(`Resource kind '${name}' is not implemented by the stub yet.`);
  return kind;
}

/**
 * Looks a resource up as the precondition step does; 404 NOT_FOUND when it does not exist. The
 * record is a copy the caller may change (kinds with `find` answer what `find` gives).
 */
export function requireResource(ctx: HandlerContext, kind: ResourceKind, id: string): CheckedResource {
  const record: ResourceRecord | undefined = kind.find
    ? kind.find(ctx, id)
    : ctx.store.collectionNamed(kind.collection).get(id);
  if (!record) throw notFound(`${kind.label} '${id}' not found.`);
  return { kind, id, record };
}

/** As requireResource, but the stored record itself, read-only (frozen), without a copy. */
export function viewResource(ctx: HandlerContext, kind: ResourceKind, id: string): CheckedResource {
  const record: Readonly<ResourceRecord> | undefined = kind.find
    ? kind.find(ctx, id)
    : ctx.store.collectionNamed(kind.collection).peek(id);
  if (!record) throw notFound(`${kind.label} '${id}' not found.`);
  return { kind, id, record };
}

const list = (values: readonly string[]) =>
  values.length === 1 ? `${values[0]}` : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;

/** Checks one resource against the rules; throws the documented error. */
export function checkResource(
  ctx: HandlerContext,
  checked: CheckedResource,
  rules: Pick<PreconditionsExtension, 'states' | 'noTaskInProgress' | 'imageSources'>,
): void {
  const { kind, id, record } = checked;
  if (rules.noTaskInProgress) {
    const task = ctx.store.tasks.current(kind.collection, id);
    if (task) {
      throw new ApiError(
        kind.taskInProgressStatus ?? 'FAILED_PRECONDITION',
        `${kind.label} '${id}' has a task in progress (${task.name}); try again when it has finished.`,
      );
    }
  }
  if (rules.imageSources && rules.imageSources.length > 0) {
    const source = String(record[kind.sourceField ?? 'imageSource'] ?? 'unknown');
    if (!rules.imageSources.includes(source)) {
      throw failedPrecondition(
        `${kind.label} '${id}' is a ${source} image; only ${list(rules.imageSources)} images allow ${ctx.operationId}.`,
      );
    }
  }
  if (rules.states && rules.states.length > 0) {
    const state = String(record[kind.stateField ?? 'status'] ?? 'unknown');
    if (!rules.states.includes(state)) {
      throw failedPrecondition(`${kind.label} '${id}' status must be ${list(rules.states)}, but it is ${state}.`);
    }
  }
}

/** The ids the preconditions are about: the path parameter, or the `from` field of body/query. */
export function preconditionIds(ctx: HandlerContext, kind: ResourceKind, ext: PreconditionsExtension): string[] {
  if (ext.from === undefined) {
    const id = ctx.params.path[kind.idParam];
    if (id === undefined) {
      throw internal(`${ctx.operationId}: the path has no '${kind.idParam}' to check preconditions on.`);
    }
    return [id];
  }
  const value = ctx.params.body[ext.from] ?? ctx.params.query[ext.from];
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/**
 * Runs the operation's `x-jdcloud-preconditions` (or `ext`). Fills `ctx.checked` and, when the id
 * comes from the path, `ctx.resource`. Returns the checked resources.
 */
export function enforcePreconditions(
  ctx: HandlerContext,
  ext: PreconditionsExtension | undefined = ctx.operation.preconditions,
): CheckedResource[] {
  if (!ext) return [];
  const kind = resourceKind(ctx, ext.resource);
  const out: CheckedResource[] = [];
  for (const id of preconditionIds(ctx, kind, ext)) {
    // Read-only: the checks only read, and handlers that change the resource get their own copy.
    const checked = viewResource(ctx, kind, id);
    checkResource(ctx, checked, ext);
    out.push(checked);
  }
  ctx.checked = out;
  if (ext.from === undefined) ctx.resource = out[0];
  return out;
}
