// Bad input for EVERY operation of the bundle, generated from its schema with a fixed seed
// (reliability/mutations.ts): wrong types, missing required fields, out-of-range numbers, unknown
// fields, malformed, non-object and deeply nested JSON, bodies over the limit, wrong content
// types and encodings, invalid UTF-8, `__proto__`/`constructor`/`prototype` keys in bodies and
// queries, oversized and malformed query strings, ids with path tricks, unknown routes and
// methods, and malformed HTTP. Sent unsigned to an open stub (which ignores unknown names with a
// warning), signed to a signing stub in strict mode (which refuses them), and unsigned to the
// signing stub. Every answer must be a 4xx in the JD Cloud envelope (a 2xx only where the request
// is valid after all, or where its only fault is an unknown name and the stub is not strict, and
// then with the `x-jdcloud-stub-warnings` header), never a 5xx or a dropped connection; a refused request
// changes nothing (the store's state-file serialisation before and after); no prototype is
// polluted; and the stub still answers a normal request afterwards.
//
// RELIABILITY_SEED and RELIABILITY_PER_CATEGORY change the sample; RELIABILITY_DUMP=file appends
// every problem found as a JSON line (and prints the time spent per category); RELIABILITY_SLOW=ms
// logs the requests slower than that.
import { createVmClient, vmOperations } from '@jdcloud-vm/client';
import { appendFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, type RunningStub, startStub } from '../src/index.js';
import { type BadRequest, badRequestsFor, pathOf } from './reliability/mutations.js';
import { Rng, SEED } from './reliability/random.js';
import { operations } from './reliability/spec-model.js';
import {
  type Credentials,
  closeAgents,
  parseRawResponse,
  pollution,
  problemWith,
  prototypeFingerprint,
  send,
  sendRaw,
} from './reliability/wire.js';
import { type World, buildWorld, pathValues } from './reliability/world.js';

const TRANSITION_MS = 1000;
const BODY_LIMIT = 1024 * 1024;
/** Generated requests kept per category and operation (a seeded sample). */
const PER_CATEGORY = Number(process.env.RELIABILITY_PER_CATEGORY ?? 5);
const SIGNER: Credentials = { accessKeyId: 'AK_REL_BAD', secretAccessKey: 'SK_REL_BAD' };
/** One unsigned request on the signing stub for every N signed ones. */
const UNSIGNED_EVERY = 6;

interface Target {
  name: string;
  stub: RunningStub;
  clock: ManualClock;
  world: World;
  sign?: Credentials;
  strict: boolean;
  baseline: string;
}

interface Failure {
  target: string;
  op: string;
  kind: string;
  detail: string;
  problem: string;
}

const failures: Failure[] = [];
const counts = new Map<string, number>();
const count = (key: string, n = 1) => counts.set(key, (counts.get(key) ?? 0) + n);
const fingerprint = prototypeFingerprint();
const timing = new Map<string, number>();

const snapshot = (stub: RunningStub) => JSON.stringify(stub.store.toJSON());

async function startTarget(name: string, signed: boolean): Promise<Target> {
  const clock = new ManualClock(Date.now());
  const stub = await startStub({
    port: 0,
    logLevel: 'silent',
    docsDir: false,
    clock,
    transitionMs: TRANSITION_MS,
    bodyLimit: BODY_LIMIT,
    strict: signed,
    ...(signed ? { accessKeys: [`${SIGNER.accessKeyId}:${SIGNER.secretAccessKey}`] } : {}),
  });
  const vm = createVmClient({ endpoint: stub.url, ...SIGNER, regionId: 'cn-north-1', retry: false });
  const world = await buildWorld(stub, vm, clock, TRANSITION_MS, signed ? SIGNER.accessKeyId : 'default', signed ? 'sgn' : 'opn');
  return { name, stub, clock, world, ...(signed ? { sign: SIGNER } : {}), strict: signed, baseline: snapshot(stub) };
}

