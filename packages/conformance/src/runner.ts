// Runs the scenarios in order through one SDK driver: fills in `{{name}}` from what earlier calls
// returned, waits for transitional states to end, and judges each call against the outcome the
// real service gives. A driver only knows how to send one call with its SDK.
import type { Exchange, RecordingProxy } from './recording-proxy.js';
import type { Params, Scenario, Value, Wait } from './scenarios.js';

/** What an SDK handed back for one call, whatever its language. */
export interface SdkAnswer {
  requestId?: string | null;
  result?: unknown;
  error?: { code: number; status: string; message: string } | null;
  /** The SDK threw instead of answering (network failure, a refused argument, ...). */
  exception?: string;
}

export interface Driver {
  name: string;
  call(operationId: string, params: Params): Promise<SdkAnswer>;
}

export interface Outcome {
  scenario: Scenario;
  passed: boolean;
  /** Why it failed, in one line. */
  reason?: string;
  /** The parameters after `{{name}}` was filled in (none when the call could not be made). */
  params?: Params;
  answer?: SdkAnswer;
  /** The call's own HTTP exchange(s) as the proxy saw them (polls excluded). */
  exchanges: Exchange[];
}

const PLACEHOLDER = /\{\{(\w+)\}\}/g;

/** The value at a dotted path (`instanceIds.0`, `instance.status`). */
export function at(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((current, key) => {
    if (current === null || typeof current !== 'object') return undefined;
    return (current as Record<string, unknown>)[key];
  }, value);
}

/** Fills in `{{name}}`; throws naming the first value no earlier call provided. */
export function fill<T extends Value | Params>(value: T, known: Record<string, Value>): T {
  if (typeof value === 'string') {
    const whole = /^\{\{(\w+)\}\}$/.exec(value);
    if (whole) {
      if (!(whole[1]! in known)) throw new Error(`{{${whole[1]}}} was not provided by an earlier call`);
      return known[whole[1]!] as T;
    }
    return value.replace(PLACEHOLDER, (_, name: string) => {
      if (!(name in known)) throw new Error(`{{${name}}} was not provided by an earlier call`);
      return String(known[name]);
    }) as T;
  }
  if (Array.isArray(value)) return value.map((item) => fill(item, known)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, known)])) as T;
  }
  return value;
}

function judge(scenario: Scenario, answer: SdkAnswer): string | undefined {
  const { http, status } = scenario.expect;
  if (answer.exception !== undefined) return `the SDK threw: ${answer.exception.split('\n').filter(Boolean).at(-1)}`;
  const got = answer.error ? `${answer.error.code} ${answer.error.status}: ${answer.error.message}` : '2xx';
  if (http < 300) return answer.error ? `expected 2xx, got ${got}` : undefined;
  if (!answer.error) return `expected ${http} ${status ?? ''}, got 2xx`;
  if (answer.error.code !== http || (status !== undefined && answer.error.status !== status)) {
    return `expected ${http} ${status ?? ''}, got ${got}`;
  }
  return undefined;
}

async function waitFor(driver: Driver, wait: Wait, known: Record<string, Value>, timeoutMs: number): Promise<string | undefined> {
  const params = fill(wait.params, known);
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    const answer = await driver.call(wait.operationId, params);
    last = answer.error ?? answer.exception ?? at(answer.result, wait.field);
    if (last === wait.equals) return undefined;
    if (Date.now() > deadline) {
      return `waited ${timeoutMs} ms for ${wait.operationId} ${wait.field} = ${wait.equals}; last saw ${JSON.stringify(last)}`;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface RunOptions {
  driver: Driver;
  proxy: RecordingProxy;
  scenarios: readonly Scenario[];
  /** Values known before the first call (`Environment`). */
  environment: Readonly<Record<string, Value>>;
  /** How long a wait may take before the scenario counts as failed. */
  waitMs?: number;
}

export async function runScenarios({ driver, proxy, scenarios, environment, waitMs = 20_000 }: RunOptions): Promise<Outcome[]> {
  const known: Record<string, Value> = { ...environment };
  const outcomes: Outcome[] = [];
  for (const scenario of scenarios) {
    let params: Params;
    try {
      params = fill(scenario.params, known);
    } catch (error) {
      outcomes.push({ scenario, passed: false, reason: `not run: ${(error as Error).message}`, exchanges: [] });
      continue;
    }
    const before = proxy.exchanges.length;
    const answer = await driver.call(scenario.operationId, params);
    const exchanges = proxy.exchanges.slice(before);
    let reason = judge(scenario, answer);
    if (!reason) {
      for (const [name, path] of Object.entries(scenario.capture ?? {})) {
        const value = at(answer.result, path);
        if (value === undefined || value === null) reason = `the result has no ${path} (captured as {{${name}}})`;
        else known[name] = value as Value;
      }
    }
    if (!reason && scenario.waitFor) reason = await waitFor(driver, scenario.waitFor, known, waitMs);
    outcomes.push({ scenario, passed: reason === undefined, ...(reason ? { reason } : {}), params, answer, exchanges });
  }
  return outcomes;
}
