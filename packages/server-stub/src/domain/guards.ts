// Small type guards the domain narrows with instead of `as`: a value checked at run time gets its
// type from the check, so the compiler keeps watching what the assertion would have silenced.

/**
 * Whether `value` is a non-null object (arrays included). Its fields can then be read by name, each
 * one `unknown`: reading never claims more than is known.
 */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null;
}

/**
 * Whether `value` is one of `values`: narrows a string (a request field, a catalog entry, a
 * regular expression's match) to the enumeration `values` spells out.
 */
export function isOneOf<const T>(values: readonly T[], value: unknown): value is T {
  return values.some((v) => v === value);
}

/**
 * Whether `record` has its own field `key`: a name read from elsewhere (the document's list of a
 * model's fields) can then index it.
 */
export function hasField<T extends object>(record: T, key: PropertyKey): key is keyof T {
  return Object.hasOwn(record, key);
}
