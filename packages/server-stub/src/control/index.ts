// The stub as a test tool: everything the control API (/_stub/…, ./routes.ts) and the typed
// programmatic API (RunningStub.reset, .faults, .requests, .clock) do, in one place, so both
// behave the same. Nothing here is reachable with API keys, and nothing here knows a secret.
import { performance } from 'node:perf_hooks';
import { invalidArgument, notFound } from '../http/errors.js';
import type { SpecIndex } from '../spec/index.js';
import type { OffsetClock } from '../state/clock.js';
import { seedIds } from '../state/ids.js';
import { type StateFileDocument, type StatePersistence, stateDocument, stateOfDocument } from '../state/persistence.js';
import type { StateData } from '../state/snapshot.js';
import { StateStore } from '../state/store.js';
import { ControlDocument } from './document.js';
import { type FaultDecision, type FaultRule, type FaultRuleInput, FaultInputError, FaultRules } from './faults.js';
import { DEFAULT_JOURNAL_SIZE, RequestJournal } from './journal.js';

export type { FaultRule, FaultRuleInput } from './faults.js';
export type { JournalEntry, JournalFilter, JournalPage } from './journal.js';

export interface ControlOptions {
  spec: SpecIndex;
  store: StateStore;
  clock: OffsetClock;
  /** The PINs of the configured accounts. */
  accounts: readonly string[];
  /** True when requests must be signed (access keys configured). */
  signed: boolean;
  /** Operations with a handler. */
  implemented: number;
  /** The instance resource kind: its collection and state field (instanceError). */
  instances: { collection: string; stateField: string };
  persistence?: StatePersistence;
  /** The --seed-file state: what a reset goes back to. */
  seed?: StateData;
  idSeed?: number;
  journalSize?: number;
  /** Needed on the control API (except health and its document) when set. */
  adminToken?: string;
}

export interface ClockView {
  now: string;
  offsetMs: number;
  transitionMs: number;
  durations: Record<string, number>;
  settled?: number;
}

export interface ClockChange {
  advanceMs?: number;
  /** operationId → ms the transitions it starts last; null (or undefined) = back to the default. */
  durations?: Record<string, number | null | undefined>;
}

export interface Health {
  status: 'ok';
  mode: 'open' | 'signed';
  operations: number;
  implemented: number;
  accounts: string[];
  uptimeSeconds: number;
  apiBasePath: string;
}

const EMPTY_STATE: StateData = { accounts: {}, transitions: [] };

export class StubControl {
  readonly journal: RequestJournal;
  readonly faults: FaultRules;
  readonly adminToken: string | undefined;
  private document: ControlDocument | undefined;
  private readonly startedAt = performance.now();

  constructor(private readonly options: ControlOptions) {
    this.journal = new RequestJournal(options.journalSize ?? DEFAULT_JOURNAL_SIZE);
    this.faults = new FaultRules({ operationIds: new Set(options.spec.operations.keys()), accounts: () => this.knownAccounts() });
    this.adminToken = options.adminToken;
    if (options.idSeed !== undefined) seedIds(options.idSeed);
  }

  /** control-api.yaml, parsed on first use. */
  get controlDocument(): ControlDocument {
    this.document ??= ControlDocument.load();
    return this.document;
  }

  /** The configured accounts and any other the state holds (a loaded snapshot may bring some). */
  knownAccounts(): string[] {
    return [...new Set([...this.options.accounts, ...this.options.store.accounts()])];
  }

  health(): Health {
    const { spec, signed, implemented } = this.options;
    return {
      status: 'ok',
      mode: signed ? 'signed' : 'open',
      operations: spec.operations.size,
      implemented,
      accounts: [...this.options.accounts],
      uptimeSeconds: Math.round((performance.now() - this.startedAt) / 10) / 100,
      apiBasePath: spec.basePath,
    };
  }

  /**
   * Puts every account (or `account`) back as at start (empty, or the seed), with its fault rules
   * and journal entries. Every account: the transition durations and the id sequence too.
   */
  async reset(account?: string): Promise<string[]> {
    const { store, seed } = this.options;
    if (account !== undefined && !this.knownAccounts().includes(account)) {
      throw notFound(`No account '${account}': known accounts are ${this.knownAccounts().join(', ')}.`);
    }
    const reset = account === undefined ? this.knownAccounts() : [account];
    if (account === undefined) {
      store.load(structuredClone(seed ?? EMPTY_STATE));
      store.clearDurations();
      if (this.options.idSeed !== undefined) seedIds(this.options.idSeed);
    } else {
      const state = store.toJSON();
      delete state.accounts[account];
      state.transitions = state.transitions.filter((t) => t.account !== account);
      const fromSeed = seed?.accounts[account];
      if (fromSeed) state.accounts[account] = structuredClone(fromSeed);
      state.transitions.push(...(seed?.transitions ?? []).filter((t) => t.account === account).map((t) => ({ ...t })));
      store.load(state);
    }
    store.touch();
    this.faults.clear(account);
    this.journal.clear(account);
    await this.options.persistence?.flush();
    return reset;
  }

