// The emulator's state: resources in memory, per account and region, by resource kind.
//
//   store.scope(account, region)          → RegionScope
//   scope.collection<Keypair>('keypair')  → get / list / insert / update / remove
//   scope.newId('i')                      → 'i-0k3x9a1b2c' (unique in the whole store)
//   scope.transitions.start(...)          → a state that becomes final after --transition-ms
//   scope.tasks.begin(...) / .current()   → "task in progress" bookkeeping
//
// Records are plain JSON values. Writes store deep-frozen copies, so a record can only change
// through `insert` / `update` / `remove`, and every change bumps `store.version` (persistence saves
// on that). `get` / `list` return mutable copies; `peek` / `pick` / `scan` return the stored records
// themselves, read-only (frozen: an assignment throws), without copying: describe operations read
// many records through them and copy (present) only the page they answer. Everything is
// synchronous: a handler's checks and writes cannot interleave with another request's unless the
// handler awaits in between.
import type { Clock } from './clock.js';
import { randomBase36 } from './ids.js';

export type ResourceRecord = Record<string, unknown>;

export interface TaskInfo {
  /** What is running, usually the operationId that started it (`stopInstance`). */
  name: string;
  startedAt: number;
  /** When it ends by itself; absent = until `tasks.end`. */
  dueAt?: number;
}

export interface PendingTransition {
  account: string;
  region: string;
  kind: string;
  id: string;
  /** Field that holds the state (`status`). */
  field: string;
  final: string;
  dueAt: number;
  task: string;
}

/** Serializable form of the whole store (the `state` of the state file). */
export interface StateData {
  accounts: Record<
    string,
    {
      regions: Record<
        string,
        {
          /** kind → [id, record] pairs in insertion order. */
          collections: Record<string, Array<[string, ResourceRecord]>>;
          /** `kind/id` → task. */
          tasks: Record<string, TaskInfo>;
        }
      >;
    }
  >;
  transitions: PendingTransition[];
}

/** Called when a transition reaches its final state (e.g. to remove a deleted instance). */
export type TransitionHook = (scope: RegionScope, id: string, transition: PendingTransition) => void;

export interface StoreOptions {
  clock: Clock;
  /** How long a transitional state lasts (ms). */
  transitionMs: number;
}

/** One collection: the records by id in insertion order, and each id's insertion rank (for `pick`). */
class CollectionData {
  readonly records = new Map<string, ResourceRecord>();
  private readonly rank = new Map<string, number>();
  private nextRank = 0;

  /** Stores a frozen record; a new id goes last, an existing one keeps its place. */
  set(id: string, record: ResourceRecord): void {
    if (!this.rank.has(id)) this.rank.set(id, this.nextRank++);
    this.records.set(id, record);
  }

  delete(id: string): boolean {
    this.rank.delete(id);
    return this.records.delete(id);
  }

  rankOf(id: string): number {
    return this.rank.get(id) ?? Number.MAX_SAFE_INTEGER;
  }
}

class RegionData {
  readonly collections = new Map<string, CollectionData>();
  readonly tasks = new Map<string, TaskInfo>();
}

/** How many records the store handed out: deep copies, and read-only views (tests and diagnostics). */
export interface ReadCounters {
  /** Records deep-copied by `get`, `list`, `insert` and `update`. */
  copied: number;
  /** Stored records handed out without a copy by `peek`, `pick` and `scan`. */
  viewed: number;
}

const clone = <T>(value: T): T => structuredClone(value);

/** Freezes a JSON value and everything in it (records are stored frozen). */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** A frozen deep copy: what the store keeps. */
const frozenCopy = <T>(value: T): T => deepFreeze(clone(value));

export class StateStore {
  readonly clock: Clock;
  readonly transitionMs: number;
  private readonly data = new Map<string, Map<string, RegionData>>();
  private transitions: PendingTransition[] = [];
  private readonly issuedIds = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private readonly hooks = new Map<string, TransitionHook>();
  private versionCounter = 0;
  /** Transition durations per task (operationId) set by `POST /_stub/clock`; others last `transitionMs`. */
  private readonly durations = new Map<string, number>();
  /** Records copied / handed out read-only since the start (see ReadCounters). */
  readonly reads: ReadCounters = { copied: 0, viewed: 0 };

