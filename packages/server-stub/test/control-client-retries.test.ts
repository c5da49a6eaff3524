// @jdcloud-vm/client's retry path end to end, through faults the stub injects: 503 and 429 (not
// QUOTA_EXCEEDED) answers and dropped connections are retried for GETs and clientToken writes;
// QUOTA_EXCEEDED and writes without a clientToken are not; Retry-After is honoured. The journal
// shows every attempt. (The client cannot depend on the stub, so this lives here.)
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { plainSpec } from './instance-fixtures.js';
import type { TestStub } from './helpers.js';
import { ALICE, clientOf, startSigned } from './control-helpers.js';

/** Short waits so the test is quick; the attempts, not the timing, are under test. */
const RETRY = { retries: 3, minDelayMs: 10, maxDelayMs: 50, maxElapsedMs: 30_000 };

let stub: TestStub;
beforeAll(async () => {
  stub = await startSigned({ transitionMs: 0 });
});
afterAll(() => stub?.close());
afterEach(() => stub.reset());

const attempts = (operationId: string) => stub.requests({ operationId }).requests.map((r) => [r.status, r.faultId !== null]);

describe('the client retries through injected faults', () => {
  it('503 twice, then the answer: describeInstances succeeds on the third attempt', async () => {
    stub.faults.add({ operationId: 'describeInstances', times: 2, status: 503, errorStatus: 'UNAVAILABLE' });
    const vm = clientOf(stub, ALICE, { retry: RETRY });
    const { result, $metadata } = await vm.withMetadata('describeInstances', {});
    expect(result.totalCount).toBe(0);
    expect($metadata.attempts).toBe(3);
    expect(attempts('describeInstances')).toEqual([
      [503, true],
      [503, true],
      [200, false],
    ]);
  });

  it('429 RESOURCE_EXHAUSTED is retried, and its Retry-After waited out', async () => {
    stub.faults.add({ operationId: 'describeKeypairs', times: 1, status: 429, retryAfterSeconds: 1 });
    const vm = clientOf(stub, ALICE, { retry: RETRY });
    const started = performance.now();
    await vm.describeKeypairs({});
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    expect(attempts('describeKeypairs')).toEqual([
      [429, true],
      [200, false],
    ]);
  });

  it('429 QUOTA_EXCEEDED is not retried', async () => {
    stub.faults.add({ operationId: 'describeKeypairs', times: 1, status: 429, errorStatus: 'QUOTA_EXCEEDED' });
    const vm = clientOf(stub, ALICE, { retry: RETRY });
    await expect(vm.describeKeypairs({})).rejects.toMatchObject({ httpStatus: 429, status: 'QUOTA_EXCEEDED' });
    expect(attempts('describeKeypairs')).toEqual([[429, true]]);
  });

  it('a dropped connection is retried as a network error', async () => {
    stub.faults.add({ operationId: 'describeInstances', times: 1, drop: true });
    const vm = clientOf(stub, ALICE, { retry: RETRY });
    const { $metadata } = await vm.withMetadata('describeInstances', {});
    expect($metadata.attempts).toBe(2);
    expect(attempts('describeInstances')).toEqual([
      [0, true],
      [200, false],
    ]);
  });

  it('gives up after `retries` and throws the last error', async () => {
    stub.faults.add({ operationId: 'describeInstances', status: 503 });
    const vm = clientOf(stub, ALICE, { retry: { ...RETRY, retries: 2 } });
    await expect(vm.describeInstances({})).rejects.toMatchObject({ httpStatus: 503, status: 'UNAVAILABLE' });
    expect(attempts('describeInstances')).toHaveLength(3);
  });

  it('createInstances (a clientToken write) is retried through a 503 and creates its instance once', async () => {
    stub.faults.add({ operationId: 'createInstances', times: 1, status: 503 });
    const vm = clientOf(stub, ALICE, { retry: RETRY });
    const { instanceIds } = await vm.createInstances({ instanceSpec: plainSpec({ name: 'retried' }) });
    expect(instanceIds).toHaveLength(1);
    expect((await vm.describeInstances({})).totalCount).toBe(1);
    expect(attempts('createInstances')).toEqual([
      [503, true],
      [200, false],
    ]);
  });

  it('a write without a clientToken (stopInstance) is not retried', async () => {
    const vm = clientOf(stub, ALICE, { retry: RETRY });
    const { instanceIds } = await vm.createInstances({ instanceSpec: plainSpec({ name: 'not-retried' }) });
    stub.faults.add({ operationId: 'stopInstance', times: 1, status: 503 });
    await expect(vm.stopInstance({ instanceId: instanceIds[0]! })).rejects.toMatchObject({ httpStatus: 503 });
    expect(attempts('stopInstance')).toEqual([[503, true]]);
  });
});
