// One collection of one account and region: records by id, in insertion order.
//
// Records are plain JSON values. Writes store deep-frozen copies, so a record can only change
// through `insert` / `update` / `patch` / `remove`, and every change bumps the store's version
// (persistence saves on that). `get` / `list` return mutable copies; `peek` / `pick` / `scan`
// return the stored records themselves, read-only (frozen: an assignment throws), without
// copying: describe operations read many records through them and copy (present) only the page
// they answer.

import { IdIndex } from './id-index.js';

export type ResourceRecord = Record<string, unknown>;

/** How many records the store handed out: deep copies, and read-only views (tests and diagnostics). */
export interface ReadCounters {
  /** Records deep-copied by `get`, `list`, `insert` and `update`. */
  copied: number;
  /** Stored records handed out without a copy by `peek`, `pick` and `scan`. */
  viewed: number;
}

/** What a collection needs from the store that holds it. */
export interface CollectionHost {
  readonly reads: ReadCounters;
  /** A record was written: bump the version, tell the listeners. */
  touch(): void;
  /** An id now in use (never issued again by `newId`). */
  rememberId(id: string): void;
  /** The first write of the region: from now on it is part of the state. */
  materialise(): void;
  /** A record was removed: its task and pending transition go with it. */
  forget(collection: string, id: string): void;
}

/**
 * A copy of a JSON object's own fields with each nested object or array replaced by `copy(value)`.
 * The spread gives the copy the source's layout (its fields stored in the object, as the object
 * literal that made it had them); set one key at a time, an object of more than a dozen fields
 * turns into a hash table, about three times the memory and slower to read.
 */
function copyFields<T extends object>(value: T, copy: <V>(field: V) => V): T {
  const out: T = { ...value };
  for (const key in out) {
    const field = out[key];
    if (field !== null && typeof field === 'object') out[key] = copy(field);
  }
  return out;
}

/**
 * A deep copy of a JSON value that shares its strings: structuredClone would give every record its
 * own copy of each string ('running', the zone, the instance type), most of a record's memory.
 */
function clone<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(clone) as T;
  return copyFields(value, clone);
}

/** Every empty list of every stored record: one frozen array. */
const EMPTY: readonly unknown[] = Object.freeze([]);

/**
 * A frozen deep copy of a JSON value: what the store keeps. Strings are shared (see clone), and
 * so is one frozen empty list (a record has many: tags, keyNames, secondary interfaces, ...).
 */
export function frozenCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return (value.length === 0 ? EMPTY : Object.freeze(value.map(frozenCopy))) as T;
  return Object.freeze(copyFields(value, frozenCopy));
}

export class Collection<T extends object = ResourceRecord> {
  private readonly records = new Map<string, T>();
  /** Each id's insertion rank, for `pick` (a re-inserted id goes last). */
  private readonly rank = new Map<string, number>();
  private nextRank = 0;
  /** Derived lookups (`index`): name → key → the ids of the records listing that key. Never saved. */
  private readonly indexes = new Map<string, { keysOf: (record: T) => readonly string[]; ids: IdIndex }>();

  constructor(
    private readonly host: CollectionHost,
    /** The collection's name in the state file (`instance`, `keypair`, ...). */
    readonly name: string,
  ) {}

  /** @internal Stores a frozen record as it is: a new id goes last, an existing one keeps its place. */
  store(id: string, record: T): void {
    if (!this.rank.has(id)) this.rank.set(id, this.nextRank++);
    const previous = this.indexes.size > 0 ? this.records.get(id) : undefined;
    this.records.set(id, record);
    for (const index of this.indexes.values()) index.ids.replace(id, previous ? index.keysOf(previous) : [], index.keysOf(record));
  }

  private unindex(id: string): void {
    const record = this.records.get(id);
    if (!record) return;
    for (const index of this.indexes.values()) {
      for (const key of index.keysOf(record)) index.ids.delete(key, id);
    }
  }

  /**
   * Keeps a lookup from the keys `keysOf` finds in a record (the key pairs an instance holds) to
   * the records: the other side of a relation stored on this side, answered without a scan.
   */
  index(name: string, keysOf: (record: T) => readonly string[]): void {
    const ids = new IdIndex();
    this.indexes.set(name, { keysOf, ids });
    for (const [id, record] of this.records) {
      for (const key of keysOf(record)) ids.add(key, id);
    }
  }