  constructor(options: StoreOptions) {
    this.clock = options.clock;
    this.transitionMs = options.transitionMs;
  }

  /** Increases on every change; persistence compares it with the last saved version. */
  get version(): number {
    return this.versionCounter;
  }

  /** `listener` runs after every change (synchronously). Returns an unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** @internal */
  touch(): void {
    this.versionCounter += 1;
    for (const listener of this.listeners) listener();
  }

  /** How long a transition started by `task` (an operationId) lasts. */
  durationOf(task: string): number {
    return this.durations.get(task) ?? this.transitionMs;
  }

  /** Sets (a number) or clears (undefined) the duration of the transitions `task` starts. */
  setDuration(task: string, ms: number | undefined): void {
    if (ms === undefined) this.durations.delete(task);
    else this.durations.set(task, ms);
  }

  /** The durations set by setDuration. */
  durationOverrides(): Record<string, number> {
    return Object.fromEntries(this.durations);
  }

  clearDurations(): void {
    this.durations.clear();
  }

  scope(account: string, region: string): RegionScope {
    return new RegionScope(this, account, region);
  }

  accounts(): string[] {
    return [...this.data.keys()];
  }

  regions(account: string): string[] {
    return [...(this.data.get(account)?.keys() ?? [])];
  }

  /** Registers what happens when a transition of `kind` completes (one hook per kind). */
  setTransitionHook(kind: string, hook: TransitionHook): void {
    this.hooks.set(kind, hook);
  }

  /** @internal */
  region(account: string, region: string, create: boolean): RegionData | undefined {
    let regions = this.data.get(account);
    if (!regions) {
      if (!create) return undefined;
      regions = new Map();
      this.data.set(account, regions);
    }
    let data = regions.get(region);
    if (!data && create) {
      data = new RegionData();
      regions.set(region, data);
    }
    return data;
  }

  /** @internal A fresh id `<prefix>-<10 base-36 chars>`, never issued before by this store. */
  newId(prefix: string): string {
    for (;;) {
      const id = `${prefix}-${randomBase36(10)}`;
      if (!this.issuedIds.has(id)) {
        this.issuedIds.add(id);
        return id;
      }
    }
  }

  /** @internal */
  rememberId(id: string): void {
    this.issuedIds.add(id);
  }

  /** @internal */
  addTransition(t: PendingTransition): void {
    this.transitions = this.transitions.filter(
      (p) => !(p.account === t.account && p.region === t.region && p.kind === t.kind && p.id === t.id),
    );
    this.transitions.push(t);
  }

  /** @internal */
  pendingTransition(account: string, region: string, kind: string, id: string): PendingTransition | undefined {
    return this.transitions.find((p) => p.account === account && p.region === region && p.kind === kind && p.id === id);
  }

  /** @internal */
  dropTransition(account: string, region: string, kind: string, id: string): void {
    const before = this.transitions.length;
    this.transitions = this.transitions.filter(
      (p) => !(p.account === account && p.region === region && p.kind === kind && p.id === id),
    );
    if (this.transitions.length !== before) this.touch();
  }

  /** Earliest time something (a transition or a timed task) is due, if anything is pending. */
  nextDueAt(): number | undefined {
    let next: number | undefined;
    for (const t of this.transitions) next = next === undefined ? t.dueAt : Math.min(next, t.dueAt);
    for (const regions of this.data.values()) {
      for (const region of regions.values()) {
        for (const task of region.tasks.values()) {
          if (task.dueAt !== undefined) next = next === undefined ? task.dueAt : Math.min(next, task.dueAt);
        }
      }
    }
    return next;
  }

