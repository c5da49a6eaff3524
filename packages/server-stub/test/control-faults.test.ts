// Fault injection: each kind of rule (error envelope with Retry-After, delay, drop, probability,
// instanceError, "*"), its limits (times, hits, removal), its bad input, and that faults and
// resets never reach another account.
import { describe, expect, it } from 'vitest';
import { plainSpec } from './instance-fixtures.js';
import { type TestStub, call } from './helpers.js';
import { ALICE, BOB, clientOf, ctl, expectError, useSignedStub } from './control-helpers.js';

let stub: TestStub;
useSignedStub({ transitionMs: 60_000 }, (started) => {
  stub = started;
});

const describeAsAlice = () => call('GET', stub.api('/instances'), { sign: ALICE });
const describeAsBob = () => call('GET', stub.api('/instances'), { sign: BOB });

describe('error rules', () => {
  it('answer the JD Cloud envelope with the status, errorStatus, message and Retry-After given, `times` times', async () => {
    const added = await ctl(stub, 'POST', '/faults', {
      body: { operationId: 'describeInstances', times: 2, status: 503, errorStatus: 'UNAVAILABLE', message: 'try later', retryAfterSeconds: 1 },
    });
    expect(added.status).toBe(200);
    expect(added.json).toMatchObject({ id: 'fault-1', hits: 0, remaining: 2, status: 503 });
    for (let i = 0; i < 2; i += 1) {
      const failed = await describeAsAlice();
      expect(expectError(failed, 503)).toEqual({ code: 503, status: 'UNAVAILABLE', message: 'try later' });
      expect(failed.headers.get('retry-after')).toBe('1');
    }
    expect((await describeAsAlice()).status).toBe(200);
    expect((await ctl(stub, 'GET', '/faults')).json.faults).toEqual([expect.objectContaining({ id: 'fault-1', hits: 2, remaining: 0 })]);
    const journal = (await ctl(stub, 'GET', '/requests')).json;
    expect(journal.requests.map((r: { status: number; faultId: string | null; errorStatus: string | null }) => [r.status, r.faultId, r.errorStatus])).toEqual([
      [503, 'fault-1', 'UNAVAILABLE'],
      [503, 'fault-1', 'UNAVAILABLE'],
      [200, null, null],
    ]);
  });

  it('default errorStatus from the status (429 → RESOURCE_EXHAUSTED) and no Retry-After unless asked', async () => {
    await ctl(stub, 'POST', '/faults', { body: { operationId: 'describeInstances', times: 1, status: 429 } });
    const failed = await describeAsAlice();
    expect(expectError(failed, 429).status).toBe('RESOURCE_EXHAUSTED');
    expect(failed.headers.get('retry-after')).toBeNull();
  });

  it('"*" matches every operation; other operations are untouched by a named one', async () => {
    await ctl(stub, 'POST', '/faults', { body: { operationId: 'describeKeypairs', status: 500 } });
    expect((await describeAsAlice()).status).toBe(200);
    expect(expectError(await call('GET', stub.api('/keypairs'), { sign: ALICE }), 500).status).toBe('INTERNAL');
    await ctl(stub, 'DELETE', '/faults');
    await ctl(stub, 'POST', '/faults', { body: { operationId: '*', status: 502, errorStatus: 'BAD_GATEWAY' } });
    expect(expectError(await describeAsAlice(), 502).status).toBe('BAD_GATEWAY');
    expect(expectError(await call('GET', stub.api('/keypairs'), { sign: ALICE }), 502).status).toBe('BAD_GATEWAY');
  });

  it('apply before validation (as a gateway answers) and after authentication (an unsigned request is still a 401)', async () => {
    await ctl(stub, 'POST', '/faults', { body: { operationId: 'describeInstances', status: 503 } });
    expect((await call('GET', stub.api('/instances?pageSize=not-a-number'), { sign: ALICE })).status).toBe(503);
    expect((await call('GET', stub.api('/instances'))).status).toBe(401);
  });

  it('never change state: a createInstances failed by a fault creates nothing', async () => {
    await ctl(stub, 'POST', '/faults', { body: { operationId: 'createInstances', times: 1, status: 503 } });
    const alice = clientOf(stub, ALICE, { retry: false });
    await expect(alice.createInstances({ instanceSpec: plainSpec() })).rejects.toMatchObject({ httpStatus: 503 });
    expect((await alice.describeInstances({})).totalCount).toBe(0);
  });

  it('probability 1 always fails; a probability rule has no remaining count', async () => {
    const rule = (await ctl(stub, 'POST', '/faults', { body: { operationId: 'describeInstances', probability: 1, status: 503 } })).json;
    expect(rule.remaining).toBeUndefined();
    for (let i = 0; i < 3; i += 1) expect((await describeAsAlice()).status).toBe(503);
    expect((await ctl(stub, 'GET', '/faults')).json.faults[0].hits).toBe(3);
  });

  it('a small probability fails some requests, not all (200 tries, p = 0.3)', async () => {
    const { id } = stub.faults.add({ operationId: 'describeInstances', probability: 0.3, status: 503 });
    let failed = 0;
    for (let i = 0; i < 200; i += 1) if ((await describeAsAlice()).status === 503) failed += 1;
    // Binomial(200, 0.3): mean 60, sd 6.5; these bounds are 5 sd away.
    expect(failed).toBeGreaterThan(27);
    expect(failed).toBeLessThan(93);
    expect(stub.faults.list().find((r) => r.id === id)?.hits).toBe(failed);
  });
});

