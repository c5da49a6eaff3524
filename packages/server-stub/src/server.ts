// startStub(options) → { url, close() }: the programmatic API (the CLI is a thin layer over it).
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createApp } from './app.js';
import { type AccessKey, type Account, accessKeysOf, byPin, pinsOf, resolveAccounts } from './auth/keys.js';
import { createAuthenticator } from './auth/verify.js';
import { guardConnections } from './http/connection.js';
import { defaultRegistry } from './domain/index.js';
import { type QuotaOverrides, normalizeQuotaOverrides, setQuotaOverrides } from './domain/quotas.js';
import { HandlerRegistry } from './domain/registry.js';
import type { DomainModule } from './domain/types.js';
import { type LogLevel, type LogSink, type Logger, createLogger } from './log.js';
import { SpecIndex } from './spec/index.js';
import { type SpecSource, loadSpec } from './spec/load.js';
import { type ClockChange, type ClockView, type FaultRule, type FaultRuleInput, type JournalFilter, type JournalPage, StubControl } from './control/index.js';
import { type Clock, OffsetClock, systemClock } from './state/clock.js';
import { type StateFileDocument, StatePersistence, readStateFile } from './state/persistence.js';
import type { StateData } from './state/snapshot.js';
import { TransitionScheduler } from './state/scheduler.js';
import { StateStore } from './state/store.js';

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 8000,
  transitionMs: 200,
  logLevel: 'info' as LogLevel,
  bodyLimit: '1mb',
};

export interface StubOptions {
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Port (default 8000; 0 picks a free one). */
  port?: number;
  /**
   * Accounts: a user PIN and the access keys that sign for it (`'PIN=AK:SK,AK2:SK2'` or
   * `{ pin, accessKeys }`); every key of an account sees the same state. An account without keys
   * exists (images can be shared with it) but cannot call. The CLI's `--account`.
   */
  accounts?: ReadonlyArray<string | Account>;
  /**
   * `AK:SK` strings or objects: each key one account whose PIN is the key id (shorthand for
   * `accounts`). No access key at all = open mode, every request on the default account.
   */
  accessKeys?: ReadonlyArray<string | AccessKey>;
  /** Where the state is saved and loaded from (default: in memory only). */
  stateFile?: string;
  /** How long transitional states last, in ms (default 200). */
  transitionMs?: number;
  logLevel?: LogLevel;
  /** Validate every response against the document (default true). */
  responseValidation?: boolean;
  /** Largest accepted request body (default '1mb'). */
  bodyLimit?: number | string;
  /** The OpenAPI document: a file (JSON or YAML) or an object. Default: @jdcloud-vm/spec's bundle. */
  spec?: SpecSource;
  /** Folder served at /docs/ (default: @jdcloud-vm/docs's docsDir(), when it exists); false to disable. */
  docsDir?: string | false;
  /** Clock (tests move time by hand with ManualClock). */
  clock?: Clock;
  /** Where log lines go (default stdout). */
  logSink?: LogSink;
  /** Domain modules (default: the ones the stub ships). */
  modules?: readonly DomainModule[];
  /**
   * Quota limits for every account, by describeQuotas resource type (`{ keypair: 5 }`), instead
   * of data/catalog/default-quotas.json. The CLI's `--quota NAME=N`.
   */
  quotas?: QuotaOverrides;
  /**
   * Refuse body fields and query parameters the document does not have (400 INVALID_ARGUMENT)
   * instead of ignoring them and reporting them in the `x-jdcloud-stub-warnings` header (default
   * false). The CLI's `--strict`.
   */
  strict?: boolean;
  // --- the stub as a test tool (src/control) ---
  /**
   * The control API's bearer token. Without it, the control API is open in open mode, and a
   * random token (RunningStub.adminToken, printed at start) guards it when accounts are configured.
   * The CLI's `--admin-token`.
   */
  adminToken?: string;
  /** A state file loaded at start and by every reset, never written to (a fixture). The CLI's `--seed-file`. */
  seedFile?: string;
  /** Makes the resource and request ids reproducible run to run. The CLI's `--id-seed`. */
  idSeed?: number;
  /** How many API requests the journal keeps (default 1000). The CLI's `--journal-size`. */
  journalSize?: number;
  /**
   * Origins whose pages may call the stub from a browser (`http://localhost:3000`, or `*` for
   * any): preflights are answered, answers carry the CORS headers (default none: no CORS). The
   * CLI's `--cors`.
   */
  cors?: readonly string[];
}

/** The fault rules of a running stub (`/_stub/faults`). */
export interface StubFaults {
  /** Adds a rule; throws an ApiError (400) when it is malformed. */
  add(rule: FaultRuleInput): FaultRule;
  list(): FaultRule[];
  /** False when there is no such rule. */
  remove(id: string): boolean;
  /** Removes every rule (those naming `account` when given); returns how many. */
  clear(account?: string): number;
}

