// Describe operations, driven by the document: `x-jdcloud-filters` (exact / fuzzy match, one or
// several values), tag filters (`tags`), and paging from `x-jdcloud-pagination` with the
// `pageNumber` / `pageSize` defaults the document states.
import { internal, invalidArgument } from '../http/errors.js';
import { queryDefault } from '../spec/index.js';
import type { FilterDefinition } from '../spec/types.js';
import type { HandlerContext } from './types.js';

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

/** Custom value readers, by filter name, for fields that are computed rather than stored. */
export type Accessors<T> = Record<string, (item: T) => unknown>;

/** Values at a dotted path; arrays along the way are flattened (`networkInterfaces.privateIp`). */
export function valuesAt(item: unknown, path: string): unknown[] {
  let current: unknown[] = [item];
  for (const key of path.split('.')) {
    const next: unknown[] = [];
    for (const value of current) {
      if (Array.isArray(value)) {
        for (const v of value) if (v && typeof v === 'object') next.push((v as Record<string, unknown>)[key]);
      } else if (value && typeof value === 'object') {
        next.push((value as Record<string, unknown>)[key]);
      }
    }
    current = next;
  }
  return current.flat(Infinity).filter((v) => v !== undefined && v !== null);
}

/** Checks filter conditions against the accepted definitions (400 INVALID_ARGUMENT on a bad one). */
export function checkFilters(conditions: readonly FilterCondition[], definitions: readonly FilterDefinition[]): void {
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
  }
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
  const defs = definitions ?? [];
  checkFilters(conditions, defs);
  return items.filter((item) =>
    conditions.every((condition) => {
      const definition = defs.find((d) => d.name === condition.name) as FilterDefinition;
      const accessor = accessors[condition.name];
      const raw = accessor ? [accessor(item)].flat(Infinity) : valuesAt(item, definition.field ?? definition.name);
      const actual = raw.filter((v) => v !== undefined && v !== null).map(String);
      if (definition.match === 'fuzzy') {
        return condition.values.some((wanted) => actual.some((a) => a.toLowerCase().includes(wanted.toLowerCase())));
      }
      return condition.values.some((wanted) => actual.includes(wanted));
    }),
  );
}

/**
 * Keeps the items carrying, for every condition, a tag with that key and (when values are
 * given) one of those values.
 */
export function applyTagFilters<T>(
  items: readonly T[],
  conditions: readonly TagCondition[] | undefined,
  tagsOf: (item: T) => readonly TagLike[] | undefined = (item) =>
    (item as { tags?: TagLike[] }).tags,
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

export interface ListOptions<T> {
  /** Filter value readers for computed fields. */
  accessors?: Accessors<T>;
  /** How to read an item's tags (default `item.tags`). */
  tagsOf?: (item: T) => readonly TagLike[] | undefined;
  /** Maps each item of the page to its response shape. */
  present?: (item: T) => unknown;
}

/**
 * The whole describe pipeline: `filters` (by the operation's `x-jdcloud-filters`), `tags`, then
 * the page, returned as the `result` object named by `x-jdcloud-pagination` (`{keypairs, totalCount}`).
 */
export function listResult<T>(ctx: HandlerContext, items: readonly T[], options: ListOptions<T> = {}): Record<string, unknown> {
  const pagination = ctx.operation.pagination;
  if (!pagination) throw internal(`${ctx.operationId} declares no x-jdcloud-pagination.`);
  let matched = applyFilters(
    items,
    ctx.params.query.filters as FilterCondition[] | undefined,
    ctx.operation.filters,
    options.accessors,
  );
  matched = applyTagFilters(matched, ctx.params.query.tags as TagCondition[] | undefined, options.tagsOf);
  const page = paginate(ctx, matched);
  return {
    [pagination.items]: options.present ? page.items.map(options.present) : page.items,
    [pagination.total]: page.totalCount,
  };
}