/** Sends one bad request and records every way its answer or its effects are wrong. */
async function fire(target: Target, request: BadRequest, signed: boolean): Promise<void> {
  const record = (problem: string) =>
    failures.push({ target: `${target.name}${signed ? ' signed' : ' unsigned'}`, op: request.op, kind: request.kind, detail: request.detail, problem });
  count(signed ? `${target.name} signed` : `${target.name} unsigned`);
  const started = performance.now();
  let status = 0;
  try {
    const response = await send(target.stub.port, request, signed ? target.sign : undefined);
    status = response.status;
    // Unsigned requests to a signing stub must never pass.
    const ignored = request.unknownOnly === true && !target.strict;
    const mayPass = (request.mayPass === true || ignored) && (signed || !target.sign);
    const problem = problemWith(response, { mayPass, head: request.method === 'HEAD' });
    if (problem) record(problem);
    if (ignored && mayPass && !response.headers['x-jdcloud-stub-warnings']) record(`answered ${status} without x-jdcloud-stub-warnings`);
  } catch (error) {
    record(`dropped connection: ${(error as Error).message}`);
  }
  const after = snapshot(target.stub);
  if (after !== target.baseline) {
    const couldPass = request.mayPass === true || (request.unknownOnly === true && !target.strict);
    if (!(couldPass && status >= 200 && status < 300)) record(`the state changed although the request was refused (${status})`);
    // Back to the baseline either way, so every request meets the same world.
    target.stub.store.load(JSON.parse(target.baseline));
  }
  timing.set(request.kind, (timing.get(request.kind) ?? 0) + performance.now() - started);
  const ms = performance.now() - started;
  if (process.env.RELIABILITY_SLOW && ms > Number(process.env.RELIABILITY_SLOW)) console.log(`slow ${Math.round(ms)} ms ${request.op} ${request.kind} ${request.detail}`);
  const polluted = pollution();
  if (polluted.length > 0 || prototypeFingerprint() !== fingerprint) record(`prototype pollution: ${polluted.join(', ') || 'built-in prototype changed'}`);
}

/** A normal request still works (and sees the world's key pair). */
async function healthy(target: Target): Promise<void> {
  const response = await send(
    target.stub.port,
    { method: 'GET', path: `/v1/regions/cn-north-1/keypairs`, query: 'pageSize=100' },
    target.sign,
  );
  expect(response.status, response.text).toBe(200);
  expect(JSON.parse(response.text).result.keypairs.map((k: { keyName: string }) => k.keyName)).toContain(target.world.keyName);
}

/** Fails with the problems recorded since `from`, a few of each kind. */
function report(label: string, from: number): void {
  const found = failures.slice(from);
  if (process.env.RELIABILITY_DUMP) {
    appendFileSync(process.env.RELIABILITY_DUMP, found.map((f) => `${JSON.stringify(f)}\n`).join(''));
  }
  const perKind = new Map<string, string[]>();
  for (const f of found) {
    const key = `${f.kind} ${f.problem.slice(0, 40)}`;
    const list = perKind.get(key) ?? [];
    if (list.length < 3) list.push(`${f.target} ${f.op} [${f.kind}] ${f.detail}: ${f.problem.slice(0, 300)}`);
    perKind.set(key, list);
  }
  expect([...perKind.values()].flat(), `${found.length} problems (${label})`).toEqual([]);
}

