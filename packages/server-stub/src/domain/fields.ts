// Copying a record's fields into what an answer shows, typed from the record: the model fields
// without the `_` bookkeeping, or the fields the document lists for a model.
import { hasField } from './guards.js';

/** The fields of a record an answer shows: all but the `_` bookkeeping ones. */
export type Shown<T> = { [K in keyof T as K extends `_${string}` ? never : K]: T[K] };

/**
 * A copy of `record` without its `_` fields, as it leaves the stub. Every `_` field goes, declared
 * or not (a record read from an earlier build's state file may hold others).
 */
export function withoutExtras<T extends object>(record: T): Shown<T> {
  const out: Record<string, unknown> = {};
  // for…in over a plain record's own keys, copied one by one: no [key, value] pair per field as
  // with Object.entries, and unlike deleting from a spread copy the answer stays a fast object
  // (deleting a field that is not the last makes it a hash table, slower to stringify).
  for (const key in record) if (key.charCodeAt(0) !== 95 /* _ */) out[key] = record[key];
  // The loop keeps exactly the keys Shown<T> keeps: a filter on the key's text the compiler cannot follow.
  return out as Shown<T>;
}

/**
 * The fields of `record` that `fields` names (a model's fields as the document lists them,
 * SpecIndex.modelFields) and that are set, in the order of `fields`: the record's other fields
 * (the catalog's extras) stay out.
 */
export function pickFields<T extends object>(record: T, fields: readonly string[]): Partial<T> {
  const out: Partial<T> = {};
  for (const field of fields) if (hasField(record, field) && record[field] !== undefined) copyField(record, out, field);
  return out;
}

/** `to[key] = from[key]` for a key known only as a union of keys (the compiler checks one key at a time). */
export function copyField<T, K extends keyof T>(from: Pick<T, K>, to: Partial<T>, key: K): void {
  to[key] = from[key];
}
