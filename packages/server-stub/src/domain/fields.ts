// Copying a record's fields into what an answer shows, typed from the record: the model fields
// without the `_` bookkeeping, or the fields the document lists for a model.
import { hasField } from './guards.js';

/** The fields of a record an answer shows: all but the `_` bookkeeping ones. */
export type Shown<T> = { [K in keyof T as K extends `_${string}` ? never : K]: T[K] };

/**
 * A copy of `record` without its `_` fields, as it leaves the stub. Every `_` field goes, declared
 * or not (a record read from an earlier build's state file may hold others). The copy is a T, so
 * it is a Shown<T> (fewer fields, the same types); deleting only `_` keys keeps every one Shown<T>
 * names. Faster than copying the other fields one by one, JSON.stringify included.
 */
export function withoutExtras<T extends object>(record: T): Shown<T> {
  const out = { ...record };
  for (const key of Object.keys(out)) if (key.startsWith('_')) Reflect.deleteProperty(out, key);
  return out;
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
