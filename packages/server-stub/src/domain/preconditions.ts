// `x-jdcloud-preconditions`, enforced from the document. Each entry (the main one, then those of
// `also`, in order) names a resource kind and where its ids come from; each resource must exist
// (404), show no refused field value (`excludes`), have no task in progress (400
// FAILED_PRECONDITION, or CONFLICT if its kind says so), be of an accepted image source, be in an
// accepted state, and hold what `links` asks of the resources of another kind. An entry with
// `when` applies only to requests with those values, one with `where` only to resources with
// those field values; a `partial` entry refuses its ids one by one.
import { ApiError, failedPrecondition, internal, notFound } from '../http/errors.js';
import type { PreconditionEntry, PreconditionMessages, PreconditionsExtension } from '../spec/types.js';
import type { ResourceRecord } from '../state/collection.js';
import { isOneOf, isRecord } from './guards.js';
import type { CheckedResource, HandlerContext, RefusedResource, ResourceKind } from './types.js';

export function resourceKind(ctx: HandlerContext, name: string): ResourceKind {
  const kind = ctx.kinds.get(name);
  if (!kind) throw internal(`Resource kind '${name}' is not implemented by the stub yet.`);
  return kind;
}

const PLACEHOLDERS = ['id', 'label', 'state', 'states', 'task'] as const;
type Placeholders = Partial<Record<(typeof PLACEHOLDERS)[number], string>>;

/** A declared message with its `{placeholders}` filled in; unknown names stay as written. */
export function fillMessage(template: string, values: Placeholders): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (isOneOf(PLACEHOLDERS, name) ? values[name] : undefined) ?? whole);
}

function lookUp(ctx: HandlerContext, kind: ResourceKind, id: string, messages?: PreconditionMessages): CheckedResource {
  const record: Readonly<ResourceRecord> | undefined = kind.find
    ? kind.find(ctx, id)
    : ctx.store.collectionNamed(kind.collection).peek(id);
  if (!record) {
    const template = messages?.notFound ?? "{label} '{id}' not found.";
    throw notFound(fillMessage(template, { id, label: kind.label }));
  }
  return { kind, id, record };
}

/**
 * Looks a resource up as the precondition step does (404 NOT_FOUND when it does not exist): the
 * stored record itself, read-only (frozen), without a copy.
 */
export function viewResource(ctx: HandlerContext, kind: ResourceKind, id: string): CheckedResource {
  return lookUp(ctx, kind, id);
}

const list = (values: readonly string[]) =>
  values.length === 1 ? `${values[0]}` : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;

/** A field of a record by dotted path (`systemDisk.diskCategory`). */
function fieldOf(record: Readonly<ResourceRecord>, path: string): unknown {
  let value: unknown = record;
  for (const part of path.split('.')) {
    if (!isRecord(value)) return undefined;
    value = value[part];
  }
  return value;
}

/** The ids of `linked` kind a resource holds that still exist. */
function heldIds(ctx: HandlerContext, checked: CheckedResource, linked: string): string[] {
  const held = checked.kind.links?.[linked];
  if (!held) throw internal(`${ctx.operationId}: ${checked.kind.label} declares no links to '${linked}'.`);
  const kind = resourceKind(ctx, linked);
  const exists = (id: string) => (kind.find ? kind.find(ctx, id) !== undefined : ctx.store.collectionNamed(kind.collection).has(id));
  return held(checked.record, ctx).filter(exists);
}

/** Checks one resource against the rules of an entry; throws the documented error. */
function checkResource(
  ctx: HandlerContext,
  checked: CheckedResource,
  rules: Omit<PreconditionEntry, 'resource' | 'from' | 'when' | 'partial'>,
): void {
  const { kind, id, record } = checked;
  if (rules.where && !Object.entries(rules.where).every(([field, value]) => fieldOf(record, field) === value)) return;
  const messages = rules.messages ?? {};
  const state = () => String(record[kind.stateField ?? 'status'] ?? 'unknown');
  for (const rule of rules.excludes ?? []) {
    if (isOneOf(rule.values, fieldOf(record, rule.field))) {
      throw failedPrecondition(fillMessage(rule.message, { id, label: kind.label, state: state() }));
    }
  }
  if (rules.noTaskInProgress) {
    const task = ctx.store.tasks.current(kind.collection, id);
    if (task) {
      const template = messages.task ?? "{label} '{id}' has a task in progress ({task}); try again when it has finished.";
      throw new ApiError(
        kind.taskInProgressStatus ?? 'FAILED_PRECONDITION',
        fillMessage(template, { id, label: kind.label, task: task.name, state: state() }),
      );
    }
  }
  if (rules.imageSources && rules.imageSources.length > 0) {
    const source = String(record[kind.sourceField ?? 'imageSource'] ?? 'unknown');
    if (!rules.imageSources.includes(source)) {
      throw failedPrecondition(
        messages.imageSource === undefined
          ? `${kind.label} '${id}' is a ${source} image; only ${list(rules.imageSources)} images allow ${ctx.operationId}.`
          : fillMessage(messages.imageSource, { id, label: kind.label, state: state() }),
      );
    }
  }
  if (rules.states && rules.states.length > 0 && !rules.states.includes(state())) {
    const template = messages.state ?? "{label} '{id}' status must be {states}, but it is {state}.";
    throw failedPrecondition(fillMessage(template, { id, label: kind.label, state: state(), states: list(rules.states) }));
  }
  for (const link of rules.links ?? []) {
    const held = heldIds(ctx, checked, link.resource);
    const linkedKind = resourceKind(ctx, link.resource);
    const broken =
      ('max' in link && held.length >= link.max) ||
      ('holdsPathResource' in link && !held.includes(String(ctx.params.path[linkedKind.idParam])));
    if (broken) throw failedPrecondition(fillMessage(link.message, { id, label: kind.label, state: state() }));
  }
}