  snapshot(): StateFileDocument {
    this.options.store.settle();
    return stateDocument(this.options.store);
  }

  /** Replaces the state with a state document, checked as a state file is; a bad one changes nothing. */
  async load(doc: unknown): Promise<StateFileDocument> {
    const { store } = this.options;
    let state: StateData;
    try {
      state = stateOfDocument(doc);
    } catch (error) {
      throw invalidArgument(`The document ${(error as Error).message}.`);
    }
    try {
      // Checked on a scratch store first: load() empties the store before it finds a problem.
      new StateStore({ clock: store.clock, transitionMs: store.transitionMs }).load(structuredClone(state));
    } catch (error) {
      throw invalidArgument(`The document has a malformed "state": ${(error as Error).message}.`);
    }
    store.load(structuredClone(state));
    store.touch();
    await this.options.persistence?.flush();
    return this.snapshot();
  }

  /** Adds a fault rule after checking it against control-api.yaml's FaultRuleInput; throws a 400 ApiError. */
  addFault(input: FaultRuleInput): FaultRule {
    const problem = this.controlDocument.checkSchema('FaultRuleInput', input);
    if (problem !== undefined) throw invalidArgument(problem);
    try {
      return this.faults.add(input);
    } catch (error) {
      if (error instanceof FaultInputError) throw invalidArgument(error.message);
      throw error;
    }
  }

  removeFault(id: string): void {
    if (!this.faults.remove(id)) throw notFound(`No fault rule '${id}'.`);
  }

  /** The rule that decides this request, if any; an instanceError rule takes effect here. */
  decideFault(operationId: string, account: string): FaultDecision | undefined {
    return this.faults.decide(operationId, account, (rule) =>
      rule.instanceError === undefined ? true : this.putInError(account, rule.instanceError),
    );
  }

  clockView(settled?: number): ClockView {
    const { clock, store } = this.options;
    return {
      now: new Date(clock.now()).toISOString(),
      offsetMs: clock.offsetMs,
      transitionMs: store.transitionMs,
      durations: store.durationOverrides(),
      ...(settled !== undefined ? { settled } : {}),
    };
  }

  /** Sets durations, then moves the clock; what fell due completes at once. Throws a 400 ApiError. */
  async changeClock(change: ClockChange): Promise<ClockView> {
    const { clock, store, spec } = this.options;
    const durations = Object.entries(change.durations ?? {});
    const unknown = durations.map(([id]) => id).filter((id) => !spec.operations.has(id));
    if (unknown.length > 0) throw invalidArgument(`Not operations of the API document: ${unknown.join(', ')}.`);
    for (const [id, ms] of durations) {
      if (ms !== null && ms !== undefined && !(Number.isInteger(ms) && ms >= 0 && ms <= 3_600_000)) {
        throw invalidArgument(`The duration of ${id} must be an integer from 0 to 3600000 ms, or null; got ${ms}.`);
      }
    }
    const advanceMs = change.advanceMs ?? 0;
    if (!(Number.isInteger(advanceMs) && advanceMs >= 0)) throw invalidArgument(`advanceMs must be an integer >= 0, got ${advanceMs}.`);
    for (const [id, ms] of durations) store.setDuration(id, ms ?? undefined);
    clock.advance(advanceMs);
    const settled = store.settle();
    await this.options.persistence?.flush();
    return this.clockView(settled);
  }

  /** Puts an instance of `account` in error (its transition and task dropped); false when it has none such. */
  private putInError(account: string, instanceId: string): boolean {
    const { store, instances } = this.options;
    for (const region of store.regions(account)) {
      const scope = store.scope(account, region);
      if (!scope.collectionNamed(instances.collection).patch(instanceId, { [instances.stateField]: 'error' })) continue;
      store.dropTransition(account, region, instances.collection, instanceId);
      scope.tasks.end(instances.collection, instanceId);
      return true;
    }
    return false;
  }
}
