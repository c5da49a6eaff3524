// Signatures and accounts under attack. Every 401 case (unsigned, unknown key, wrong secret,
// another account's secret, tampered method / path / query / signed header / body, a missing
// signed header, a date more than 15 minutes off, a replayed nonce, a foreign scope, signed
// header names that are Object.prototype's) on requests that would change state: each is a 401
// envelope and the state is byte-for-byte what it was. Then isolation: Bob calls EVERY operation
// of the bundle that takes a resource id with Alice's ids: 404 (or an empty answer) and never
// a byte of Alice's data; Alice's state is unchanged.
import { createVmClient } from '@jdcloud-vm/client';
import type { SignatureVersion } from '@jdcloud-vm/client/signing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, type RunningStub, startStub } from '../src/index.js';
import { IMAGES, SUBNET, plainSpec } from './instance-fixtures.js';
import { pathOf, serialize } from './reliability/mutations.js';
import { opensshPublicKey } from './reliability/ssh.js';
import { type OperationModel, flatten, operation, operations } from './reliability/spec-model.js';
import { type Credentials, type SignOptions, type WireRequest, closeAgents, problemWith, send, signWire } from './reliability/wire.js';
import { type World, buildWorld, pathValues } from './reliability/world.js';

const TRANSITION_MS = 1000;
const ALICE: Credentials = { accessKeyId: 'AK_REL_ALICE', secretAccessKey: 'SK_REL_ALICE' };
const BOB: Credentials = { accessKeyId: 'AK_REL_BOB', secretAccessKey: 'SK:REL:BOB' };
const JSON_HEADERS = { 'content-type': 'application/json' };

let stub: RunningStub;
let clock: ManualClock;
let alice: World;
let bob: World;

const snapshot = () => JSON.stringify(stub.store.toJSON());
const accountState = (account: string) => JSON.stringify(stub.store.toJSON().accounts[account] ?? null);

beforeAll(async () => {
  clock = new ManualClock(Date.now());
  stub = await startStub({
    port: 0,
    logLevel: 'silent',
    docsDir: false,
    clock,
    transitionMs: TRANSITION_MS,
    accessKeys: [`${ALICE.accessKeyId}:${ALICE.secretAccessKey}`, `${BOB.accessKeyId}:${BOB.secretAccessKey}`],
  });
  const client = (keys: Credentials) => createVmClient({ endpoint: stub.url, ...keys, regionId: 'cn-north-1', retry: false });
  alice = await buildWorld(stub, client(ALICE), clock, TRANSITION_MS, ALICE.accessKeyId, 'ali');
  bob = await buildWorld(stub, client(BOB), clock, TRANSITION_MS, BOB.accessKeyId, 'bob');
});
afterAll(async () => {
  closeAgents();
  await stub?.close();
});

const host = () => `127.0.0.1:${stub.port}`;
const now = (offsetMs = 0): SignOptions['date'] => new Date(clock.now() + offsetMs);

/** Requests that would change Alice's state if they were accepted. */
function changingRequests(): Array<[string, WireRequest]> {
  return [
    ['deleteKeypair', { method: 'DELETE', path: `/v1/regions/cn-north-1/keypairs/${alice.keyName}` }],
    ['stopInstance', { method: 'POST', path: `/v1/regions/cn-north-1/instances/${alice.running}%3AstopInstance`, headers: JSON_HEADERS, body: '{}' }],
    [
      'modifyInstanceAttribute',
      {
        method: 'POST',
        path: `/v1/regions/cn-north-1/instances/${alice.running}:modifyInstanceAttribute`,
        headers: JSON_HEADERS,
        body: '{"name":"owned-by-mallory"}',
      },
    ],
    ['deleteInstanceTemplate', { method: 'DELETE', path: `/v1/regions/cn-north-1/instanceTemplates/${alice.templateId}` }],
  ];
}

/** Sends raw headers as they are (no signing by `send`). */
const sendAs = (request: WireRequest, headers: Record<string, string>) => send(stub.port, { ...request, headers });

