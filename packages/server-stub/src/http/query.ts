// JD Cloud's indexed query encoding (`filters.1.name=…&filters.1.values.1=…`, `ids.1=…`), decoded
// with @jdcloud-vm/client/query's decodeIndexedQuery (the inverse of what the client sends), for
// the parameters the operation marks `x-jdcloud-encoding: indexed`. Runs before validation, so
// the validator sees real arrays of objects.
import { IndexedQueryError, decodeIndexedQuery, parseQueryString } from '@jdcloud-vm/client/query';
import type { ParameterSpec } from '../spec/types.js';
import { invalidArgument } from './errors.js';

const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);

/**
 * Decodes a raw query string (no `?`). `indexed` = names to rebuild into lists and objects;
 * `rename` may rename or leave out pairs (./normalize-request.ts) before they are rebuilt.
 */
export function parseQuery(
  rawQuery: string,
  indexed: readonly string[],
  rename?: (pairs: Array<[string, string]>) => Array<[string, string]>,
): Record<string, unknown> {
  if (!rawQuery) return {};
  // Decoded once: the names are checked, then the same pairs are rebuilt into lists and objects.
  const pairs = parseQueryString(rawQuery);
  for (const [name] of pairs) {
    if (name.split(/[.[\]]/).some((segment) => FORBIDDEN_SEGMENTS.has(segment))) {
      throw invalidArgument(`Invalid query parameter name '${name}'.`);
    }
  }
  try {
    return decodeIndexedQuery(rename ? rename(pairs) : pairs, indexed) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof IndexedQueryError) {
      throw invalidArgument(`Invalid query string: ${error.message}.`);
    }
    throw error;
  }
}

/**
 * A number in the query must be written as one (`-12`, `2.5`): the validator's type coercion
 * would also take `0x1f`, `1e1` or ` 7 `.
 */
export function checkNumericQuery(query: Record<string, unknown>, parameters: readonly ParameterSpec[]): void {
  for (const p of parameters) {
    if (p.in !== 'query' || (p.schema.type !== 'integer' && p.schema.type !== 'number')) continue;
    const value = query[p.name];
    if (typeof value === 'string' && !/^-?\d+(\.\d+)?$/.test(value)) {
      throw invalidArgument(`Invalid parameter '${p.name}': must be ${String(p.schema.type)}.`);
    }
  }
}