/** The stub's clock (`/_stub/clock`). */
export interface StubClock {
  /** The stub's time, ms since the epoch. */
  now(): number;
  /** Moves it forward; transitions that fall due complete at once. */
  advance(ms: number): Promise<ClockView>;
  /** How long the transitions each operation starts last (null: back to transitionMs). */
  setDurations(durations: NonNullable<ClockChange['durations']>): Promise<ClockView>;
}

export interface RunningStub {
  /** Base URL without the API base path, e.g. `http://127.0.0.1:8000`. */
  url: string;
  host: string;
  port: number;
  /** The live store (seed or inspect state in tests). */
  store: StateStore;
  /** Operations of the document without a handler (they answer 500 INTERNAL). */
  unimplemented: string[];
  logger: Logger;
  close(): Promise<void>;
  // --- the stub as a test tool (src/control); the control API over HTTP does the same ---
  /** The control API's bearer token, when it needs one. */
  adminToken: string | undefined;
  /** Every account (or one) back to the start: state, fault rules, journal. Returns the accounts reset. */
  reset(account?: string): Promise<string[]>;
  faults: StubFaults;
  /** The journal of recent API requests. */
  requests(filter?: JournalFilter): JournalPage;
  /** Clears the journal (of one account when given); returns how many entries went. */
  clearRequests(account?: string): number;
  clock: StubClock;
  /** The state in the state file's format. */
  state(): StateFileDocument;
  /** Replaces the state (checked as a state file is; throws an ApiError 400 and changes nothing when it is not one). */
  loadState(document: unknown): Promise<StateFileDocument>;
}

/** The --seed-file's state; its problems stop the start, with the seed file named. */
function readSeed(file: string): StateData {
  let seed: StateData | undefined;
  try {
    seed = readStateFile(file);
  } catch (error) {
    throw new Error((error as Error).message.replace('the state file', 'the seed file').replace('another --state-file', 'another --seed-file'));
  }
  if (!seed) throw new Error(`Refusing to start: the seed file ${file} does not exist.`);
  return seed;
}

/** The folder of the built docs, if @jdcloud-vm/docs exports `docsDir()`. */
async function findDocsDir(logger: Logger): Promise<string | undefined> {
  try {
    const docs = (await import('@jdcloud-vm/docs' as string)) as { docsDir?: () => string; docsBuilt?: () => boolean };
    if (typeof docs.docsDir === 'function') {
      if (typeof docs.docsBuilt === 'function' && !docs.docsBuilt()) {
        logger.warn('the docs are not built (pnpm --filter @jdcloud-vm/docs build); /docs answers 404');
        return undefined;
      }
      return docs.docsDir();
    }
    logger.debug('@jdcloud-vm/docs exports no docsDir(); /docs answers 404');
  } catch (error) {
    logger.debug('@jdcloud-vm/docs cannot be loaded; /docs answers 404', { error: (error as Error).message });
  }
  return undefined;
}

