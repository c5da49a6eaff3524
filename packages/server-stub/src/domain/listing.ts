// Describe operations, driven by the document: `x-jdcloud-filters` (exact / fuzzy match, one or
// several values), tag filters (`tags`), and paging from `x-jdcloud-pagination` with the
// `pageNumber` / `pageSize` defaults the document states.
import { internal, invalidArgument } from '../http/errors.js';
import { queryDefault } from '../spec/index.js';
import type { FilterDefinition } from '../spec/types.js';
import type { PageItem, PagedOperationId } from '@jdcloud-vm/client';
import type { Collection } from '../state/collection.js';
import { isRecord } from './guards.js';
import type { HandlerContext, OperationContext, OperationId, OperationResult } from './types.js';

export interface FilterCondition {
  name: string;
  operator?: string;
  values: string[];
}

export interface TagCondition {
  key?: string;
  values?: string[];
}

export interface TagLike {
  key?: string;
  value?: string;
}

/** A tag as applyTagFilters compares it: read from a record, whatever its fields hold. */
type TagFields = Readonly<{ key?: unknown; value?: unknown }>;

/** Custom value readers, by filter name, for fields that are computed rather than stored. */
export type Accessors<T> = Record<string, (item: T) => unknown>;

/** Values at a dotted path; arrays along the way are flattened (`networkInterfaces.privateIp`). */
export function valuesAt(item: unknown, path: string): unknown[] {
  return valuesAtPath(item, path.split('.'));
}

function valuesAtPath(item: unknown, keys: readonly string[]): unknown[] {
  let current: unknown[] = [item];
  for (const key of keys) {
    const next: unknown[] = [];
    for (const value of current) {
      if (Array.isArray(value)) {
        for (const v of value) if (isRecord(v)) next.push(v[key]);
      } else if (isRecord(value)) {
        next.push(value[key]);
      }
    }
    current = next;
  }
  return current.flat(Infinity).filter((v) => v !== undefined && v !== null);
}

/** Checks filter conditions against the accepted definitions (400 INVALID_ARGUMENT on a bad one). */
export function checkFilters(conditions: readonly FilterCondition[], definitions: readonly FilterDefinition[]): void {
  definedFilters(conditions, definitions);
}

/** Each condition with its definition, once all are checked (see checkFilters). */
function definedFilters(
  conditions: readonly FilterCondition[],
  definitions: readonly FilterDefinition[],
): Array<{ condition: FilterCondition; definition: FilterDefinition }> {
  const out: Array<{ condition: FilterCondition; definition: FilterDefinition }> = [];
  for (const condition of conditions) {
    const definition = definitions.find((d) => d.name === condition.name);
    if (!definition) {
      const accepted = definitions.map((d) => d.name).join(', ') || 'none';
      throw invalidArgument(`Unknown filter name '${condition.name}'; this operation accepts: ${accepted}.`);
    }
    const operator = condition.operator ?? 'eq';
    if (operator !== 'eq') {
      throw invalidArgument(`Filter '${condition.name}' has operator '${operator}'; only 'eq' is supported.`);
    }
    if (!definition.multiple && condition.values.length > 1) {
      throw invalidArgument(`Filter '${condition.name}' takes one value, got ${condition.values.length}.`);
    }
    out.push({ condition, definition });
  }
  return out;
}

/**
 * Keeps the items matching every condition (AND); within a condition any value matches (OR).
 * `exact` compares whole values; `fuzzy` looks for the value inside the field, ignoring case.
 */
export function applyFilters<T>(
  items: readonly T[],
  conditions: readonly FilterCondition[] | undefined,
  definitions: readonly FilterDefinition[] | undefined,
  accessors: Accessors<T> = {},
): T[] {
  if (!conditions || conditions.length === 0) return [...items];
  // Everything that does not depend on the item is worked out once, not once per item.
  const tests = definedFilters(conditions, definitions ?? []).map(({ condition, definition }): ((item: T) => boolean) => {
    const accessor = accessors[condition.name];
    const keys = (definition.field ?? definition.name).split('.');
    const matches: (value: unknown) => boolean =
      definition.match === 'fuzzy'
        ? ((wanted: string[]) => (value: unknown) => {
            const actual = String(value).toLowerCase();
            return wanted.some((w) => actual.includes(w));
          })(condition.values.map((v) => v.toLowerCase()))
        : ((wanted: Set<string>) => (value: unknown) => wanted.has(String(value)))(new Set(condition.values));
    const defined = (v: unknown) => v !== undefined && v !== null;
    if (accessor) return (item) => [accessor(item)].flat(Infinity).some((v) => defined(v) && matches(v));
    const [key, ...deeper] = keys;
    if (key !== undefined && deeper.length === 0) {
      // A top-level field (most filters): no intermediate arrays unless the value is a list.
      return (item) => {
        if (Array.isArray(item)) return valuesAtPath(item, keys).some(matches);
        const value = isRecord(item) ? item[key] : undefined;
        if (Array.isArray(value)) return value.flat(Infinity).some((v) => defined(v) && matches(v));
        return defined(value) && matches(value);
      };
    }
    return (item) => valuesAtPath(item, keys).some(matches);
  });
  return items.filter((item) => tests.every((test) => test(item)));
}