describe('delay and drop', () => {
  it('delayMs answers late, normally', async () => {
    await ctl(stub, 'POST', '/faults', { body: { operationId: 'describeInstances', times: 1, delayMs: 400 } });
    const started = performance.now();
    const result = await describeAsAlice();
    expect(result.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(380);
    expect((await ctl(stub, 'GET', '/requests')).json.requests[0]).toMatchObject({ status: 200, faultId: 'fault-1' });
  });

  it('drop closes the connection without an answer; the journal says status 0', async () => {
    await ctl(stub, 'POST', '/faults', { body: { operationId: 'describeInstances', times: 1, drop: true } });
    await expect(describeAsAlice()).rejects.toThrow();
    expect((await describeAsAlice()).status).toBe(200);
    const journal = (await ctl(stub, 'GET', '/requests')).json;
    expect(journal.requests.map((r: { status: number; faultId: string | null }) => [r.status, r.faultId])).toEqual([
      [0, 'fault-1'],
      [200, null],
    ]);
    expect(journal.counts.byStatus).toEqual({ '0': 1, '200': 1 });
  });
});

describe('instanceError', () => {
  it('puts the instance in error when a matching request comes, which then is answered normally', async () => {
    const alice = clientOf(stub, ALICE);
    const { instanceIds } = await alice.createInstances({ instanceSpec: plainSpec({ name: 'doomed' }) });
    const instanceId = instanceIds[0]!;
    await ctl(stub, 'POST', '/faults', { body: { operationId: 'describeInstance', times: 1, instanceError: instanceId } });
    expect((await alice.describeInstance({ instanceId })).instance.status).toBe('error');
    // its pending transition was dropped: moving the clock does not make it running
    await stub.clock.advance(120_000);
    expect((await alice.describeInstance({ instanceId })).instance.status).toBe('error');
  });

  it('waits, armed, while the request\'s account has no such instance (another account\'s is not touched)', async () => {
    const bob = clientOf(stub, BOB);
    const { instanceIds } = await bob.createInstances({ instanceSpec: plainSpec({ name: 'bobs' }) });
    const instanceId = instanceIds[0]!;
    await ctl(stub, 'POST', '/faults', { body: { operationId: 'describeInstances', instanceError: instanceId, times: 1 } });
    expect((await describeAsAlice()).status).toBe(200);
    expect((await ctl(stub, 'GET', '/faults')).json.faults[0]).toMatchObject({ hits: 0, remaining: 1 });
    expect((await bob.describeInstance({ instanceId })).instance.status).toBe('pending');
  });
});

describe('accounts never leak', () => {
  it('a rule with an account fails only that account\'s requests', async () => {
    await ctl(stub, 'POST', '/faults', { body: { operationId: 'describeInstances', account: BOB.pin, status: 503 } });
    expect((await describeAsAlice()).status).toBe(200);
    expect((await describeAsBob()).status).toBe(503);
  });

  it('a reset of one account removes its rules and journal, and leaves the other\'s rules, journal and state', async () => {
    await clientOf(stub, BOB).createKeypair({ keyName: 'bob-stays' });
    await ctl(stub, 'POST', '/faults', { body: { operationId: 'describeKeypairs', account: ALICE.pin, status: 503 } });
    await ctl(stub, 'POST', '/faults', { body: { operationId: 'describeKeypairs', account: BOB.pin, status: 500 } });
    await describeAsAlice();
    await ctl(stub, 'POST', `/reset?account=${ALICE.pin}`);
    const rules = (await ctl(stub, 'GET', '/faults')).json.faults;
    expect(rules.map((r: { account: string }) => r.account)).toEqual([BOB.pin]);
    expect((await ctl(stub, 'GET', `/requests?account=${ALICE.pin}`)).json.totalCount).toBe(0);
    expect((await ctl(stub, 'GET', `/requests?account=${BOB.pin}`)).json.totalCount).toBe(1);
    expect((await call('GET', stub.api('/keypairs'), { sign: ALICE })).status).toBe(200);
    expect((await call('GET', stub.api('/keypairs'), { sign: BOB })).status).toBe(500);
    await ctl(stub, 'DELETE', '/faults');
    expect((await clientOf(stub, BOB).describeKeypairs({})).keypairs?.map((k) => k.keyName)).toEqual(['bob-stays']);
  });

  it('DELETE /_stub/faults?account= removes only that account\'s rules', async () => {
    await ctl(stub, 'POST', '/faults', { body: { operationId: '*', account: ALICE.pin, status: 503 } });
    await ctl(stub, 'POST', '/faults', { body: { operationId: '*', account: BOB.pin, status: 503 } });
    expect((await ctl(stub, 'DELETE', `/faults?account=${ALICE.pin}`)).json).toEqual({ removed: 1 });
    expect((await describeAsAlice()).status).toBe(200);
    expect((await describeAsBob()).status).toBe(503);
  });
});

describe('removal and bad input', () => {
  it('DELETE /_stub/faults/{id} removes one rule; an unknown id is a 404, a malformed one a 400', async () => {
    const { id } = (await ctl(stub, 'POST', '/faults', { body: { operationId: 'describeInstances', status: 503 } })).json;
    expect((await ctl(stub, 'DELETE', `/faults/${id}`)).json).toEqual({ removed: 1 });
    expect((await describeAsAlice()).status).toBe(200);
    expect(expectError(await ctl(stub, 'DELETE', `/faults/${id}`), 404).status).toBe('NOT_FOUND');
    expect(expectError(await ctl(stub, 'DELETE', '/faults/fault-999'), 404).status).toBe('NOT_FOUND');
    expect(expectError(await ctl(stub, 'DELETE', '/faults/not-a-rule'), 400).status).toBe('INVALID_ARGUMENT');
  });

  const bad: Array<[string, Record<string, unknown>]> = [
    ['no operationId', { status: 503 }],
    ['an unknown operationId', { operationId: 'describeInstanse', status: 503 }],
    ['an unknown account', { operationId: '*', account: 'mallory', status: 503 }],
    ['no effect', { operationId: '*' }],
    ['two effects', { operationId: '*', status: 503, drop: true }],
    ['times and probability', { operationId: '*', status: 503, times: 1, probability: 0.5 }],
    ['probability 0', { operationId: '*', status: 503, probability: 0 }],
    ['probability above 1', { operationId: '*', status: 503, probability: 1.5 }],
    ['times 0', { operationId: '*', status: 503, times: 0 }],
    ['a success status', { operationId: '*', status: 200 }],
    ['a status given as text', { operationId: '*', status: '503' }],
    ['errorStatus without status', { operationId: '*', drop: true, errorStatus: 'UNAVAILABLE' }],
    ['a lower-case errorStatus', { operationId: '*', status: 503, errorStatus: 'unavailable' }],
    ['retryAfterSeconds without status', { operationId: '*', delayMs: 5, retryAfterSeconds: 1 }],
    ['a negative delay', { operationId: '*', delayMs: -1 }],
    ['a delay over two minutes', { operationId: '*', delayMs: 120_001 }],
    ['a misspelt field', { operationId: '*', status: 503, retryAfterSecs: 1 }],
    ['instanceError that is no instance id', { operationId: '*', instanceError: 'img-abc' }],
  ];
  it.each(bad)('a rule with %s is a 400 and adds nothing', async (_what, body) => {
    expect(expectError(await ctl(stub, 'POST', '/faults', { body }), 400).status).toBe('INVALID_ARGUMENT');
    expect((await ctl(stub, 'GET', '/faults')).json.faults).toEqual([]);
  });

  it('the programmatic API checks rules the same way (a 400 ApiError)', () => {
    expect(() => stub.faults.add({ operationId: 'nope', status: 503 })).toThrow(/not an operation/);
    expect(() => stub.faults.add({ operationId: '*', status: 200 })).toThrow(/status/);
    expect(stub.faults.list()).toEqual([]);
  });
});
