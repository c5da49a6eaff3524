// The root README's "Testing your code" vitest example, as written there (imports adapted to the
// package's sources): it must keep working.
import { createVmClient } from '@jdcloud-vm/client';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { type RunningStub, startStub } from '../src/index.js';

let stub: RunningStub;
beforeAll(async () => {
  stub = await startStub({ port: 0, accounts: ['jd_test=AK_TEST:SK_TEST'], transitionMs: 0, logLevel: 'warn', logSink: () => undefined, docsDir: false });
});
afterAll(() => stub.close());
beforeEach(() => stub.reset()); // state, fault rules and journal back to the start

it('gets through two 503s', async () => {
  stub.faults.add({ operationId: 'describeInstances', times: 2, status: 503, errorStatus: 'UNAVAILABLE' });
  const vm = createVmClient({ endpoint: stub.url, accessKeyId: 'AK_TEST', secretAccessKey: 'SK_TEST', regionId: 'cn-north-1' });
  await vm.describeInstances({}); // your code here
  const journal = stub.requests({ operationId: 'describeInstances' });
  expect(journal.requests.map((r) => r.status)).toEqual([503, 503, 200]);
});

it('starts from a reset: no rule and no journal entry is left from the test before', () => {
  expect(stub.faults.list()).toEqual([]);
  expect(stub.requests().totalCount).toBe(0);
});
