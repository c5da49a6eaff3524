/**
 * Retry settings and their arithmetic: validation (an `undefined` field means its default; NaN, a
 * negative number or a fractional retry count is a TypeError, never a silent endless loop), full
 * jitter backoff, `Retry-After`, and the retry budget a client shares between its calls.
 */

export interface RetryOptions {
  /** Retries after the first attempt, a whole number; default 2. */
  retries?: number;
  /** Base of the exponential backoff, in ms; default 200. */
  minDelayMs?: number;
  /** Longest backoff between two attempts, in ms; default 5000. A longer `Retry-After` is still honoured. */
  maxDelayMs?: number;
  /** No retry starts, and no wait is begun, that would end later than this after the call began, in ms; default 60000. */
  maxElapsedMs?: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = { retries: 2, minDelayMs: 200, maxDelayMs: 5_000, maxElapsedMs: 60_000 };

/** Checks a number option: `undefined` gives `fallback`; anything but a number >= 0 (a whole one when `whole`) throws. */
export function checked(name: string, value: unknown, fallback: number, whole = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 0) || (whole && !Number.isInteger(value))) {
    throw new TypeError(`${name} must be ${whole ? 'a whole number' : 'a number'} >= 0, not ${String(value)}`);
  }
  return value;
}

/** The effective settings: `false` turns retries off, fields left out (or `undefined`) come from `base`. */
export function retrySettings(setting: RetryOptions | false | undefined, base: Required<RetryOptions> = DEFAULT_RETRY): Required<RetryOptions> {
  if (setting === false) return { ...base, retries: 0 };
  if (setting === undefined) return base;
  if (typeof setting !== 'object' || setting === null) throw new TypeError('retry must be an object or false');
  const out = { ...base };
  for (const key of Object.keys(DEFAULT_RETRY) as Array<keyof RetryOptions>) {
    out[key] = checked(`retry.${key}`, setting[key], base[key], key === 'retries');
  }
  return out;
}

/** Full jitter: a random wait between 0 and the exponential backoff of this retry (1 for the first). */
export const backoffMs = (retry: number, { minDelayMs, maxDelayMs }: Required<RetryOptions>): number =>
  Math.random() * Math.min(maxDelayMs, minDelayMs * 2 ** (retry - 1));

/** `Retry-After` in ms (seconds or an HTTP date), 0 when absent or in the past. */
export function retryAfterMs(response: Response): number {
  const value = response.headers.get('retry-after');
  if (!value) return 0;
  const ms = /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  return ms > 0 ? ms : 0;
}

/**
 * A client's retry budget, shared by all its calls so that a failing service is not hammered: a
 * retry spends 5 tokens (10 after a timeout or a network error), a call that succeeds gives 1
 * back, up to the capacity. With too few tokens left, failures are thrown, not retried.
 */
export class RetryBudget {
  private tokens: number;
  constructor(private readonly capacity: number) {
    this.tokens = capacity;
  }

  /** Takes the cost of a retry; false when the budget cannot pay it. */
  spend(cost: number): boolean {
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }

  succeeded(): void {
    this.tokens = Math.min(this.capacity, this.tokens + 1);
  }

  get available(): number {
    return this.tokens;
  }
}

/** Waits `ms`; rejects with the signal's reason when it aborts (also before the start). */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