describe('every 401 case leaves the state untouched', () => {
  type Attack = (request: WireRequest) => Promise<Awaited<ReturnType<typeof send>>>;
  type Signed = (request: WireRequest, options?: Partial<SignOptions>) => Promise<Record<string, string>>;
  const signedWith =
    (signatureVersion: SignatureVersion): Signed =>
    (request, options = {}) =>
      signWire(request, host(), { ...ALICE, signatureVersion, date: now(), ...options });
  const signed = signedWith('JDCLOUD2');

  const attacksWith = (signed: Signed): Array<[string, RegExp, Attack]> => [
    ['no authorization header', /not signed/, (r) => send(stub.port, r)],
    ['an unknown access key', /unknown access key AK_MALLORY/, async (r) => sendAs(r, await signed(r, { accessKeyId: 'AK_MALLORY', secretAccessKey: 'x' }))],
    ['a wrong secret', /does not match/, async (r) => sendAs(r, await signed(r, { secretAccessKey: 'guess' }))],
    ["Alice's key id with Bob's secret", /does not match/, async (r) => sendAs(r, await signed(r, { secretAccessKey: BOB.secretAccessKey }))],
    [
      'a tampered method',
      /does not match/,
      async (r) => sendAs({ ...r, method: r.method === 'DELETE' ? 'GET' : 'PUT' }, await signed(r)),
    ],
    ['a tampered path', /does not match/, async (r) => sendAs({ ...r, path: r.path.replace(/[a-z0-9]$/, (c) => (c === 'z' ? 'y' : 'z')) }, await signed(r))],
    ['a tampered query', /does not match/, async (r) => sendAs({ ...r, query: 'pageSize=10' }, await signed(r))],
    [
      'a tampered signed header',
      /does not match/,
      async (r) => {
        const headers = await signed({ ...r, headers: { ...r.headers, 'x-jdcloud-extra': 'a' } });
        return sendAs(r, { ...headers, 'x-jdcloud-extra': 'b' });
      },
    ],
    [
      'a tampered body',
      /does not match/,
      async (r) => sendAs({ ...r, body: r.body === undefined ? '{}' : `${String(r.body).slice(0, -1)} }` }, await signed(r)),
    ],
    [
      'a signed header left out',
      /x-custom is missing/,
      async (r) => {
        const { 'x-custom': _dropped, ...headers } = await signed({ ...r, headers: { ...r.headers, 'x-custom': 'on' } });
        return sendAs(r, headers);
      },
    ],
    [
      'no x-jdcloud-date header',
      /x-jdcloud-date/,
      async (r) => {
        const { 'x-jdcloud-date': _dropped, ...headers } = await signed(r);
        return sendAs(r, headers);
      },
    ],
    ['a malformed authorization header', /malformed authorization/, async (r) => sendAs(r, { ...(await signed(r)), authorization: 'JDCLOUD2-HMAC-SHA256 nonsense' })],
    ['a date 16 minutes behind', /behind/, async (r) => sendAs(r, await signed(r, { date: now(-16 * 60_000) }))],
    ['a date 16 minutes ahead', /ahead/, async (r) => sendAs(r, await signed(r, { date: now(16 * 60_000) }))],
    ['a date a day behind', /behind/, async (r) => sendAs(r, await signed(r, { date: now(-24 * 3600_000) }))],
    ['a scope for another region', /region 'cn-east-2'/, async (r) => sendAs(r, await signed(r, { regionId: 'cn-east-2' }))],
    [
      'a signed header named constructor',
      /constructor is missing/,
      async (r) => {
        const headers = await signed(r);
        return sendAs(r, { ...headers, authorization: headers.authorization!.replace('SignedHeaders=', 'SignedHeaders=constructor;') });
      },
    ],
    [
      'a signed header named __proto__',
      /__proto__ is missing/,
      async (r) => {
        const headers = await signed(r);
        return sendAs(r, { ...headers, authorization: headers.authorization!.replace('SignedHeaders=', 'SignedHeaders=__proto__;') });
      },
    ],
  ];

  // Both schemes: JDCLOUD2 (the Node and Go SDKs) and JDCLOUD3 (the Python SDK).
  for (const [version, label, message, attack] of (['JDCLOUD2', 'JDCLOUD3'] as const).flatMap((v) =>
    attacksWith(signedWith(v)).map(([l, m, a]) => [v, l, m, a] as const),
  )) {
    it(`${version}, ${label}: 401 UNAUTHENTICATED on every changing request, nothing changed`, async () => {
      const before = snapshot();
      for (const [name, request] of changingRequests()) {
        const response = await attack(request);
        expect(problemWith(response), `${name}: ${response.text}`).toBeUndefined();
        expect(response.status, name).toBe(401);
        const error = JSON.parse(response.text).error;
        expect(error.status).toBe('UNAUTHENTICATED');
        expect(error.message, name).toMatch(message);
        expect(snapshot(), `${label} changed the state through ${name}`).toBe(before);
      }
    });
  }

  it('a replayed nonce: the first request counts, the replay is a 401 and changes nothing more', async () => {
    const request: WireRequest = {
      method: 'POST',
      path: `/v1/regions/cn-north-1/instances/${alice.running}:modifyInstanceAttribute`,
      headers: JSON_HEADERS,
      body: '{"description":"first and only"}',
    };
    const headers = await signed(request);
    const first = await sendAs(request, headers);
    expect(first.status, first.text).toBe(200);
    const after = snapshot();
    // The very same bytes, a little later but within the window.
    clock.advance(60_000);
    const replay = await sendAs(request, headers);
    expect(replay.status).toBe(401);
    expect(JSON.parse(replay.text).error.message).toMatch(/already used/);
    // The same nonce on another request: refused too.
    const other: WireRequest = { method: 'GET', path: '/v1/regions/cn-north-1/keypairs' };
    const reused = await sendAs(other, await signed(other, { nonce: headers['x-jdcloud-nonce'], date: now() }));
    expect(reused.status).toBe(401);
    expect(snapshot()).toBe(after);
  });

  it("a request signed correctly still works, and acts on the signer's account only", async () => {
    const request: WireRequest = { method: 'GET', path: '/v1/regions/cn-north-1/keypairs', query: 'pageSize=100' };
    const response = await sendAs(request, await signed(request));
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text).result.keypairs.map((k: { keyName: string }) => k.keyName)).toEqual([alice.keyName]);
  });
});

