// Helpers for the control API's tests: a stub with two signed accounts, calls to /_stub/… with
// or without the admin token, and a client per account.
import { createVmClient, type VmClient } from '@jdcloud-vm/client';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { StubOptions } from '../src/index.js';
import { type CallOptions, type CallResult, type TestStub, call, errorOf, start } from './helpers.js';

export const ADMIN_TOKEN = 'test-admin-token-3k9';
export const ALICE = { pin: 'alice-pin', accessKeyId: 'AK_CTL_ALICE', secretAccessKey: 'SK_CTL_ALICE' };
export const BOB = { pin: 'bob-pin', accessKeyId: 'AK_CTL_BOB', secretAccessKey: 'SK_CTL_BOB' };

/** A signed stub with accounts alice-pin and bob-pin and a known admin token. */
export function startSigned(options: StubOptions = {}): Promise<TestStub> {
  return start({
    accounts: [`${ALICE.pin}=${ALICE.accessKeyId}:${ALICE.secretAccessKey}`, `${BOB.pin}=${BOB.accessKeyId}:${BOB.secretAccessKey}`],
    adminToken: ADMIN_TOKEN,
    ...options,
  });
}

/** A control API call with the admin token (unless `token: null`). */
export function ctl(stub: TestStub, method: string, path: string, options: CallOptions & { token?: string | null } = {}): Promise<CallResult> {
  const { token = ADMIN_TOKEN, ...rest } = options;
  const headers = { ...rest.headers, ...(token !== null ? { authorization: `Bearer ${token}` } : {}) };
  return call(method, `${stub.url}/_stub${path}`, { ...rest, headers });
}

/** The error of an answer that must be the envelope with `status`. */
export function expectError(result: CallResult, httpStatus: number): { code: number; status: string; message: string } {
  if (result.status !== httpStatus) throw new Error(`expected ${httpStatus}, got ${result.status}: ${JSON.stringify(result.json)}`);
  return errorOf(result);
}

export function clientOf(stub: TestStub, who: { accessKeyId: string; secretAccessKey: string }, options: Partial<Parameters<typeof createVmClient>[0]> = {}): VmClient {
  return createVmClient({ endpoint: stub.url, accessKeyId: who.accessKeyId, secretAccessKey: who.secretAccessKey, regionId: 'cn-north-1', ...options });
}

/** Log lines saying a control answer did not match control-api.yaml (must stay empty). */
export function controlMismatches(stub: TestStub): unknown[] {
  return stub.logs.filter((line) => line.level === 'error' && String(line.msg).startsWith('control'));
}

/**
 * One signed stub for a test file: started before its tests (handed to `use`), reset after each
 * (state, fault rules, journal), its control answers checked against control-api.yaml, closed at the end.
 */
export function useSignedStub(options: StubOptions, use: (stub: TestStub) => void): void {
  let stub: TestStub | undefined;
  beforeAll(async () => {
    stub = await startSigned(options);
    use(stub);
  });
  afterAll(() => stub?.close());
  afterEach(async () => {
    if (!stub) return;
    expect(controlMismatches(stub)).toEqual([]);
    await stub.reset();
  });
}
