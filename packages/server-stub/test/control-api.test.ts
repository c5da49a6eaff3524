// The control API (/_stub/…): each endpoint, its admin token, its bad input (400 envelope), and
// that it never answers under /v1 nor to API keys. Every answer is checked against control-api.yaml
// by the stub itself (a mismatch would be a 500 and an error log line, asserted absent).
import { describe, expect, it } from 'vitest';
import { plainSpec } from './instance-fixtures.js';
import { type TestStub, call, start } from './helpers.js';
import { ADMIN_TOKEN, ALICE, BOB, clientOf, ctl, expectError, startSigned, useSignedStub } from './control-helpers.js';

let stub: TestStub;
useSignedStub({ transitionMs: 60_000 }, (started) => {
  stub = started;
});

describe('GET /_stub/health', () => {
  it('answers without credentials, with the mode, operation count and accounts, and no secret', async () => {
    const health = await ctl(stub, 'GET', '/health', { token: null });
    expect(health.status).toBe(200);
    expect(health.json).toMatchObject({ status: 'ok', mode: 'signed', accounts: [ALICE.pin, BOB.pin], apiBasePath: '/v1' });
    expect(health.json.operations).toBeGreaterThan(0);
    expect(health.json.implemented).toBeLessThanOrEqual(health.json.operations);
    expect(JSON.stringify(health.json)).not.toContain(ALICE.secretAccessKey);
    expect(JSON.stringify(health.json)).not.toContain(ALICE.accessKeyId);
  });

  it('answers HEAD too (probes that send it), without a body', async () => {
    const response = await fetch(`${stub.url}/_stub/health`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('says open in open mode', async () => {
    const open = await start();
    try {
      expect((await call('GET', `${open.url}/_stub/health`)).json).toMatchObject({ mode: 'open', accounts: ['default'] });
    } finally {
      await open.close();
    }
  });
});

describe('the admin token', () => {
  const guarded: Array<[string, string, unknown?]> = [
    ['POST', '/reset'],
    ['GET', '/state'],
    ['PUT', '/state', { format: 'jdcloud-vm-stub-state', version: 1, state: { accounts: {}, transitions: [] } }],
    ['GET', '/requests'],
    ['DELETE', '/requests'],
    ['GET', '/faults'],
    ['POST', '/faults', { operationId: '*', status: 503 }],
    ['DELETE', '/faults'],
    ['DELETE', '/faults/fault-1'],
    ['GET', '/clock'],
    ['POST', '/clock', { advanceMs: 1 }],
  ];

  it.each(guarded)('%s /_stub%s without it is a 401 envelope with a Bearer challenge', async (method, path, body) => {
    const result = await ctl(stub, method, path, { token: null, ...(body !== undefined ? { body } : {}) });
    expect(expectError(result, 401).status).toBe('UNAUTHENTICATED');
    expect(result.headers.get('www-authenticate')).toMatch(/^Bearer /);
  });

  it('a wrong token is a 401, the right one passes', async () => {
    expect(expectError(await ctl(stub, 'GET', '/faults', { token: 'not-the-token' }), 401).message).toMatch(/not the one/);
    expect((await ctl(stub, 'GET', '/faults')).status).toBe(200);
  });

  it('an API signature is no admin token: a JDCLOUD2-signed control request is a 401', async () => {
    const result = await call('GET', `${stub.url}/_stub/faults`, { sign: ALICE });
    expect(expectError(result, 401).message).toMatch(/API keys are not accepted/);
  });

  it('the admin token does not reach the API: a bearer request under /v1 is a 401', async () => {
    const result = await call('GET', stub.api('/instances'), { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(expectError(result, 401).status).toBe('UNAUTHENTICATED');
  });

  it('with accounts and no --admin-token, a random token is chosen, printed at start and required', async () => {
    const other = await start({ accessKeys: ['AK_RANDOM:SK_RANDOM'] });
    try {
      expect(other.adminToken).toMatch(/^[\w-]{32}$/);
      const listening = other.logs.find((line) => line.msg === 'listening');
      expect(listening?.adminToken).toBe(other.adminToken);
      expect(JSON.stringify(listening)).not.toContain('SK_RANDOM');
      expect((await call('GET', `${other.url}/_stub/faults`)).status).toBe(401);
      expect((await call('GET', `${other.url}/_stub/faults`, { headers: { authorization: `Bearer ${other.adminToken}` } })).status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('open mode needs no token, unless one is given', async () => {
    const open = await start();
    const guardedOpen = await start({ adminToken: 'open-but-guarded' });
    try {
      expect(open.adminToken).toBeUndefined();
      expect((await call('GET', `${open.url}/_stub/faults`)).status).toBe(200);
      expect((await call('GET', `${guardedOpen.url}/_stub/faults`)).status).toBe(401);
      expect((await call('GET', `${guardedOpen.url}/_stub/faults`, { headers: { authorization: 'Bearer open-but-guarded' } })).status).toBe(200);
    } finally {
      await open.close();
      await guardedOpen.close();
    }
  });
});

describe('never under /v1', () => {
  it('/v1/_stub/… is an API path: unsigned it is a 401, signed a 404', async () => {
    expect((await call('GET', `${stub.url}/v1/_stub/health`)).status).toBe(401);
    expect(expectError(await call('GET', `${stub.url}/v1/_stub/health`, { sign: ALICE }), 404).status).toBe('NOT_FOUND');
  });

  it('control requests are not in the journal', async () => {
    await ctl(stub, 'GET', '/health');
    await ctl(stub, 'GET', '/faults');
    expect((await ctl(stub, 'GET', '/requests')).json.totalCount).toBe(0);
  });
});

describe('routing and bad input', () => {
  it('an unknown control path is a 404, a wrong method a 405 with Allow', async () => {
    expect(expectError(await ctl(stub, 'GET', '/nothing-here'), 404).status).toBe('NOT_FOUND');
    const wrong = await ctl(stub, 'PATCH', '/faults');
    expect(expectError(wrong, 405).status).toBe('METHOD_NOT_ALLOWED');
    expect(wrong.headers.get('allow')).toMatch(/POST/);
  });

  const badBodies: Array<[string, string, string]> = [
    ['POST', '/faults', '{"operationId": "describeInstances", "status": 503'],
    ['POST', '/faults', '[]'],
    ['POST', '/faults', '"text"'],
    ['PUT', '/state', 'not json'],
    ['POST', '/clock', '{"advanceMs": "soon"}'],
    ['POST', '/clock', '{}'],
    ['POST', '/clock', '{"advanceMs": -5}'],
    ['POST', '/clock', '{"advance": 5}'],
  ];
  it.each(badBodies)('%s /_stub%s with %s is a 400 envelope', async (method, path, rawBody) => {
    expect(expectError(await ctl(stub, method, path, { rawBody }), 400).status).toBe('INVALID_ARGUMENT');
  });

  it('a body where none is taken, or none where one is needed, is a 400', async () => {
    expect(expectError(await ctl(stub, 'DELETE', '/faults', { body: { a: 1 } }), 400).message).toMatch(/takes no body/);
    expect(expectError(await ctl(stub, 'POST', '/faults'), 400).message).toMatch(/needs a JSON body/);
  });

  const badQueries = ['/requests?limit=0', '/requests?limit=many', '/requests?status=700', '/requests?colour=red', '/requests?limit=1&limit=2', '/reset?account='];
  it.each(badQueries)('%s is a 400 envelope', async (path) => {
    const method = path.startsWith('/reset') ? 'POST' : 'GET';
    expect(expectError(await ctl(stub, method, path), 400).status).toBe('INVALID_ARGUMENT');
  });
});

describe('GET /_stub/openapi.json', () => {
  it('serves control-api.yaml as JSON, without credentials', async () => {
    const result = await ctl(stub, 'GET', '/openapi.json', { token: null });
    expect(result.status).toBe(200);
    expect(result.json.openapi).toBe('3.0.3');
    expect(Object.keys(result.json.paths)).toContain('/faults/{faultId}');
  });
});

describe('GET and DELETE /_stub/requests', () => {
  it('journals API requests: operation, account, status, error status, request id, time; with counts', async () => {
    const alice = clientOf(stub, ALICE);
    await alice.describeInstances({});
    await alice.describeInstance({ instanceId: 'i-nosuchone1' }).catch(() => undefined);
    await call('GET', stub.api('/instances')); // unsigned: 401, no account
    const page = (await ctl(stub, 'GET', '/requests')).json;
    expect(page.totalCount).toBe(3);
    expect(page.requests.map((r: { operationId: string | null; account: string | null; status: number; errorStatus: string | null }) => [r.operationId, r.account, r.status, r.errorStatus])).toEqual([
      ['describeInstances', ALICE.pin, 200, null],
      ['describeInstance', ALICE.pin, 404, 'NOT_FOUND'],
      ['describeInstances', null, 401, 'UNAUTHENTICATED'],
    ]);
    expect(page.requests[0].requestId).toMatch(/^[a-z0-9]{32}$/);
    expect(Date.parse(page.requests[0].time)).not.toBeNaN();
    expect(page.counts).toEqual({ byOperation: { describeInstances: 2, describeInstance: 1 }, byStatus: { '200': 1, '404': 1, '401': 1 } });
  });

  it('filters by operationId, account and status, and limits to the most recent', async () => {
    const alice = clientOf(stub, ALICE);
    const bob = clientOf(stub, BOB);
    await alice.describeInstances({});
    await bob.describeInstances({});
    await bob.describeKeypairs({});
    expect((await ctl(stub, 'GET', `/requests?account=${BOB.pin}`)).json.totalCount).toBe(2);
    expect((await ctl(stub, 'GET', '/requests?operationId=describeInstances')).json.counts.byOperation).toEqual({ describeInstances: 2 });
    expect((await ctl(stub, 'GET', '/requests?status=200')).json.totalCount).toBe(3);
    const last = (await ctl(stub, 'GET', '/requests?limit=1')).json;
    expect(last.totalCount).toBe(3);
    expect(last.requests.map((r: { operationId: string }) => r.operationId)).toEqual(['describeKeypairs']);
  });

  it('DELETE clears it (one account with ?account=)', async () => {
    await clientOf(stub, ALICE).describeInstances({});
    await clientOf(stub, BOB).describeInstances({});
    expect((await ctl(stub, 'DELETE', `/requests?account=${ALICE.pin}`)).json).toEqual({ removed: 1 });
    expect((await ctl(stub, 'GET', '/requests')).json.requests.map((r: { account: string }) => r.account)).toEqual([BOB.pin]);
    expect((await ctl(stub, 'DELETE', '/requests')).json).toEqual({ removed: 1 });
    expect((await ctl(stub, 'GET', '/requests')).json.totalCount).toBe(0);
  });

  it('is bounded by --journal-size: the oldest go, counted in evicted', async () => {
    const small = await startSigned({ journalSize: 2 });
    try {
      const alice = clientOf(small, ALICE);
      await alice.describeInstances({});
      await alice.describeKeypairs({});
      await alice.describeImages({ imageSource: 'public' });
      const page = (await ctl(small, 'GET', '/requests')).json;
      expect(page).toMatchObject({ capacity: 2, evicted: 1, totalCount: 2 });
      expect(page.requests.map((r: { operationId: string }) => r.operationId)).toEqual(['describeKeypairs', 'describeImages']);
    } finally {
      await small.close();
    }
  });
});

describe('POST /_stub/reset', () => {
  it('empties every account, or only the one named', async () => {
    const alice = clientOf(stub, ALICE);
    const bob = clientOf(stub, BOB);
    await alice.createKeypair({ keyName: 'alice-key' });
    await bob.createKeypair({ keyName: 'bob-key' });
    expect((await ctl(stub, 'POST', `/reset?account=${ALICE.pin}`)).json).toEqual({ accounts: [ALICE.pin] });
    expect((await alice.describeKeypairs({})).totalCount).toBe(0);
    expect((await bob.describeKeypairs({})).keypairs?.map((k) => k.keyName)).toEqual(['bob-key']);
    const all = await ctl(stub, 'POST', '/reset');
    expect(all.json.accounts).toEqual(expect.arrayContaining([ALICE.pin, BOB.pin]));
    expect((await bob.describeKeypairs({})).totalCount).toBe(0);
  });

  it('an unknown account is a 404', async () => {
    expect(expectError(await ctl(stub, 'POST', '/reset?account=nobody'), 404).status).toBe('NOT_FOUND');
  });

  it('the catalog stays: public images and instance types answer as before', async () => {
    const alice = clientOf(stub, ALICE);
    const before = (await alice.describeImages({ imageSource: 'public' })).totalCount;
    await ctl(stub, 'POST', '/reset');
    expect((await alice.describeImages({ imageSource: 'public' })).totalCount).toBe(before);
    expect(before).toBeGreaterThan(0);
  });
});

describe('GET and PUT /_stub/state', () => {
  it('GET is a state-file document; PUT loads one back', async () => {
    const alice = clientOf(stub, ALICE);
    await alice.createKeypair({ keyName: 'kept' });
    const snapshot = (await ctl(stub, 'GET', '/state')).json;
    expect(snapshot).toMatchObject({ format: 'jdcloud-vm-stub-state', version: 1 });
    expect(JSON.stringify(snapshot)).not.toContain(ALICE.secretAccessKey);
    await ctl(stub, 'POST', '/reset');
    expect((await alice.describeKeypairs({})).totalCount).toBe(0);
    const put = await ctl(stub, 'PUT', '/state', { body: snapshot });
    expect(put.status).toBe(200);
    expect(put.json.state).toEqual(snapshot.state);
    expect((await alice.describeKeypairs({})).keypairs?.map((k) => k.keyName)).toEqual(['kept']);
  });

  const bad: Array<[string, unknown]> = [
    ['no format marker', { version: 1, state: { accounts: {}, transitions: [] } }],
    ['another format', { format: 'something-else', version: 1, state: { accounts: {}, transitions: [] } }],
    ['another version', { format: 'jdcloud-vm-stub-state', version: 2, state: { accounts: {}, transitions: [] } }],
    ['a state that is not an object', { format: 'jdcloud-vm-stub-state', version: 1, state: 'x' }],
    ['no transitions', { format: 'jdcloud-vm-stub-state', version: 1, state: { accounts: {} } }],
    ['a malformed collection', { format: 'jdcloud-vm-stub-state', version: 1, state: { accounts: { a: { regions: { r: { collections: { keypair: 'x' } } } } }, transitions: [] } }],
    ['an unknown top-level field', { format: 'jdcloud-vm-stub-state', version: 1, state: { accounts: {}, transitions: [] }, extra: true }],
  ];
  it.each(bad)('PUT with %s is a 400 and nothing changes', async (_what, document) => {
    await clientOf(stub, ALICE).createKeypair({ keyName: 'survivor' });
    const before = (await ctl(stub, 'GET', '/state')).json.state;
    expect(expectError(await ctl(stub, 'PUT', '/state', { body: document }), 400).status).toBe('INVALID_ARGUMENT');
    expect((await ctl(stub, 'GET', '/state')).json.state).toEqual(before);
  });
});

describe('GET and POST /_stub/clock', () => {
  it('advancing completes pending transitions', async () => {
    const alice = clientOf(stub, ALICE);
    const { instanceIds } = await alice.createInstances({ instanceSpec: plainSpec({ name: 'clocked' }) });
    const instanceId = instanceIds[0]!;
    expect((await alice.describeInstance({ instanceId })).instance.status).toBe('pending');
    const moved = await ctl(stub, 'POST', '/clock', { body: { advanceMs: 60_000 } });
    expect(moved.json.offsetMs).toBeGreaterThanOrEqual(60_000);
    expect(moved.json.settled).toBeGreaterThanOrEqual(1);
    expect((await alice.describeInstance({ instanceId })).instance.status).toBe('running');
  });

  it('durations per operation: 0 makes a transition end at once; null goes back to the default', async () => {
    const alice = clientOf(stub, ALICE);
    const set = await ctl(stub, 'POST', '/clock', { body: { durations: { createInstances: 0, stopInstance: 2000 } } });
    expect(set.json.durations).toEqual({ createInstances: 0, stopInstance: 2000 });
    const { instanceIds } = await alice.createInstances({ instanceSpec: plainSpec({ name: 'instant' }) });
    expect((await alice.describeInstance({ instanceId: instanceIds[0]! })).instance.status).toBe('running');
    const back = await ctl(stub, 'POST', '/clock', { body: { durations: { createInstances: null } } });
    expect(back.json.durations).toEqual({ stopInstance: 2000 });
    expect((await ctl(stub, 'GET', '/clock')).json).toMatchObject({ transitionMs: 60_000, durations: { stopInstance: 2000 } });
  });

  it('an unknown operation or a bad duration is a 400 and changes nothing', async () => {
    expect(expectError(await ctl(stub, 'POST', '/clock', { body: { durations: { stopInstanse: 0 } } }), 400).message).toMatch(/stopInstanse/);
    expect(expectError(await ctl(stub, 'POST', '/clock', { body: { durations: { stopInstance: -1 } } }), 400).status).toBe('INVALID_ARGUMENT');
    expect(expectError(await ctl(stub, 'POST', '/clock', { body: { durations: { stopInstance: 1.5 } } }), 400).status).toBe('INVALID_ARGUMENT');
    expect((await ctl(stub, 'GET', '/clock')).json.durations).toEqual({});
  });

  it('signatures still use the real time after the clock moved a day', async () => {
    await ctl(stub, 'POST', '/clock', { body: { advanceMs: 86_400_000 } });
    expect((await clientOf(stub, ALICE).describeKeypairs({})).totalCount).toBe(0);
  });
});