/** The ids an entry is about: the path parameter, or the `from` field of body/query (each once). */
function preconditionIds(ctx: HandlerContext, kind: ResourceKind, entry: PreconditionEntry): string[] {
  if (entry.from === undefined) {
    const id = ctx.params.path[kind.idParam];
    if (id === undefined) {
      throw internal(`${ctx.operationId}: the path has no '${kind.idParam}' to check preconditions on.`);
    }
    return [id];
  }
  const value = ctx.params.body[entry.from] ?? ctx.params.query[entry.from];
  if (value === undefined || value === null) return [];
  return [...new Set((Array.isArray(value) ? value : [value]).map(String))];
}

/** Whether the request has the values of the entry's `when` (body first, then query). */
function entryApplies(ctx: HandlerContext, entry: PreconditionEntry): boolean {
  if (entry.when === undefined) return true;
  return Object.entries(entry.when).every(([field, value]) => (ctx.params.body[field] ?? ctx.params.query[field]) === value);
}

// Per extension object (the document's, read once): the dispatcher asks on every call.
const entriesOf = new WeakMap<PreconditionsExtension, readonly PreconditionEntry[]>();

/** The main entry and those of `also`, in the order they are checked. */
export function preconditionEntries(ext: PreconditionsExtension): readonly PreconditionEntry[] {
  let entries = entriesOf.get(ext);
  if (!entries) {
    const { also = [], ...main } = ext;
    entries = [main, ...also];
    entriesOf.set(ext, entries);
  }
  return entries;
}

/**
 * Runs the operation's `x-jdcloud-preconditions` (or `ext`). Every resource of every entry is
 * looked up before any rule is checked, so an unknown id answers 404 whatever else is wrong.
 * Fills `ctx.checked` (the resources that passed), `ctx.refused` (the ids a `partial` entry
 * refused) and, from the main entry when its id comes from the path, `ctx.resource`.
 */
export function enforcePreconditions(
  ctx: HandlerContext,
  ext: PreconditionsExtension | undefined = ctx.operation.preconditions,
): CheckedResource[] {
  if (!ext) return [];
  const all = preconditionEntries(ext);
  const mainApplies = entryApplies(ctx, ext);
  const entries = all.length === 1 ? (mainApplies ? all : []) : all.filter((entry) => entryApplies(ctx, entry));
  // Read-only: the checks only read, and handlers that change a resource get their own copy.
  const found = entries.map((entry) => {
    const kind = resourceKind(ctx, entry.resource);
    const resources: CheckedResource[] = [];
    for (const id of preconditionIds(ctx, kind, entry)) resources.push(lookUp(ctx, kind, id, entry.messages));
    return { entry, resources };
  });
  const checked: CheckedResource[] = [];
  const refused: RefusedResource[] = [];
  for (const { entry, resources } of found) {
    if (!entry.partial) {
      for (const resource of resources) checkResource(ctx, resource, entry);
      checked.push(...resources);
      continue;
    }
    const passed: CheckedResource[] = [];
    const failed: RefusedResource[] = [];
    for (const resource of resources) {
      try {
        checkResource(ctx, resource, entry);
        passed.push(resource);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        failed.push({ kind: resource.kind, id: resource.id, error });
      }
    }
    const first = failed[0];
    if (passed.length === 0 && first) throw first.error;
    checked.push(...passed);
    refused.push(...failed);
  }
  ctx.checked = checked;
  ctx.refused = refused;
  if (ext.from === undefined && mainApplies) ctx.resource = found[0]?.resources[0];
  return checked;
}

/** The ids of `kind` that passed the preconditions and those a `partial` entry refused, in request order. */
export function partialOutcome(ctx: HandlerContext, kind: string): { passed: string[]; refused: string[] } {
  return {
    passed: ctx.checked.filter((c) => c.kind.name === kind).map((c) => c.id),
    refused: (ctx.refused ?? []).filter((r) => r.kind.name === kind).map((r) => r.id),
  };
}
