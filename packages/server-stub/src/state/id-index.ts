// A collection's derived lookup: key → the ids of the records listing it (Collection.index).
//
// Most keys name one record (an interface is held by one instance), so a key holds a bare id and
// becomes a Set only when a second record lists it: a Set per key costed ~150 bytes for each of
// 10,000 instances, and a Set rebuilt on every change of the record.

export class IdIndex {
  private readonly ids = new Map<string, string | Set<string>>();

  add(key: string, id: string): void {
    const held = this.ids.get(key);
    if (held === undefined) this.ids.set(key, id);
    else if (typeof held === 'string') {
      if (held !== id) this.ids.set(key, new Set([held, id]));
    } else held.add(id);
  }

  delete(key: string, id: string): void {
    const held = this.ids.get(key);
    if (held === undefined) return;
    if (typeof held === 'string') {
      if (held === id) this.ids.delete(key);
      return;
    }
    held.delete(id);
    if (held.size === 1) for (const only of held) this.ids.set(key, only);
  }

  /**
   * Moves `id` from the keys `before` to the keys `after` (its record changed). Most changes (a
   * state, a name) leave the keys as they were: then nothing is touched.
   */
  replace(id: string, before: readonly string[], after: readonly string[]): void {
    if (before === after || (before.length === after.length && before.every((key, i) => key === after[i]))) return;
    for (const key of before) this.delete(key, id);
    for (const key of after) this.add(key, id);
  }

  /** The ids listing `key`, in no particular order. */
  get(key: string): string[] {
    const held = this.ids.get(key);
    if (held === undefined) return [];
    return typeof held === 'string' ? [held] : [...held];
  }
}
