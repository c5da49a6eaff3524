// The timeline: what is in progress and when it ends.
//
// - A task marks a resource busy (`stopInstance` running on `i-x`); a timed one ends by itself at
//   `dueAt`, another runs until `tasks.end`. At most one task per resource.
// - A pending transition moves a resource from its transitional state (`stopping`) to its final
//   one (`stopped`) at `dueAt`; a hook per collection runs when one completes (removal of a
//   deleted instance, release of its disks).
// The store settles the timeline before each request, and the scheduler (scheduler.ts) when
// something falls due, against the store's clock (clock.ts), so what a client sees never depends
// on timer precision.
import type { Clock } from './clock.js';
import type { RegionState } from './region.js';

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
  /** The collection the resource is in (`instance`). */
  kind: string;
  id: string;
  /** Field that holds the state (`status`). */
  field: string;
  final: string;
  dueAt: number;
  task: string;
}

/** Called when a transition reaches its final state (e.g. to remove a deleted instance). */
export type TransitionHook = (region: RegionState, id: string, transition: PendingTransition) => void;

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

const taskKey = (collection: string, id: string): string => `${collection}/${id}`;
const transitionKey = (account: string, region: string, kind: string, id: string): string =>
  `${account}\u0000${region}\u0000${kind}\u0000${id}`;

/** The pending transitions of the whole store (by resource), their hooks and durations. */
export class Timeline {
  /** By resource, in the order they were started (a restarted one goes last). */
  private readonly pending = new Map<string, PendingTransition>();
  private readonly hooks = new Map<string, TransitionHook>();
  /** Transition durations per task (operationId) set by `POST /_stub/clock`; others last `transitionMs`. */
  private readonly durations = new Map<string, number>();
  /**
   * The earliest due time of every pending transition and timed task (undefined: none), while
   * `nextDueKnown`. An addition lowers it; any removal makes it unknown until the next read. The
   * scheduler asks after every change and the store settles before every request: with 10,000
   * instances in transition, scanning them all each time was quadratic work (and most of the
   * garbage a createInstances call made).
   */
  private nextDue: number | undefined;
  private nextDueKnown = false;
  /** Additions and removals of pending transitions (settle checks its hooks made none). */
  private changes = 0;

  constructor(
    readonly clock: Clock,
    /** How long a transitional state lasts (ms) unless a duration is set for its task. */
    readonly transitionMs: number,
  ) {}

  durationOf(task: string): number {
    return this.durations.get(task) ?? this.transitionMs;
  }

  setDuration(task: string, ms: number | undefined): void {
    if (ms === undefined) this.durations.delete(task);
    else this.durations.set(task, ms);
  }

  durationOverrides(): Record<string, number> {
    return Object.fromEntries(this.durations);
  }

  clearDurations(): void {
    this.durations.clear();
  }

  setHook(kind: string, hook: TransitionHook): void {
    this.hooks.set(kind, hook);
  }

  add(t: PendingTransition): void {
    const key = transitionKey(t.account, t.region, t.kind, t.id);
    if (this.pending.delete(key)) this.nextDueKnown = false;
    this.pending.set(key, t);
    this.changes += 1;
    this.noteDue(t.dueAt);
  }

  /** Something (a transition or a timed task) falls due at `dueAt`. */
  noteDue(dueAt: number): void {
    if (this.nextDueKnown && (this.nextDue === undefined || dueAt < this.nextDue)) this.nextDue = dueAt;
  }

  /** Something pending went (or the tasks were replaced): the next due time is read again when asked. */
  forgetNextDue(): void {
    this.nextDueKnown = false;
    this.changes += 1;
  }

  find(account: string, region: string, kind: string, id: string): PendingTransition | undefined {
    return this.pending.get(transitionKey(account, region, kind, id));
  }

  /** Forgets a resource's pending transition; true when there was one. */
  drop(account: string, region: string, kind: string, id: string): boolean {
    const dropped = this.pending.delete(transitionKey(account, region, kind, id));
    if (dropped) {
      this.nextDueKnown = false;
      this.changes += 1;
    }
    return dropped;
  }

  /** Copies of every pending transition, in the order they were started. */
  list(): PendingTransition[] {
    return [...this.pending.values()].map((t) => ({ ...t }));
  }

  /** Replaces every pending transition (a state file's). */
  replace(transitions: readonly PendingTransition[]): void {
    this.pending.clear();
    this.nextDueKnown = false;
    this.changes += 1;
    for (const t of transitions) this.add({ ...t });
  }

  /** Earliest time something (a transition or a timed task) is due, if anything is pending. */
  nextDueAt(regions: Iterable<RegionState>): number | undefined {
    if (this.nextDueKnown) return this.nextDue;
    let next: number | undefined;
    for (const t of this.pending.values()) next = next === undefined ? t.dueAt : Math.min(next, t.dueAt);
    for (const region of regions) {
      for (const task of region.taskData.values()) {
        if (task.dueAt !== undefined) next = next === undefined ? task.dueAt : Math.min(next, task.dueAt);
      }
    }
    this.nextDue = next;
    this.nextDueKnown = true;
    return next;
  }