  /**
   * Applies every transition and ends every timed task that is due at `clock.now()`. The app
   * calls this before each request, and a timer calls it when something falls due, so what a
   * client sees never depends on timer precision.
   */
  settle(): number {
    const now = this.clock.now();
    let changed = 0;
    const due = this.transitions.filter((t) => t.dueAt <= now).sort((a, b) => a.dueAt - b.dueAt);
    if (due.length > 0) {
      this.transitions = this.transitions.filter((t) => t.dueAt > now);
      for (const t of due) {
        const region = this.region(t.account, t.region, false);
        const key = `${t.kind}/${t.id}`;
        const task = region?.tasks.get(key);
        if (task && task.name === t.task) region?.tasks.delete(key);
        const items = region?.collections.get(t.kind);
        const record = items?.records.get(t.id);
        if (items && record) {
          // Records are frozen: replace it (its nested values are frozen already and shared).
          items.set(t.id, Object.freeze({ ...record, [t.field]: t.final }));
          this.hooks.get(t.kind)?.(this.scope(t.account, t.region), t.id, t);
        }
        changed += 1;
      }
    }
    for (const regions of this.data.values()) {
      for (const region of regions.values()) {
        for (const [key, task] of region.tasks) {
          if (task.dueAt !== undefined && task.dueAt <= now) {
            region.tasks.delete(key);
            changed += 1;
          }
        }
      }
    }
    if (changed > 0) this.touch();
    return changed;
  }

  toJSON(): StateData {
    const accounts: StateData['accounts'] = {};
    for (const [account, regions] of this.data) {
      const out: StateData['accounts'][string] = { regions: {} };
      for (const [regionId, region] of regions) {
        const collections: Record<string, Array<[string, ResourceRecord]>> = {};
        for (const [kind, items] of region.collections) {
          if (items.records.size > 0) collections[kind] = [...items.records].map(([id, r]) => [id, clone(r)]);
        }
        const tasks: Record<string, TaskInfo> = {};
        for (const [key, task] of region.tasks) tasks[key] = { ...task };
        out.regions[regionId] = { collections, tasks };
      }
      accounts[account] = out;
    }
    return { accounts, transitions: this.transitions.map((t) => ({ ...t })) };
  }

  /** Replaces the whole content with `data` (the state file's). Throws on a malformed shape. */
  load(data: StateData): void {
    this.data.clear();
    this.issuedIds.clear();
    if (
      !data ||
      typeof data !== 'object' ||
      typeof data.accounts !== 'object' ||
      data.accounts === null ||
      Array.isArray(data.accounts) ||
      !Array.isArray(data.transitions)
    ) {
      throw new Error('state has no "accounts" object or no "transitions" array');
    }
    for (const [account, acc] of Object.entries(data.accounts)) {
      if (!acc || typeof acc.regions !== 'object') throw new Error(`account ${account} has no "regions" object`);
      for (const [regionId, region] of Object.entries(acc.regions)) {
        const target = this.region(account, regionId, true) as RegionData;
        for (const [kind, items] of Object.entries(region.collections ?? {})) {
          if (!Array.isArray(items)) throw new Error(`collection ${account}/${regionId}/${kind} is not a list`);
          const map = new CollectionData();
          for (const entry of items) {
            if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'object' || entry[1] === null) {
              throw new Error(`collection ${account}/${regionId}/${kind} holds a malformed entry`);
            }
            map.set(entry[0], frozenCopy(entry[1]));
            this.issuedIds.add(entry[0]);
          }
          target.collections.set(kind, map);
        }
        for (const [key, task] of Object.entries(region.tasks ?? {})) {
          if (typeof task?.name !== 'string' || typeof task.startedAt !== 'number') {
            throw new Error(`task ${account}/${regionId}/${key} is malformed`);
          }
          target.tasks.set(key, { ...task });
        }
      }
    }
    for (const t of data.transitions) {
      for (const field of ['account', 'region', 'kind', 'id', 'field', 'final', 'task'] as const) {
        if (typeof t[field] !== 'string') throw new Error(`a pending transition has no ${field}`);
      }
      if (typeof t.dueAt !== 'number') throw new Error('a pending transition has no dueAt');
    }
    this.transitions = data.transitions.map((t) => ({ ...t }));
  }
}

/** A typed view of one resource kind in one account and region. */
export class Collection<T extends object = ResourceRecord> {
  constructor(
    private readonly store: StateStore,
    private readonly account: string,
    private readonly regionId: string,
    readonly kind: string,
  ) {}