describe(`bad input for every operation of the bundle (seed ${SEED})`, () => {
  let open: Target;
  let signing: Target;
  // Two stubs and their worlds (dozens of requests each): seconds on a quiet machine, more on a busy one.
  beforeAll(async () => {
    [open, signing] = await Promise.all([startTarget('open stub', false), startTarget('signing stub', true)]);
  }, 60_000);
  afterAll(async () => {
    closeAgents();
    await Promise.all([open?.stub.close(), signing?.stub.close()]);
    if (process.env.RELIABILITY_DUMP) console.log([...timing].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${Math.round(v)} ms`).join('\n'));
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    console.log(
      `reliability-bad-input: ${total} bad requests sent (seed ${SEED}): ${[...counts].map(([k, v]) => `${k} ${v}`).join(', ')}`,
    );
  });

  it('covers every operation of the bundle (the client generated from it agrees)', () => {
    expect(operations.map((o) => o.id).sort()).toEqual(Object.keys(vmOperations).sort());
  });

  for (const op of operations) {
    it(`${op.id}: every bad request is a 4xx envelope, changes nothing, pollutes nothing`, async () => {
      const before = failures.length;
      const rng = new Rng(SEED).fork(op.id);
      for (const target of [open, signing]) {
        const requests = badRequestsFor(op, pathValues(target.world, op), rng.fork(target.name), {
          bodyLimit: BODY_LIMIT,
          perCategory: PER_CATEGORY,
        });
        let i = 0;
        for (const request of requests) {
          await fire(target, request, target.sign !== undefined);
          if (target.sign && (i += 1) % UNSIGNED_EVERY === 0) await fire(target, request, false);
        }
        await healthy(target);
      }
      report(op.id, before);
    });
  }

  it('very deep JSON (300,000 levels) and a 5 MB body on a few operations of each kind', async () => {
    const from = failures.length;
    const ops = ['createInstances', 'modifyInstanceAttribute', 'createInstanceTemplate', 'importKeypair'].map((id) => operations.find((o) => o.id === id)!);
    for (const target of [open, signing]) {
      for (const op of ops) {
        const path = pathOf(op, pathValues(target.world, op));
        const headers = { 'content-type': 'application/json' };
        const depth = 300_000;
        for (const [detail, body] of [
          ['300,000 nested arrays', `{"name":${'['.repeat(depth)}${']'.repeat(depth)}}`],
          ['300,000 nested objects', `${'{"a":'.repeat(depth / 2)}1${'}'.repeat(depth / 2)}`],
          ['5 MB', Buffer.alloc(5 * 1024 * 1024, 0x20)],
        ] as const) {
          await fire(target, { op: op.id, kind: 'body.huge', detail, method: op.method, path, headers, body }, target.sign !== undefined);
        }
      }
      await healthy(target);
    }
    report('deep and huge bodies', from);
  });

  it('malformed HTTP on the wire: every answer is an envelope, never a silent close', async () => {
    const path = '/v1/regions/cn-north-1/keypairs';
    const cases: Array<[string, string]> = [
      ['unknown expectation', `POST ${path} HTTP/1.1\r\nHost: x\r\nExpect: banana\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`],
      ['content-length with chunked', `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`],
      ['bad chunk size', `POST ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`],
      ['space in a header name', `GET ${path} HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n`],
      ['control byte in a header value', `GET ${path} HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\n\r\n`],
      ['HTTP/1.1 without Host', `GET ${path} HTTP/1.1\r\n\r\n`],
      ['absolute-form target', `GET http://elsewhere.example${path}?pageSize=10 HTTP/1.1\r\nHost: x\r\n\r\n`],
      ['asterisk-form target', `OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n`],
      ['CONNECT', `CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n`],
      ['CONNECT on an API path', `CONNECT ${path} HTTP/1.1\r\nHost: x\r\n\r\n`],
      ['unknown method token', `FOO ${path} HTTP/1.1\r\nHost: x\r\n\r\n`],
      ['binary garbage', '\u0000\u0001\u0002 hello\r\n\r\n'],
      ['request line over the header limit', `GET ${path}?x=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`],
      ['headers over the limit', `GET ${path} HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`],
      ['HTTP/2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'],
      ['HTTP/0.9 style', `GET ${path}\r\n\r\n`],
      ['upgrade to websocket', `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`],
    ];
    const from = failures.length;
    for (const target of [open, signing]) {
      const before = snapshot(target.stub);
      for (const [label, bytes] of cases) {
        count(`${target.name} raw HTTP`);
        const text = await sendRaw(target.stub.port, bytes);
        const response = parseRawResponse(text);
        const problem = response
          ? problemWith(response, { mayPass: !target.sign && /websocket|absolute|without Host|HTTP\/0\.9/.test(label) })
          : `no HTTP answer at all: ${JSON.stringify(text.slice(0, 120))}`;
        if (problem) failures.push({ target: target.name, op: 'http', kind: 'http.malformed', detail: label, problem });
      }
      expect(snapshot(target.stub)).toBe(before);
      await healthy(target);
    }
    report('malformed HTTP', from);
  });

  it('paths outside the operations: 404 (or 405) envelopes, nothing served from the disk', async () => {
    const from = failures.length;
    const paths = [
      '/',
      '/v1',
      '/v1/',
      '/v1/regions',
      '/v1/regions/cn-north-1',
      '/v1/regions/cn-north-1/',
      '/favicon.ico',
      '/docs/../../../../etc/passwd',
      '/docs/..%2F..%2F..%2Fpackage.json',
      '/openapi.json/..%2F..%2Fpackage.json',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/v1/regions/cn-north-1/%2e%2e/%2e%2e/openapi.json',
      '/v1/regions/cn-north-1/instances/..%5C..%5Cwindows',
      '/node_modules/.bin',
      '/.env',
    ];
    for (const target of [open, signing]) {
      for (const path of paths) {
        for (const method of ['GET', 'POST', 'DELETE', 'PUT']) {
          await fire(target, { op: 'route', kind: 'route.outside', detail: `${method} ${path}`, method, path, ...(method === 'GET' || method === 'DELETE' ? {} : { headers: { 'content-type': 'application/json' }, body: '{}' }) }, target.sign !== undefined);
        }
      }
    }
    report('paths outside the operations', from);
  });

  it('the stub answers normally afterwards, and no prototype was polluted', async () => {
    for (const target of [open, signing]) {
      await healthy(target);
      const instance = await send(
        target.stub.port,
        { method: 'GET', path: pathOf(operations.find((o) => o.id === 'describeInstance')!, { regionId: 'cn-north-1', instanceId: target.world.running }) },
        target.sign,
      );
      expect(instance.status, instance.text).toBe(200);
      expect(snapshot(target.stub)).toBe(target.baseline);
    }
    expect(pollution()).toEqual([]);
    expect(prototypeFingerprint()).toBe(fingerprint);
  });
});