  /**
   * Applies every transition and ends every timed task due at `clock.now()`; `regionOf` finds a
   * transition's region. Returns how many things changed.
   */
  settle(regions: Iterable<RegionState>, regionOf: (account: string, region: string) => RegionState | undefined): number {
    const now = this.clock.now();
    // Nothing is due yet (the usual request): no need to look at every transition and task.
    if (this.nextDueKnown && (this.nextDue === undefined || this.nextDue > now)) return 0;
    // One pass over the transitions and one over the tasks find what is due and, from the rest,
    // the next due time, which stays known after the settle: the requests that follow return above
    // instead of scanning everything again.
    const due: PendingTransition[] = [];
    let next: number | undefined;
    for (const t of this.pending.values()) {
      if (t.dueAt <= now) due.push(t);
      else if (next === undefined || t.dueAt < next) next = t.dueAt;
    }
    const changesBefore = this.changes;
    let changed = 0;
    if (due.length > 0) {
      due.sort((a, b) => a.dueAt - b.dueAt);
      for (const t of due) this.pending.delete(transitionKey(t.account, t.region, t.kind, t.id));
      for (const t of due) {
        const region = regionOf(t.account, t.region);
        const key = taskKey(t.kind, t.id);
        const task = region?.taskData.get(key);
        if (task && task.name === t.task) region?.taskData.delete(key);
        const items = region?.collectionNamed(t.kind);
        const record = items?.stored(t.id);
        if (region && items && record) {
          // Records are frozen: replace it (its nested values are frozen already and shared).
          items.store(t.id, Object.freeze({ ...record, [t.field]: t.final }));
          this.hooks.get(t.kind)?.(region, t.id, t);
        }
        changed += 1;
      }
    }
    for (const region of regions) {
      for (const [key, task] of region.taskData) {
        if (task.dueAt === undefined) continue;
        if (task.dueAt <= now) {
          region.taskData.delete(key);
          changed += 1;
        } else if (next === undefined || task.dueAt < next) next = task.dueAt;
      }
    }
    // A hook (an instance deleted: its disks released) may have started or dropped a transition
    // while the pending ones were being applied: then the next due time is read again when asked.
    this.nextDue = next;
    this.nextDueKnown = this.changes === changesBefore;
    return changed;
  }
}

/** Task bookkeeping for one account and region: at most one task per resource. */
export class Tasks {
  constructor(private readonly region: RegionState) {}

  /** The task running on the resource, if any (timed tasks that are due count as ended). */
  current(kind: string, id: string): TaskInfo | undefined {
    const task = this.region.taskData.get(taskKey(kind, id));
    if (!task) return undefined;
    if (task.dueAt !== undefined && task.dueAt <= this.region.store.clock.now()) return undefined;
    return { ...task };
  }

  /** Starts a task; `durationMs` makes it end by itself (default: runs until `end`). */
  begin(kind: string, id: string, name: string, options: { durationMs?: number } = {}): TaskInfo {
    const now = this.region.store.clock.now();
    const task: TaskInfo = { name, startedAt: now };
    if (options.durationMs !== undefined) task.dueAt = now + options.durationMs;
    this.region.materialise();
    if (this.region.taskData.has(taskKey(kind, id))) this.region.store.timeline.forgetNextDue();
    this.region.taskData.set(taskKey(kind, id), task);
    if (task.dueAt !== undefined) this.region.store.timeline.noteDue(task.dueAt);
    this.region.store.touch();
    return { ...task };
  }

  end(kind: string, id: string): void {
    if (this.region.taskData.delete(taskKey(kind, id))) {
      this.region.store.timeline.forgetNextDue();
      this.region.store.touch();
    }
  }

  /** @internal A removed resource's task goes with it (no change of its own). */
  forget(kind: string, id: string): void {
    if (this.region.taskData.delete(taskKey(kind, id))) this.region.store.timeline.forgetNextDue();
  }
}

/** Transitions for one account and region. */
export class Transitions {
  constructor(
    private readonly region: RegionState,
    private readonly timeline: Timeline,
  ) {}

  /**
   * Puts the resource in its transitional state now, marks a task in progress, and schedules
   * the final state after `durationMs` (default `--transition-ms`). Returns false if no such record.
   */
  start(kind: string, id: string, options: StartTransitionOptions): boolean {
    const field = options.field ?? 'status';
    if (!this.region.collectionNamed(kind).patch(id, { [field]: options.transitional })) return false;
    const durationMs = options.durationMs ?? this.timeline.durationOf(options.task);
    const dueAt = this.timeline.clock.now() + durationMs;
    this.region.tasks.begin(kind, id, options.task);
    this.timeline.add({
      account: this.region.account,
      region: this.region.region,
      kind,
      id,
      field,
      final: options.final,
      dueAt,
      task: options.task,
    });
    this.region.store.touch();
    return true;
  }

  /** The pending transition of a resource, if one is running. */
  pending(kind: string, id: string): PendingTransition | undefined {
    const t = this.timeline.find(this.region.account, this.region.region, kind, id);
    return t ? { ...t } : undefined;
  }
}
