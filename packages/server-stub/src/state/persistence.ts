// --state-file: the store on disk.
//
// Format: one JSON document `{format: "jdcloud-vm-stub-state", version: 1, savedAt, state}`.
// Loading: a missing file means an empty store (the file is created at the first change); a file
// that is not JSON, lacks the format marker, has another version or a malformed `state` stops
// the start with a StateFileError and is never written to.
//
// Saving (atomic): write `<file>.<pid>.tmp`, fsync it, rename it over the file, fsync the folder.
// A reader therefore sees either the old or the new document, never half of one. A process
// killed during a save leaves its temporary file behind; the next start on the same file removes
// those of processes that no longer run.
//
// Durability contract: a request that changed the state is answered only after the change is on
// disk (`flush()` runs before the response is sent; changes made by concurrent requests are
// coalesced into one write). Background changes (a transition reaching its final state) are
// saved shortly after, coalesced, without anyone waiting; at worst a crash loses a transition
// that had not been acknowledged to anyone, and it is replayed from the pending list at the next
// start.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { StateData } from './snapshot.js';
import type { StateStore } from './store.js';

export const STATE_FORMAT = 'jdcloud-vm-stub-state';
export const STATE_VERSION = 1;

export interface StateFileDocument {
  format: typeof STATE_FORMAT;
  version: number;
  savedAt: string;
  state: StateData;
}

export class StateFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(
      `Refusing to start: the state file ${file} ${reason}. It has been left untouched; ` +
        'move it away or pass another --state-file.',
    );
    this.name = 'StateFileError';
  }
}

/**
 * The `state` of a parsed state document (a state file's, or `PUT /_stub/state`'s body) after the
 * checks of its envelope: the format marker, the version, a `state` object. Throws an Error whose
 * message completes "the state file …" / "the document …".
 */
export function stateOfDocument(doc: unknown): StateData {
  if (!doc || typeof doc !== 'object' || (doc as Record<string, unknown>).format !== STATE_FORMAT) {
    throw new Error(`is not a jdcloud-vm stub state file (no "format": "${STATE_FORMAT}" marker)`);
  }
  const { version, state } = doc as Partial<StateFileDocument>;
  if (version !== STATE_VERSION) {
    throw new Error(`has format version ${String(version)}, this stub reads version ${STATE_VERSION}`);
  }
  if (!state || typeof state !== 'object' || Array.isArray(state)) throw new Error('has no "state" object');
  return state;
}

/** The store as a state document (what the state file holds and `GET /_stub/state` answers). */
export function stateDocument(store: StateStore): StateFileDocument {
  return {
    format: STATE_FORMAT,
    version: STATE_VERSION,
    savedAt: new Date(store.clock.now()).toISOString(),
    state: store.toJSON(),
  };
}

/** Reads and checks a state file. Undefined when the file does not exist. */
export function readStateFile(file: string): StateData | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new StateFileError(file, `cannot be read (${code ?? (error as Error).message})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new StateFileError(file, `is not valid JSON (${(error as Error).message})`);
  }
  try {
    return stateOfDocument(doc);
  } catch (error) {
    throw new StateFileError(file, (error as Error).message);
  }
}

/** Writes `text` to `file` atomically and durably. */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  try {
    const dirFd = openSync(dirname(file), 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  } catch {
    // Some file systems cannot fsync a directory; the rename itself is still atomic.
  }
}

/** Whether a process with this id runs (on this machine, as far as this process may know). */
function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes `<file>.<pid>.tmp` files left by saves of processes that no longer run (killed during a
 * write). Another running stub's file, and anything not named so, is left alone. Returns the names removed.
 */
export function removeStaleTempFiles(file: string): string[] {
  const prefix = `${basename(file)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(file));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = name.slice(prefix.length, -'.tmp'.length);
    if (!/^[1-9]\d*$/.test(pid) || Number(pid) === process.pid || processRuns(Number(pid))) continue;
    try {
      rmSync(join(dirname(file), name), { force: true });
      removed.push(name);
    } catch {
      // not ours to remove (permissions): harmless, the file is never read
    }
  }
  return removed;
}

export interface PersistenceLog {
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Keeps a state file in step with a store. */
export class StatePersistence {
  readonly file: string;
  private savedVersion: number;
  private running: Promise<void> | undefined;
  private backgroundTimer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: () => void;
  private closed = false;

  /** Loads the file into the store (throws StateFileError) and starts following changes. */
  constructor(
    file: string,
    private readonly store: StateStore,
    private readonly log: PersistenceLog,
    private readonly backgroundDelayMs = 20,
  ) {
    this.file = resolve(file);
    const data = readStateFile(this.file);
    if (data) {
      try {
        store.load(data);
      } catch (error) {
        throw new StateFileError(this.file, `has a malformed "state": ${(error as Error).message}`);
      }
    }
    mkdirSync(dirname(this.file), { recursive: true });
    removeStaleTempFiles(this.file);
    this.savedVersion = store.version;
    this.unsubscribe = store.onChange(() => this.scheduleBackground());
  }

  /** True when every change is on disk. */
  get clean(): boolean {
    return this.savedVersion >= this.store.version;
  }

  /** Resolves once every change made so far is on disk; rejects if writing fails. */
  async flush(): Promise<void> {
    while (!this.clean) {
      if (this.running) {
        await this.running.catch(() => undefined);
        continue;
      }
      this.running = this.saveNow().finally(() => {
        this.running = undefined;
      });
      await this.running;
    }
  }

  private async saveNow(): Promise<void> {
    // Yield once so that changes made in the same tick are written together.
    await new Promise<void>((r) => setImmediate(r));
    const version = this.store.version;
    writeFileAtomic(this.file, `${JSON.stringify(stateDocument(this.store))}\n`);
    this.savedVersion = Math.max(this.savedVersion, version);
  }

  private scheduleBackground(): void {
    if (this.closed || this.backgroundTimer) return;
    this.backgroundTimer = setTimeout(() => {
      this.backgroundTimer = undefined;
      this.flush().catch((error: Error) =>
        this.log.error('state file could not be saved', { file: this.file, error: error.message }),
      );
    }, this.backgroundDelayMs);
    this.backgroundTimer.unref();
  }

  /** Stops following the store after a last flush. */
  async close(): Promise<void> {
    if (this.backgroundTimer) clearTimeout(this.backgroundTimer);
    this.backgroundTimer = undefined;
    await this.flush();
    this.closed = true;
    this.unsubscribe();
  }
}