  /** The ids of the records whose `index` lists `key`, in insertion order. */
  idsIndexed(name: string, key: string): string[] {
    const ids = this.indexes.get(name)?.ids.get(key) ?? [];
    if (ids.length > 1) ids.sort((a, b) => this.rankOf(a) - this.rankOf(b));
    return ids;
  }

  /** @internal The stored record, uncounted (the timeline replaces it). */
  stored(id: string): T | undefined {
    return this.records.get(id);
  }

  /** @internal The stored records by id (snapshots). */
  entries(): IterableIterator<[string, T]> {
    return this.records.entries();
  }

  private rankOf(id: string): number {
    return this.rank.get(id) ?? Number.MAX_SAFE_INTEGER;
  }

  /** A copy of the record (the caller may change it freely), or undefined. */
  get(id: string): T | undefined {
    const record = this.records.get(id);
    if (!record) return undefined;
    this.host.reads.copied += 1;
    return clone(record);
  }

  /** The stored record itself, read-only (frozen), or undefined: no copy. */
  peek(id: string): Readonly<T> | undefined {
    const record = this.records.get(id);
    if (!record) return undefined;
    this.host.reads.viewed += 1;
    return record;
  }

  /**
   * The stored records with these ids (unknown ids skipped, duplicates once), read-only and in
   * insertion order, as `scan` would list them: direct lookups, the other records are not read.
   */
  pick(ids: Iterable<string>): ReadonlyArray<Readonly<T>> {
    const found = new Map<string, T>();
    for (const id of ids) {
      const record = this.records.get(id);
      if (record) found.set(id, record);
    }
    this.host.reads.viewed += found.size;
    const entries = [...found];
    if (entries.length > 1) entries.sort((a, b) => this.rankOf(a[0]) - this.rankOf(b[0]));
    return entries.map(([, record]) => record);
  }

  /**
   * Every stored record, read-only (frozen), in insertion order, without copying any: for
   * reading many records (filters, counts). Copy, or present into new objects, only what leaves.
   */
  scan(): ReadonlyArray<Readonly<T>> {
    this.host.reads.viewed += this.records.size;
    return [...this.records.values()];
  }

  has(id: string): boolean {
    return this.records.has(id);
  }

  /** Copies of every record (the caller may change them freely), in insertion order. */
  list(): T[] {
    this.host.reads.copied += this.records.size;
    return [...this.records.values()].map(clone);
  }

  count(): number {
    return this.records.size;
  }

  /**
   * Adds a record; throws if the id exists (a bug in the caller, not a client error). The store
   * keeps a frozen copy; the caller's object is returned as it is (changing it changes nothing stored).
   */
  insert(id: string, record: T): T {
    if (this.records.has(id)) throw new Error(`${this.name} ${id} already exists`);
    this.host.materialise();
    this.store(id, frozenCopy(record));
    this.host.reads.copied += 1;
    this.host.rememberId(id);
    this.host.touch();
    return record;
  }

  /**
   * Changes a record: `change` gets a draft (a copy) to mutate in place, or returns a replacement.
   * The store keeps a frozen copy of the result; the result itself is returned (the caller's to
   * change, nothing stored changes with it). Undefined when the id does not exist.
   */
  update(id: string, change: (draft: T) => T | void): T | undefined {
    const current = this.records.get(id);
    if (!current) return undefined;
    const draft = clone(current);
    const next = change(draft) ?? draft;
    this.store(id, frozenCopy(next));
    this.host.reads.copied += 2;
    this.host.touch();
    return next;
  }

  /**
   * Sets top-level fields of a record without copying the rest: the stored record is replaced by a
   * shallow copy with `fields` (frozen copies of their values) over it; its other values, frozen,
   * are shared. False when the id does not exist. For small changes such as a state field.
   */
  patch(id: string, fields: Partial<T>): boolean {
    const current = this.records.get(id);
    if (!current) return false;
    this.store(id, Object.freeze({ ...current, ...frozenCopy(fields) }));
    this.host.touch();
    return true;
  }

  /** Removes a record (and its task and pending transition). Returns whether it existed. */
  remove(id: string): boolean {
    this.rank.delete(id);
    if (this.indexes.size > 0) this.unindex(id);
    if (!this.records.delete(id)) return false;
    this.host.forget(this.name, id);
    this.host.touch();
    return true;
  }
}
