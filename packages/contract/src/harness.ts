// One stub and two signed clients (two accounts) shared by the flows of a contract run. The stub
// runs without its own response validation: the recorder checks every answer against the
// document independently, so a wrong shape is reported by the contract, not hidden as a 500.
import { createVmClient, type VmClient } from '@jdcloud-vm/client';
import { startStub, type RunningStub } from '@jdcloud-vm/server-stub';
import { createRecorder, type Recorder } from './recorder.js';

export const REGION = 'cn-north-1';
export const ACCOUNT_A = { accessKeyId: 'JDC_CONTRACT_ACCOUNT_A0000001', secretAccessKey: 'contract-secret-a' };
export const ACCOUNT_B = { accessKeyId: 'JDC_CONTRACT_ACCOUNT_B0000002', secretAccessKey: 'contract-secret-b' };
/** How long transitional states last in the contract stub. */
export const TRANSITION_MS = 40;

export interface Harness {
  stub: RunningStub;
  recorder: Recorder;
  /** Account A, the one most flows act as. */
  vm: VmClient;
  /** Account B, for isolation and sharing. */
  other: VmClient;
}

export async function startHarness(): Promise<Harness> {
  const stub = await startStub({
    port: 0,
    accessKeys: [ACCOUNT_A, ACCOUNT_B].map((a) => `${a.accessKeyId}:${a.secretAccessKey}`),
    transitionMs: TRANSITION_MS,
    responseValidation: false,
    logLevel: 'error',
    docsDir: false,
  });
  const recorder = createRecorder();
  const client = (account: typeof ACCOUNT_A) =>
    createVmClient({ ...account, regionId: REGION, endpoint: stub.url, fetch: recorder.fetch, retry: false });
  return { stub, recorder, vm: client(ACCOUNT_A), other: client(ACCOUNT_B) };
}

/** Polls until `check` returns a value other than undefined (transitional states end on a timer). */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, TRANSITION_MS / 2));
  }
}

/** The JD Cloud error a call rejected with (fails the test when it resolved). */
export async function failure(call: Promise<unknown>): Promise<{ httpStatus: number; status: string; message: string }> {
  try {
    await call;
  } catch (error) {
    return error as { httpStatus: number; status: string; message: string };
  }
  throw new Error('the call succeeded, an error was expected');
}

/** A release time a year from today, in modifyInstanceReleaseTime's form (whole days, so two calls agree). */
export function inAYear(): string {
  const day = new Date(Date.now() + 366 * 24 * 3_600_000).toISOString().slice(0, 10);
  return `${day} 12:00:00`;
}