  private items(create: boolean): CollectionData | undefined {
    const region = this.store.region(this.account, this.regionId, create);
    if (!region) return undefined;
    let items = region.collections.get(this.kind);
    if (!items && create) {
      items = new CollectionData();
      region.collections.set(this.kind, items);
    }
    return items;
  }

  /** A copy of the record (the caller may change it freely), or undefined. */
  get(id: string): T | undefined {
    const record = this.items(false)?.records.get(id);
    if (!record) return undefined;
    this.store.reads.copied += 1;
    return clone(record) as T;
  }

  /** The stored record itself, read-only (frozen), or undefined: no copy. */
  peek(id: string): Readonly<T> | undefined {
    const record = this.items(false)?.records.get(id);
    if (!record) return undefined;
    this.store.reads.viewed += 1;
    return record as unknown as T;
  }

  /**
   * The stored records with these ids (unknown ids skipped, duplicates once), read-only and in
   * insertion order, as `scan` would list them: direct lookups, the other records are not read.
   */
  pick(ids: Iterable<string>): ReadonlyArray<Readonly<T>> {
    const items = this.items(false);
    if (!items) return [];
    const found = new Map<string, ResourceRecord>();
    for (const id of ids) {
      const record = items.records.get(id);
      if (record) found.set(id, record);
    }
    this.store.reads.viewed += found.size;
    const entries = [...found];
    if (entries.length > 1) entries.sort((a, b) => items.rankOf(a[0]) - items.rankOf(b[0]));
    return entries.map(([, record]) => record as unknown as T);
  }

  /**
   * Every stored record, read-only (frozen), in insertion order, without copying any: for
   * reading many records (filters, counts). Copy, or present into new objects, only what leaves.
   */
  scan(): ReadonlyArray<Readonly<T>> {
    const items = this.items(false);
    if (!items) return [];
    this.store.reads.viewed += items.records.size;
    return [...items.records.values()] as unknown as T[];
  }

  has(id: string): boolean {
    return this.items(false)?.records.has(id) ?? false;
  }

  /** Copies of every record (the caller may change them freely), in insertion order. */
  list(): T[] {
    const records = [...(this.items(false)?.records.values() ?? [])];
    this.store.reads.copied += records.length;
    return records.map((r) => clone(r) as T);
  }

  count(): number {
    return this.items(false)?.records.size ?? 0;
  }

  /**
   * Adds a record; throws if the id exists (a bug in the caller, not a client error). The store
   * keeps a frozen copy; the caller's object is returned as it is (changing it changes nothing stored).
   */
  insert(id: string, record: T): T {
    const items = this.items(true) as CollectionData;
    if (items.records.has(id)) throw new Error(`${this.kind} ${id} already exists`);
    items.set(id, frozenCopy(record) as ResourceRecord);
    this.store.reads.copied += 1;
    this.store.rememberId(id);
    this.store.touch();
    return record;
  }

  /**
   * Changes a record: `change` gets a draft (a copy) to mutate in place, or returns a replacement.
   * The store keeps a frozen copy of the result; the result itself is returned (the caller's to
   * change, nothing stored changes with it). Undefined when the id does not exist.
   */
  update(id: string, change: (draft: T) => T | void): T | undefined {
    const items = this.items(false);
    const current = items?.records.get(id);
    if (!items || !current) return undefined;
    const draft = clone(current) as T;
    const next = change(draft) ?? draft;
    items.set(id, frozenCopy(next) as ResourceRecord);
    this.store.reads.copied += 2;
    this.store.touch();
    return next;
  }

  /**
   * Sets top-level fields of a record without copying the rest: the stored record is replaced by a
   * shallow copy with `fields` (frozen copies of their values) over it; its other values, frozen,
   * are shared. False when the id does not exist. For small changes such as a state field.
   */
  patch(id: string, fields: Partial<T>): boolean {
    const items = this.items(false);
    const current = items?.records.get(id);
    if (!items || !current) return false;
    items.set(id, Object.freeze({ ...current, ...frozenCopy(fields) }) as ResourceRecord);
    this.store.touch();
    return true;
  }