export async function startStub(options: StubOptions = {}): Promise<RunningStub> {
  const logger = createLogger(options.logLevel ?? DEFAULTS.logLevel, options.logSink);
  const baseClock = options.clock ?? systemClock;
  // The state reads the stub's clock (POST /_stub/clock moves it); signatures the clock under it.
  const clock = new OffsetClock(baseClock);
  const transitionMs = options.transitionMs ?? DEFAULTS.transitionMs;
  if (!Number.isFinite(transitionMs) || transitionMs < 0) throw new Error(`transitionMs must be >= 0, got ${transitionMs}`);
  if (options.idSeed !== undefined && !(Number.isInteger(options.idSeed) && options.idSeed >= 0 && options.idSeed <= 0xffffffff)) {
    throw new Error(`idSeed must be an integer from 0 to 4294967295, got ${options.idSeed}`);
  }
  if (options.journalSize !== undefined && !(Number.isInteger(options.journalSize) && options.journalSize >= 1)) {
    throw new Error(`the journal size must be an integer >= 1, got ${options.journalSize}`);
  }
  // Looked up (a dynamic import and file checks) while the document is read and indexed below.
  const docsDirLookup =
    options.docsDir === false ? undefined : options.docsDir !== undefined ? Promise.resolve(options.docsDir) : findDocsDir(logger);
  const accounts = resolveAccounts(options.accounts, options.accessKeys);
  const accessKeys = accessKeysOf(accounts);
  const pins = pinsOf(accounts);

  const loaded = loadSpec(options.spec);
  const spec = new SpecIndex(loaded.document);
  const store = new StateStore({ clock, transitionMs });
  setQuotaOverrides(store, normalizeQuotaOverrides(options.quotas));
  const seed = options.seedFile !== undefined ? readSeed(options.seedFile) : undefined;
  if (seed) {
    try {
      store.load(structuredClone(seed));
    } catch (error) {
      throw new Error(`Refusing to start: the seed file ${options.seedFile} has a malformed "state": ${(error as Error).message}.`);
    }
  }
  const registry = options.modules ? new HandlerRegistry(options.modules) : defaultRegistry();
  registry.install(store);
  const persistence = options.stateFile ? new StatePersistence(options.stateFile, store, logger) : undefined;
  const scheduler = new TransitionScheduler(store);
  const signed = accessKeys.length > 0;
  const adminToken = options.adminToken ?? (signed ? randomBytes(24).toString('base64url') : undefined);
  const instanceKind = registry.kinds.get('instance');
  const control = new StubControl({
    spec,
    store,
    clock,
    accounts: pins,
    signed,
    implemented: spec.operations.size - registry.unimplemented(spec).length,
    instances: { collection: instanceKind?.collection ?? 'instance', stateField: instanceKind?.stateField ?? 'status' },
    ...(persistence ? { persistence } : {}),
    ...(seed ? { seed } : {}),
    ...(options.idSeed !== undefined ? { idSeed: options.idSeed } : {}),
    ...(options.journalSize !== undefined ? { journalSize: options.journalSize } : {}),
    ...(adminToken !== undefined ? { adminToken } : {}),
  });
  const docsDir = await docsDirLookup;

  let app;
  try {
    app = await createApp({
      spec,
      store,
      registry,
      authenticator: byPin(createAuthenticator(accessKeys, baseClock), accounts),
      accounts: pins,
      logger,
      clock,
      ...(persistence ? { persistence } : {}),
      responseValidation: options.responseValidation ?? true,
      // The bundled document is checked by the spec package's lint and test/perf-startup.test.ts;
      // a document given with `spec` is checked against the OpenAPI schema at start.
      validateSpec: options.spec !== undefined,
      bodyLimit: options.bodyLimit ?? DEFAULTS.bodyLimit,
      strict: options.strict ?? false,
      ...(docsDir ? { docsDir } : {}),
      control,
      ...(options.cors ? { cors: options.cors } : {}),
    });
  } catch (error) {
    scheduler.stop();
    await persistence?.close();
    throw error;
  }

  // requireHostHeader: false lets a request without Host reach the app (and its envelope).
  const server: Server = createServer({ requireHostHeader: false }, app);
  guardConnections(server, app, logger);
  const host = options.host ?? DEFAULTS.host;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? DEFAULTS.port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    scheduler.stop();
    await persistence?.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const unimplemented = registry.unimplemented(spec);
  for (const problem of registry.problems(spec)) logger.warn('domain/document mismatch', { problem });
  logger.info('listening', {
    url,
    api: `${url}${spec.basePath}`,
    operations: spec.operations.size,
    mode: accessKeys.length > 0 ? `signed (${accessKeys.length} access key${accessKeys.length > 1 ? 's' : ''})` : 'open',
    accounts: pins,
    stateFile: persistence?.file ?? null,
    transitionMs,
    responseValidation: options.responseValidation ?? true,
    strict: options.strict ?? false,
    docs: docsDir ? `${url}/docs/` : null,
    control: `${url}/_stub/`,
    // Printed so that a user who did not choose one can use it; only when the stub chose it.
    ...(adminToken !== undefined && options.adminToken === undefined ? { adminToken } : {}),
    seedFile: options.seedFile ?? null,
    idSeed: options.idSeed ?? null,
    cors: options.cors && options.cors.length > 0 ? options.cors : null,
  });
  if (unimplemented.length > 0) {
    logger.warn('operations without a handler answer 500 INTERNAL', { count: unimplemented.length, operations: unimplemented });
  }

  let closing: Promise<void> | undefined;
  return {
    url,
    host,
    port,
    store,
    unimplemented,
    logger,
    adminToken,
    reset: (account) => control.reset(account),
    faults: {
      add: (rule) => control.addFault(rule),
      list: () => control.faults.list(),
      remove: (id) => control.faults.remove(id),
      clear: (account) => control.faults.clear(account),
    },
    requests: (filter) => control.journal.query(filter),
    clearRequests: (account) => control.journal.clear(account),
    clock: {
      now: () => clock.now(),
      advance: (ms) => control.changeClock({ advanceMs: ms }),
      setDurations: (durations) => control.changeClock({ durations }),
    },
    state: () => control.snapshot(),
    loadState: (document) => control.load(document),
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        scheduler.stop();
        await persistence?.close();
      })();
      return closing;
    },
  };
}