/**
 * The records a describe operation has to look at, read-only (no copies). With an `exact` filter
 * on `idField` (the collection's key, e.g. `instanceId`), only the records with those ids, by
 * direct lookup; otherwise every record. Either way in insertion order, and the caller still runs
 * `applyFilters` on them (the id condition included), so the answer is the same as a full scan's.
 * Unknown filter names are the caller's to reject first (`checkFilters`).
 */
export function candidates<T extends object>(
  collection: Collection<T>,
  conditions: readonly FilterCondition[] | undefined,
  definitions: readonly FilterDefinition[] | undefined,
  idField: string,
  accessors: Accessors<T> = {},
): ReadonlyArray<Readonly<T>> {
  const byId = (conditions ?? []).find((condition) => {
    if (accessors[condition.name] || (condition.operator ?? 'eq') !== 'eq') return false;
    const definition = definitions?.find((d) => d.name === condition.name);
    return definition?.match === 'exact' && (definition.field ?? definition.name) === idField;
  });
  return byId ? collection.pick(byId.values) : collection.scan();
}

/**
 * Keeps the items carrying, for every condition, a tag with that key and (when values are
 * given) one of those values.
 */
export function applyTagFilters<T>(
  items: readonly T[],
  conditions: readonly TagCondition[] | undefined,
  tagsOf: (item: T) => readonly TagFields[] | undefined = tagsField,
): T[] {
  if (!conditions || conditions.length === 0) return [...items];
  return items.filter((item) => {
    const tags = tagsOf(item) ?? [];
    return conditions.every((condition) =>
      tags.some(
        (tag) =>
          (condition.key === undefined || tag.key === condition.key) &&
          (!condition.values || condition.values.length === 0 || condition.values.includes(String(tag.value))),
      ),
    );
  });
}

/** An item's `tags`, when it has a list of them: what applyTagFilters reads by default. */
function tagsField(item: unknown): readonly TagFields[] | undefined {
  const tags = isRecord(item) ? item.tags : undefined;
  return Array.isArray(tags) ? tags.filter(isRecord) : undefined;
}

export interface Page<T> {
  items: T[];
  totalCount: number;
  pageNumber: number;
  pageSize: number;
}

/** One page, with `pageNumber` / `pageSize` from the query or the document's defaults. */
export function paginate<T>(ctx: HandlerContext, items: readonly T[]): Page<T> {
  const number = (name: string, fallback: number): number => {
    const value = ctx.params.query[name] ?? queryDefault(ctx.operation, name) ?? fallback;
    const n = Number(value);
    return Number.isInteger(n) && n > 0 ? n : fallback;
  };
  const pageNumber = number('pageNumber', 1);
  const pageSize = number('pageSize', 20);
  const start = (pageNumber - 1) * pageSize;
  return { items: items.slice(start, start + pageSize), totalCount: items.length, pageNumber, pageSize };
}

export interface ListOptions<T, Item> {
  /** Filter value readers for computed fields. */
  accessors?: Accessors<T>;
  /** How to read an item's tags (default `item.tags`). */
  tagsOf?: (item: T) => readonly TagLike[] | undefined;
  /** Maps each item of the page to its response shape: an item of the operation's result list. */
  present: (item: T) => Item;
}

/** The query fields a describe operation may filter its list by. */
export interface ListingQuery {
  filters?: readonly FilterCondition[];
  tags?: readonly TagCondition[];
}

/**
 * The context of a paged operation whose query has no other `filters` or `tags` than the listing
 * ones (every paged operation of the document: the compiler checks it at each call).
 */
export type ListingContext<K extends PagedOperationId> = OperationContext<K> & { params: { query: ListingQuery } };

/**
 * The whole describe pipeline: `filters` (by the operation's `x-jdcloud-filters`), `tags`, then
 * the page, returned as the `result` object named by `x-jdcloud-pagination` (`{keypairs, totalCount}`).
 */
export function listResult<K extends PagedOperationId, T>(
  ctx: ListingContext<K>,
  items: readonly T[],
  options: ListOptions<T, PageItem<K>>,
): OperationResult<K> {
  const query: ListingQuery = ctx.params.query;
  let matched = applyFilters(items, query.filters, ctx.operation.filters, options.accessors);
  matched = applyTagFilters(matched, query.tags, options.tagsOf);
  const page = paginate(ctx, matched);
  return pagedResult(ctx, page.items.map(options.present), page.totalCount);
}

/**
 * The `result` of a paged operation, under the names its `x-jdcloud-pagination` gives. The one
 * assertion of the listing helpers stays here: for a generic K the compiler cannot build
 * OperationResult<K> from two computed keys, but the names are read at run time from the same
 * document the result type comes from. listResult checks its items against the generated table
 * (PageItem); other callers' `present` decides the items' shape, and the contract tests check it
 * against the document.
 */
export function pagedResult<K extends OperationId>(ctx: OperationContext<K>, items: readonly unknown[], totalCount: number): OperationResult<K> {
  const pagination = ctx.operation.pagination;
  if (!pagination) throw internal(`${ctx.operationId} declares no x-jdcloud-pagination.`);
  return { [pagination.items]: items, [pagination.total]: totalCount } as OperationResult<K>;
}