// ------------------------------------------------------------------------------------------
// Isolation

/** Query and body fields that name resources, by name. */
const ID_FIELDS = /^(instanceId|imageId|instanceTemplateId|keyName|keyNames|ids|instanceIds|sourceImageIds|taskIds|filters)$/;

function namesIds(op: OperationModel): boolean {
  if (op.pathParams.some((p) => p.name !== 'regionId')) return true;
  if (op.query.some((p) => ID_FIELDS.test(p.name))) return true;
  const walk = (schema: unknown, depth: number): boolean => {
    const s = schema as { properties?: Record<string, unknown> };
    if (!s || depth > 3) return false;
    return Object.entries(s.properties ?? {}).some(([name, sub]) => ID_FIELDS.test(name) || walk(flatten(sub), depth + 1));
  };
  return op.body !== undefined && walk(op.body.schema, 0);
}

interface Probe {
  /** What Bob sends, built from Alice's world and Bob's. */
  request: (a: World, b: World) => { path?: Record<string, string>; query?: string; body?: unknown };
  /** `not-found`: 404; `refused`: any 4xx; `empty`: 200 whose items are empty; `own`: 200 acting on Bob's own resources. */
  expect: 'not-found' | 'refused' | 'empty' | 'own';
}

/** Operations that name resources outside the path: Bob sends Alice's ids there. */
const BODY_AND_QUERY_PROBES: Record<string, Probe[]> = {
  createInstances: [
    { request: (a) => ({ body: { instanceSpec: plainSpec({ imageId: a.imageId }) } }), expect: 'refused' },
    { request: (a) => ({ body: { instanceSpec: plainSpec({ keyNames: [a.keyName] }) } }), expect: 'refused' },
    { request: (a) => ({ body: { instanceSpec: { instanceTemplateId: a.templateId } } }), expect: 'refused' },
  ],
  rebuildInstance: [
    { request: (a, b) => ({ path: { instanceId: b.stopped }, body: { imageId: a.imageId, password: 'Tq7#mWz9pLx' } }), expect: 'refused' },
    { request: (a, b) => ({ path: { instanceId: b.stopped }, body: { keyNames: [a.keyName] } }), expect: 'refused' },
  ],
  copyImages: [{ request: (a) => ({ body: { sourceImageIds: [a.imageId], destinationRegion: 'cn-east-2' } }), expect: 'not-found' }],
  createInstanceTemplate: [
    { request: (a) => ({ body: { name: 'bob-steals', instanceTemplateData: templateData({ imageId: a.imageId }) } }), expect: 'refused' },
    { request: (a) => ({ body: { name: 'bob-steals', instanceTemplateData: templateData({ keyNames: [a.keyName] }) } }), expect: 'refused' },
  ],
  updateInstanceTemplate: [
    { request: (a, b) => ({ path: { instanceTemplateId: b.templateId }, body: { instanceTemplateData: { imageId: a.imageId } } }), expect: 'refused' },
    { request: (a, b) => ({ path: { instanceTemplateId: b.templateId }, body: { instanceTemplateData: { keyNames: [a.keyName] } } }), expect: 'refused' },
  ],
  describeImages: [
    { request: (a) => ({ query: `ids.1=${a.imageId}&ids.2=${a.importedImageId}` }), expect: 'empty' },
    { request: (a) => ({ query: `imageSource=private&instanceIds.1=${a.running}&instanceIds.2=${a.stopped}` }), expect: 'empty' },
    { request: () => ({ query: 'imageSource=private' }), expect: 'own' },
  ],
  describeImageConstraintsBatch: [{ request: (a) => ({ query: `ids.1=${a.imageId}` }), expect: 'empty' }],
  // Task ids are numbered per account: Bob's task 1 is his own, never Alice's.
  imageTasks: [{ request: (a) => ({ query: `taskIds.1=${a.importTaskId}` }), expect: 'own' }],
  describeQuotas: [{ request: (a) => ({ query: `imageId=${a.imageId}` }), expect: 'refused' }],
  describeInstances: [{ request: (a) => ({ query: `filters.1.name=instanceId&filters.1.values.1=${a.running}&filters.1.values.2=${a.stopped}` }), expect: 'empty' }],
  describeBriefInstances: [{ request: (a) => ({ query: `filters.1.name=instanceId&filters.1.values.1=${a.running}` }), expect: 'empty' }],
  describeInstanceStatus: [{ request: (a) => ({ query: `filters.1.name=instanceId&filters.1.values.1=${a.running}` }), expect: 'empty' }],
  describeInstancePrivateIpAddress: [{ request: (a) => ({ query: `filters.1.name=instanceId&filters.1.values.1=${a.running}` }), expect: 'empty' }],
  describeInstanceTemplates: [{ request: (a) => ({ query: `filters.1.name=instanceTemplateId&filters.1.values.1=${a.templateId}` }), expect: 'empty' }],
  describeKeypairs: [{ request: (a) => ({ query: `filters.1.name=keyNames&filters.1.values.1=${a.keyName}` }), expect: 'empty' }],
  describeInstancesCustomData: [{ request: (a) => ({ query: `filters.1.name=instanceId&filters.1.values.1=${a.running}` }), expect: 'empty' }],
  describeInstanceTemplatesCustomdata: [
    { request: (a) => ({ query: `filters.1.name=instanceTemplateId&filters.1.values.1=${a.templateId}` }), expect: 'empty' },
  ],
  modifyInstanceReleaseTime: [{ request: (a) => ({ body: { instanceIds: [a.running, a.stopped] } }), expect: 'not-found' }],
  describeInstanceTypes: [{ request: () => ({ query: 'filters.1.name=instanceTypes&filters.1.values.1=g.n2.medium' }), expect: 'own' }],
  // Key pair names are per account: Bob may hold one with Alice's name; Alice's stays hers.
  createKeypair: [{ request: (a) => ({ body: { keyName: a.keyName } }), expect: 'own' }],
  importKeypair: [{ request: (a) => ({ body: { keyName: `${a.keyName}-2`, publicKey: opensshPublicKey() } }), expect: 'own' }],
};

