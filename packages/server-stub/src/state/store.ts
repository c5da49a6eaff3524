// The emulator's state: a RegionState (region.ts) per account and region, the timeline of tasks
// and transitions (timeline.ts), the ids issued, and a version that every change bumps.
//
//   store.scope(account, region)  → RegionState (typed collections, tasks, transitions)
//   store.settle()                → applies what is due on the timeline
//   store.toJSON() / load(data)   → the serialisable form (snapshot.ts, saved by persistence.ts)
import type { Clock } from './clock.js';
import type { ReadCounters } from './collection.js';
import { randomResourceId } from './ids.js';
import { RegionState } from './region.js';
import { type StateData, restoreSnapshot, takeSnapshot } from './snapshot.js';
import { Timeline, type TransitionHook } from './timeline.js';

export interface StoreOptions {
  clock: Clock;
  /** How long a transitional state lasts (ms). */
  transitionMs: number;
}

export class StateStore {
  readonly clock: Clock;
  readonly transitionMs: number;
  /** @internal */
  readonly timeline: Timeline;
  private readonly data = new Map<string, Map<string, RegionState>>();
  private readonly issuedIds = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private versionCounter = 0;
  /** Records copied / handed out read-only since the start (see ReadCounters). */
  readonly reads: ReadCounters = { copied: 0, viewed: 0 };

  constructor(options: StoreOptions) {
    this.clock = options.clock;
    this.transitionMs = options.transitionMs;
    this.timeline = new Timeline(options.clock, options.transitionMs);
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
    return this.timeline.durationOf(task);
  }

  /** Sets (a number) or clears (undefined) the duration of the transitions `task` starts. */
  setDuration(task: string, ms: number | undefined): void {
    this.timeline.setDuration(task, ms);
  }

  /** The durations set by setDuration. */
  durationOverrides(): Record<string, number> {
    return this.timeline.durationOverrides();
  }

  clearDurations(): void {
    this.timeline.clearDurations();
  }

  /** The state of one account in one region (empty until written to). */
  scope(account: string, region: string): RegionState {
    let regions = this.data.get(account);
    if (!regions) {
      regions = new Map();
      this.data.set(account, regions);
    }
    let state = regions.get(region);
    if (!state) {
      state = new RegionState(this, this.timeline, account, region);
      regions.set(region, state);
    }
    return state;
  }

  /** The accounts that have state (a region written to). */
  accounts(): string[] {
    return [...this.data.keys()].filter((account) => this.regions(account).length > 0);
  }

  /** The regions of an account that have state. */
  regions(account: string): string[] {
    return [...(this.data.get(account)?.values() ?? [])].filter((r) => r.isWritten).map((r) => r.region);
  }

  /** @internal Every region that has state. */
  *allRegions(): IterableIterator<RegionState> {
    for (const regions of this.data.values()) for (const region of regions.values()) if (region.isWritten) yield region;
  }

  /** Registers what happens when a transition in collection `kind` completes (one hook per kind). */
  setTransitionHook(kind: string, hook: TransitionHook): void {
    this.timeline.setHook(kind, hook);
  }

  /** @internal A fresh id `<prefix>-<10 base-36 chars>`, never issued before by this store. */
  newId(prefix: string): string {
    for (;;) {
      const id = randomResourceId(prefix);
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

  /** Forgets a resource's pending transition (its state stays as it is). */
  dropTransition(account: string, region: string, kind: string, id: string): void {
    if (this.timeline.drop(account, region, kind, id)) this.touch();
  }

  /** Earliest time something (a transition or a timed task) is due, if anything is pending. */
  nextDueAt(): number | undefined {
    return this.timeline.nextDueAt(this.allRegions());
  }

  /**
   * Applies every transition and ends every timed task that is due at `clock.now()`. The app
   * calls this before each request, and a timer calls it when something falls due, so what a
   * client sees never depends on timer precision.
   */
  settle(): number {
    const changed = this.timeline.settle(this.allRegions(), (account, region) => this.data.get(account)?.get(region));
    if (changed > 0) this.touch();
    return changed;
  }

  /** @internal Empties the store (before a load). */
  clear(): void {
    this.data.clear();
    this.issuedIds.clear();
    this.timeline.replace([]);
  }

  toJSON(): StateData {
    return takeSnapshot(this);
  }

  /** Replaces the whole content with `data` (the state file's). Throws on a malformed shape. */
  load(data: StateData): void {
    restoreSnapshot(this, data);
  }
}