  /** Removes a record (and its task and pending transition). Returns whether it existed. */
  remove(id: string): boolean {
    const items = this.items(false);
    if (!items?.delete(id)) return false;
    this.store.region(this.account, this.regionId, false)?.tasks.delete(`${this.kind}/${id}`);
    this.store.dropTransition(this.account, this.regionId, this.kind, id);
    this.store.touch();
    return true;
  }
}

/** Task bookkeeping for one account and region: at most one task per resource. */
export class Tasks {
  constructor(
    private readonly store: StateStore,
    private readonly account: string,
    private readonly regionId: string,
  ) {}

  /** The task running on the resource, if any (timed tasks that are due count as ended). */
  current(kind: string, id: string): TaskInfo | undefined {
    const task = this.store.region(this.account, this.regionId, false)?.tasks.get(`${kind}/${id}`);
    if (!task) return undefined;
    if (task.dueAt !== undefined && task.dueAt <= this.store.clock.now()) return undefined;
    return { ...task };
  }

  /** Starts a task; `durationMs` makes it end by itself (default: runs until `end`). */
  begin(kind: string, id: string, name: string, options: { durationMs?: number } = {}): TaskInfo {
    const now = this.store.clock.now();
    const task: TaskInfo = { name, startedAt: now };
    if (options.durationMs !== undefined) task.dueAt = now + options.durationMs;
    (this.store.region(this.account, this.regionId, true) as RegionData).tasks.set(`${kind}/${id}`, task);
    this.store.touch();
    return { ...task };
  }

  end(kind: string, id: string): void {
    if (this.store.region(this.account, this.regionId, false)?.tasks.delete(`${kind}/${id}`)) this.store.touch();
  }
}

export interface StartTransitionOptions {
  transitional: string;
  final: string;
  /** Field holding the state; `status` unless told. */
  field?: string;
  /** Task name shown while in progress (usually the operationId). */
  task: string;
  /** Duration; the store's `transitionMs` unless told. */
  durationMs?: number;
}

/** Transitions for one account and region. */
export class Transitions {
  constructor(
    private readonly store: StateStore,
    private readonly account: string,
    private readonly regionId: string,
    private readonly tasks: Tasks,
  ) {}

  /**
   * Puts the resource in its transitional state now, marks a task in progress, and schedules
   * the final state after `durationMs` (default `--transition-ms`). Returns false if no such record.
   */
  start(kind: string, id: string, options: StartTransitionOptions): boolean {
    const field = options.field ?? 'status';
    const collection = new Collection<ResourceRecord>(this.store, this.account, this.regionId, kind);
    if (!collection.patch(id, { [field]: options.transitional })) return false;
    const durationMs = options.durationMs ?? this.store.durationOf(options.task);
    const dueAt = this.store.clock.now() + durationMs;
    this.tasks.begin(kind, id, options.task);
    this.store.addTransition({
      account: this.account,
      region: this.regionId,
      kind,
      id,
      field,
      final: options.final,
      dueAt,
      task: options.task,
    });
    this.store.touch();
    return true;
  }

  /** The pending transition of a resource, if one is running. */
  pending(kind: string, id: string): PendingTransition | undefined {
    const t = this.store.pendingTransition(this.account, this.regionId, kind, id);
    return t ? { ...t } : undefined;
  }
}

/** Everything of one account in one region. */
export class RegionScope {
  readonly tasks: Tasks;
  readonly transitions: Transitions;

  constructor(
    readonly store: StateStore,
    readonly account: string,
    readonly region: string,
  ) {
    this.tasks = new Tasks(store, account, region);
    this.transitions = new Transitions(store, account, region, this.tasks);
  }

  collection<T extends object = ResourceRecord>(kind: string): Collection<T> {
    return new Collection<T>(this.store, this.account, this.region, kind);
  }

  /** A fresh JD Cloud style id: `newId('i')` → `i-0k3x9a1b2c`. */
  newId(prefix: string): string {
    return this.store.newId(prefix);
  }

  /** Another region of the same account (copyImages). */
  inRegion(region: string): RegionScope {
    return new RegionScope(this.store, this.account, region);
  }
}