function templateData(extra: Record<string, unknown>) {
  return {
    instanceType: 'g.n2.medium',
    imageId: IMAGES.centos,
    primaryNetworkInterface: { networkInterface: { subnetId: SUBNET, securityGroups: ['sg-p2d1rf3ki7'] } },
    ...extra,
  };
}

describe("isolation: Bob with Alice's ids, on every operation that takes one", () => {
  const pathIdOps = operations.filter((op) => op.pathParams.some((p) => p.name !== 'regionId'));

  it('the probes cover every operation of the bundle that names a resource', () => {
    const covered = new Set([...pathIdOps.map((o) => o.id), ...Object.keys(BODY_AND_QUERY_PROBES)]);
    const missing = operations.filter((op) => namesIds(op) && !covered.has(op.id)).map((op) => op.id);
    expect(missing).toEqual([]);
    expect(pathIdOps.length).toBeGreaterThanOrEqual(34);
  });

  /** Alice's ids and names that Bob did not send himself: none may come back. */
  const leaks = (text: string, sent: string) => alice.secrets.filter((secret) => text.includes(secret) && !sent.includes(secret));

  async function bobCalls(op: OperationModel, values: Record<string, string>, query: string | undefined, body: unknown) {
    const request: WireRequest = {
      method: op.method,
      path: pathOf(op, values, {}, '%3A'),
      ...(query !== undefined ? { query } : {}),
      ...(op.body ? { headers: JSON_HEADERS, body: serialize(body ?? op.body.example) } : {}),
    };
    const response = await send(stub.port, request, { ...BOB, date: now() });
    return { request, response, sent: `${request.path}?${request.query ?? ''} ${request.body?.toString() ?? ''}` };
  }

  for (const op of pathIdOps) {
    it(`${op.id} with Alice's ${op.pathParams.filter((p) => p.name !== 'regionId').map((p) => p.name).join(', ')}: 404, no leak`, async () => {
      const aliceBefore = accountState(ALICE.accessKeyId);
      const variants: Array<Record<string, string>> = op.pathParams.some((p) => p.name === 'instanceId')
        ? [alice.running, alice.stopped].map((instanceId) => ({ ...pathValues(alice, op), instanceId }))
        : [pathValues(alice, op)];
      if (op.pathParams.some((p) => p.name === 'imageId')) variants.push({ ...pathValues(alice, op), imageId: alice.importedImageId });
      for (const values of variants) {
        const { response, sent } = await bobCalls(op, values, undefined, undefined);
        expect(problemWith(response), response.text).toBeUndefined();
        expect({ status: response.status, error: JSON.parse(response.text).error?.status }).toEqual({ status: 404, error: 'NOT_FOUND' });
        expect(leaks(response.text, sent)).toEqual([]);
      }
      expect(accountState(ALICE.accessKeyId)).toBe(aliceBefore);
    });
  }

  for (const [id, probes] of Object.entries(BODY_AND_QUERY_PROBES)) {
    it(`${id} with Alice's ids in the query or body: never her data`, async () => {
      const op = operation(id);
      const aliceBefore = accountState(ALICE.accessKeyId);
      for (const probe of probes) {
        const input = probe.request(alice, bob);
        const { response, sent } = await bobCalls(op, { ...pathValues(bob, op), ...input.path }, input.query, input.body);
        expect(problemWith(response, { mayPass: probe.expect === 'empty' || probe.expect === 'own' }), response.text).toBeUndefined();
        expect(leaks(response.text, sent), `${id} leaked`).toEqual([]);
        const json = JSON.parse(response.text);
        if (probe.expect === 'not-found') expect(response.status, response.text).toBe(404);
        if (probe.expect === 'refused') expect(response.status, response.text).toBeGreaterThanOrEqual(400);
        if (probe.expect === 'empty') {
          expect(response.status, response.text).toBe(200);
          const lists = Object.values(json.result ?? {}).filter(Array.isArray) as unknown[][];
          expect(lists.flat(), response.text).toEqual([]);
        }
        if (probe.expect === 'own') expect(response.status, response.text).toBe(200);
      }
      expect(accountState(ALICE.accessKeyId)).toBe(aliceBefore);
    });
  }

  it("Alice still sees exactly her own world", async () => {
    const list = await send(stub.port, { method: 'GET', path: '/v1/regions/cn-north-1/instances', query: 'pageSize=100' }, { ...ALICE, date: now() });
    const ids = JSON.parse(list.text).result.instances.map((i: { instanceId: string }) => i.instanceId).sort();
    expect(ids).toEqual([alice.running, alice.stopped].sort());
  });
});
