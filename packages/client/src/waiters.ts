/**
 * Waiters: poll a describe operation until the resource reaches the wanted state, with backoff,
 * and stop with a JdCloudWaiterError on a state it cannot leave (`error`, a failed task) or when
 * `maxWaitMs` is spent. A 404 is a state too (`NOT_FOUND`): the goal of the *Deleted waiters, and
 * otherwise a reason to keep polling (a resource just created may not be visible at once).
 */
import { JdCloudError, JdCloudWaiterError } from './errors.js';
import { sleep } from './retry.js';

/** The parts of the describe results that waiters read. */
type Result =
  | { instance?: { status?: string }; image?: { status?: string }; taskSet?: Array<{ taskStatus?: string }> }
  | undefined;

interface Waiter {
  operation: 'describeInstance' | 'describeImage' | 'imageTasks';
  /** The state of the result: a status, or for tasks `finished` / `failed` / `pending` over all of them. */
  state: (result: Result) => string | undefined;
  success: string;
  failure: string;
}

const instance = (result: Result) => result?.instance?.status;
const image = (result: Result) => result?.image?.status;

export const waiters = {
  instanceRunning: { operation: 'describeInstance', state: instance, success: 'running', failure: 'error' },
  instanceStopped: { operation: 'describeInstance', state: instance, success: 'stopped', failure: 'error' },
  instanceDeleted: { operation: 'describeInstance', state: instance, success: 'NOT_FOUND', failure: 'error' },
  imageReady: { operation: 'describeImage', state: image, success: 'ready', failure: 'error' },
  imageDeleted: { operation: 'describeImage', state: image, success: 'NOT_FOUND', failure: 'error' },
  imageTaskFinished: {
    operation: 'imageTasks',
    state: (result) => {
      const tasks = result?.taskSet ?? [];
      if (tasks.some((t) => t.taskStatus === 'failed')) return 'failed';
      return tasks.length && tasks.every((t) => t.taskStatus === 'finished') ? 'finished' : 'pending';
    },
    success: 'finished',
    failure: 'failed',
  },
} as const satisfies Record<string, Waiter>;

export type WaiterName = keyof typeof waiters;

export interface WaiterOptions {
  /** Give up after this long, in ms; default 600000 (10 minutes). */
  maxWaitMs?: number;
  /** First wait between two polls, in ms (it grows by half each time, with jitter); default 2000. */
  minDelayMs?: number;
  /** Longest wait between two polls, in ms; default 20000. */
  maxDelayMs?: number;
  /** Cancels the wait (and the poll in flight): rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Runs a waiter with `describe` (the client's call of the waiter's operation); resolves to the last result. */
export async function runWaiter(
  name: WaiterName,
  describe: (operation: string, signal: AbortSignal | undefined) => Promise<unknown>,
  options: WaiterOptions,
  check: (name: string, value: unknown, fallback: number) => number,
): Promise<unknown> {
  const waiter: Waiter | undefined = waiters[name];
  if (!waiter) throw new TypeError(`no waiter named ${name}`);
  const { signal } = options;
  const deadline = Date.now() + check('maxWaitMs', options.maxWaitMs, 600_000);
  const minDelayMs = check('minDelayMs', options.minDelayMs, 2_000);
  const maxDelayMs = check('maxDelayMs', options.maxDelayMs, 20_000);
  for (let poll = 0; ; poll++) {
    signal?.throwIfAborted();
    let result: Result;
    let state: string | undefined;
    try {
      result = (await describe(waiter.operation, signal)) as Result;
      state = waiter.state(result);
    } catch (error) {
      if (!(error instanceof JdCloudError && error.httpStatus === 404)) throw error;
      state = 'NOT_FOUND';
    }
    if (state === waiter.success) return result;
    if (state === waiter.failure) throw new JdCloudWaiterError(name, 'failure', state, result);
    const left = deadline - Date.now();
    if (left <= 0) throw new JdCloudWaiterError(name, 'timeout', state, result);
    const delay = Math.min(maxDelayMs, minDelayMs * 1.5 ** poll) * (0.5 + Math.random() / 2);
    await sleep(Math.min(delay, left), signal);
  }
}
