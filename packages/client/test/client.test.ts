import { beforeAll, describe, expect, it, vi } from 'vitest';
import { useWebCryptoOnly } from '../src/hashing.js';
import { decodeIndexedQuery } from '../src/query.js';
import {
  createVmClient,
  JdCloudError,
  JdCloudNetworkError,
  JdCloudTimeoutError,
  vmOperations,
  type VmClientOptions,
} from '../src/index.js';
import { createRawClient } from '../src/raw.js';
import { credentials, startServer, type TestServer, useServer } from './helpers/server.js';

const local = useServer();
let server: TestServer;
beforeAll(() => {
  server = local.server;
});

/** A client of the local server, with short retry delays so the tests stay fast. */
function client(options: Partial<VmClientOptions> = {}) {
  return createVmClient({
    ...credentials,
    regionId: 'cn-north-1',
    endpoint: server.endpoint,
    retry: { minDelayMs: 5, maxDelayMs: 20 },
    ...options,
  });
}

const keypair = (i: number) => ({ keyName: `kp-${i}`, keyFingerprint: `fp-${i}`, createTime: '2024-05-01T08:30:00+08:00', instanceIds: [] });
const envelope = (status: number, code: string, message: string, requestId = 'req-err') => ({
  requestId,
  error: { code: status, status: code, message },
});

describe('requests on the wire', () => {
  it('sends a GET with indexed filters, signed, and resolves to the result', async () => {
    server.handle(() => ({ body: { requestId: 'req-1', result: { keypairs: [keypair(1)], totalCount: 1 } } }));
    const result = await client().describeKeypairs({
      pageNumber: 1,
      pageSize: 10,
      filters: [{ name: 'keyNames', values: ['dev key', '中文'] }],
    });
    expect(result).toEqual({ keypairs: [keypair(1)], totalCount: 1 });

    const [request] = server.requests;
    expect(request!.method).toBe('GET');
    expect(request!.path).toBe('/v1/regions/cn-north-1/keypairs');
    expect(request!.query).toBe('pageNumber=1&pageSize=10&filters.1.name=keyNames&filters.1.values.1=dev%20key&filters.1.values.2=%E4%B8%AD%E6%96%87');
    expect(decodeIndexedQuery(request!.query, vmOperations.describeKeypairs.indexed)).toEqual({
      pageNumber: '1',
      pageSize: '10',
      filters: [{ name: 'keyNames', values: ['dev key', '中文'] }],
    });
    expect(request!.verified).toMatchObject({ ok: true });
    expect(request!.headers.accept).toBe('application/json');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.body).toBe('');
    if (request!.verified.ok) {
      expect(request!.verified.authorization.signedHeaders).toEqual(['accept', 'content-type', 'host', 'x-jdcloud-date', 'x-jdcloud-nonce']);
      expect(request!.verified.authorization.accessKeyId).toBe(credentials.accessKeyId);
    }
  });

  it('sends a custom method with the colon as %3A, and a JSON body ({} when empty)', async () => {
    server.handle(() => ({ body: { requestId: 'req-2' } }));
    const vm = client();
    await expect(vm.stopInstance({ instanceId: 'i-abc' })).resolves.toBeUndefined();
    await vm.stopInstance({ instanceId: 'i-abc', chargeOnStopped: 'stopCharging' });
    const [plain, charged] = server.requests;
    expect(plain!.method).toBe('POST');
    expect(plain!.url).toBe('/v1/regions/cn-north-1/instances/i-abc%3AstopInstance');
    expect(plain!.body).toBe('{}');
    expect(charged!.body).toBe('{"chargeOnStopped":"stopCharging"}');
    expect(plain!.verified).toMatchObject({ ok: true });
    expect(charged!.verified).toMatchObject({ ok: true });
  });

  it('sends filters and tags, and scalar lists, in the indexed form', async () => {
    server.handle(() => ({ body: { requestId: 'r', result: { instances: [], totalCount: 0, images: [] } } }));
    const vm = client();
    await vm.describeInstances({
      filters: [{ name: 'status', values: ['running', 'stopped'] }, { name: 'az', values: ['cn-north-1a'], operator: 'eq' }],
      tags: [{ key: 'env', values: ['prod'] }],
    });
    await vm.describeImages({ ids: ['img-1', 'img-2', 'img-3', 'img-4', 'img-5', 'img-6', 'img-7', 'img-8', 'img-9', 'img-10'], imageSource: 'private' });
    const [instances, images] = server.requests;
    expect(instances!.query).toBe(
      'filters.1.name=status&filters.1.values.1=running&filters.1.values.2=stopped&filters.2.name=az&filters.2.values.1=cn-north-1a&filters.2.operator=eq&tags.1.key=env&tags.1.values.1=prod',
    );
    expect(images!.query).toMatch(/^ids\.1=img-1&ids\.2=img-2&.*&ids\.10=img-10&imageSource=private$/);
    expect(instances!.verified).toMatchObject({ ok: true });
    expect(images!.verified).toMatchObject({ ok: true });
  });

  it('sends DELETE with its query and no body, and a GET custom method', async () => {
    server.handle(() => ({ body: { requestId: 'r' } }));
    const vm = client();
    await vm.deleteImage({ imageId: 'img-abc', deleteSnapshot: true });
    await vm.verifyInstanceTemplate({ instanceTemplateId: 'it-abc' });
    const [del, verify] = server.requests;
    expect(del).toMatchObject({ method: 'DELETE', url: '/v1/regions/cn-north-1/images/img-abc?deleteSnapshot=true', body: '' });
    expect(verify).toMatchObject({ method: 'GET', url: '/v1/regions/cn-north-1/instanceTemplates/it-abc%3Averify', body: '' });
    expect(del!.verified).toMatchObject({ ok: true });
    expect(verify!.verified).toMatchObject({ ok: true });
  });

  it('signs with JDCLOUD3 when asked (JDCLOUD2 by default), and refuses another version', async () => {
    server.handle(() => ({ body: { requestId: 'req-3', result: {} } }));
    await client().stopInstance({ instanceId: 'i-abc' });
    await client({ signatureVersion: 'JDCLOUD3' }).stopInstance({ instanceId: 'i-abc' });
    await client({ signatureVersion: 'JDCLOUD3' }).describeKeypairs({ filters: [{ name: 'keyNames', values: ['a b', '中文'] }] });
    const [v2, v3, v3get] = server.requests;
    expect(v2!.headers.authorization).toMatch(/^JDCLOUD2-HMAC-SHA256 Credential=\S+\/cn-north-1\/vm\/jdcloud2_request, /);
    expect(v3!.headers.authorization).toMatch(/^JDCLOUD3-HMAC-SHA256 Credential=\S+\/cn-north-1\/vm\/jdcloud3_request, /);
    for (const request of [v2, v3, v3get]) expect(request!.verified).toMatchObject({ ok: true });
    expect(v3get!.verified).toMatchObject({ authorization: { version: 'JDCLOUD3' } });
    expect(() => client({ signatureVersion: 'JDCLOUD4' as 'JDCLOUD3' })).toThrow(/signatureVersion/);
  });

  it('uses the call’s regionId in the path and in the signature scope', async () => {
    server.handle(() => ({ body: { requestId: 'r', result: { keypairs: [], totalCount: 0 } } }));
    await client().describeKeypairs({ regionId: 'cn-east-2' });
    const [request] = server.requests;
    expect(request!.path).toBe('/v1/regions/cn-east-2/keypairs');
    expect(request!.verified).toMatchObject({ ok: true, authorization: { regionId: 'cn-east-2' } });
  });

  it('encodes path parameters strictly', async () => {
    server.handle(() => ({ body: { requestId: 'r' } }));
    await client().stopInstance({ instanceId: "i-a b/c'(" });
    expect(server.requests[0]!.url).toBe('/v1/regions/cn-north-1/instances/i-a%20b%2Fc%27%28%3AstopInstance');
    expect(server.requests[0]!.verified).toMatchObject({ ok: true });
  });

  it('adds client and call headers, signed (user-agent excepted)', async () => {
    server.handle(() => ({ body: { requestId: 'r' } }));
    await client({ headers: { 'user-agent': 'my-app/1.0', 'x-jdcloud-security-token': 'tok' } }).stopInstance(
      { instanceId: 'i-abc' },
      { headers: { 'x-trace': 't-1' } },
    );
    const [request] = server.requests;
    expect(request!.headers['user-agent']).toBe('my-app/1.0');
    expect(request!.verified).toMatchObject({ ok: true });
    if (request!.verified.ok) {
      expect(request!.verified.authorization.signedHeaders).toEqual(
        expect.arrayContaining(['x-jdcloud-security-token', 'x-trace']),
      );
      expect(request!.verified.authorization.signedHeaders).not.toContain('user-agent');
    }
  });

  it('defaults to the public endpoint of the spec, https://vm.jdcloud-api.com/v1', async () => {
    const urls: string[] = [];
    const vm = createVmClient({
      ...credentials,
      regionId: 'cn-north-1',
      // Captures the request instead of sending it: nothing leaves the machine.
      fetch: async (request) => (urls.push(request.url), new Response('{"requestId":"r"}')),
    });
    await vm.stopInstance({ instanceId: 'i-abc' });
    expect(urls).toEqual(['https://vm.jdcloud-api.com/v1/regions/cn-north-1/instances/i-abc%3AstopInstance']);
  });

  it('refuses wrong calls before sending anything', async () => {
    const vm = client() as unknown as Record<string, (params?: unknown) => Promise<unknown>>;
    await expect(vm.stopInstance!({})).rejects.toThrow(TypeError);
    await expect(vm.stopInstance!({})).rejects.toThrow('needs the path parameter "instanceId"');
    await expect(vm.describeKeypairs!({ fliters: [] })).rejects.toThrow('describeKeypairs has no parameter "fliters"');
    expect(server.requests).toHaveLength(0);
    expect(() => createVmClient({ accessKeyId: '', secretAccessKey: 'x', regionId: 'cn-north-1' })).toThrow(TypeError);
  });

  it('gives the typed openapi-fetch client from @jdcloud-vm/client/raw, signed and with the indexed encoding', async () => {
    server.handle(() => ({ body: { requestId: 'r', result: { keypairs: [keypair(7)], totalCount: 1 } } }));
    const raw = createRawClient({ ...credentials, regionId: 'cn-north-1', endpoint: server.endpoint });
    const { data, response } = await raw.GET('/regions/{regionId}/keypairs', {
      params: { path: { regionId: 'cn-north-1' }, query: { filters: [{ name: 'keyNames', values: ['a'] }] } },
    });
    expect(response.status).toBe(200);
    expect(data?.result.keypairs[0]?.keyName).toBe('kp-7');
    expect(server.requests[0]!.query).toBe('filters.1.name=keyNames&filters.1.values.1=a');
    expect(server.requests[0]!.verified).toMatchObject({ ok: true });
  });

  it('signs after the raw client’s middleware (its headers are signed), with the path’s region, and never runs it on typed calls', async () => {
    server.handle(() => ({ body: { requestId: 'r', result: {} } }));
    const seen: string[] = [];
    const raw = createRawClient({ ...credentials, regionId: 'cn-north-1', endpoint: server.endpoint, signatureVersion: 'JDCLOUD3' });
    raw.use({
      onRequest({ request }) {
        seen.push(request.url);
        request.headers.set('x-added-by-middleware', 'yes');
        return request;
      },
    });
    await raw.POST('/regions/{regionId}/instances/{instanceId}:stopInstance', { params: { path: { regionId: 'cn-east-2', instanceId: 'i-1' } }, body: {} });
    await client().describeKeypairs();
    expect(seen).toHaveLength(1);
    const [viaRaw, typed] = server.requests;
    expect(viaRaw!.path).toBe('/v1/regions/cn-east-2/instances/i-1%3AstopInstance');
    expect(viaRaw!.verified).toMatchObject({ ok: true, authorization: { version: 'JDCLOUD3', regionId: 'cn-east-2' } });
    expect(viaRaw!.verified.ok && viaRaw!.verified.authorization.signedHeaders).toContain('x-added-by-middleware');
    expect(typed!.headers['x-added-by-middleware']).toBeUndefined();
  });
});

describe('errors', () => {
  it('throws JdCloudError with the envelope fields', async () => {
    server.handle(() => ({ status: 404, body: envelope(404, 'NOT_FOUND', "Instance 'i-abc' not found", 'req-404') }));
    const error = await client().stopInstance({ instanceId: 'i-abc' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JdCloudError);
    expect(error).toMatchObject({
      name: 'JdCloudError',
      httpStatus: 404,
      code: 404,
      status: 'NOT_FOUND',
      message: "Instance 'i-abc' not found",
      requestId: 'req-404',
    });
    expect(server.requests).toHaveLength(1);
  });

  it('takes the request id from the header when the body has none, and keeps a non-JSON body as the message', async () => {
    server.handle(() => ({ status: 502, headers: { 'x-jdcloud-request-id': 'req-hdr' }, body: 'Bad Gateway from the proxy' }));
    const error = await client({ retry: false }).describeKeypairs().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JdCloudError);
    expect(error).toMatchObject({ httpStatus: 502, code: 502, status: 'UNKNOWN', message: 'Bad Gateway from the proxy', requestId: 'req-hdr' });
  });

  it('throws on a 2xx answer that is not JSON, or that carries an error envelope', async () => {
    server.handle(() => ({ status: 200, headers: { 'x-jdcloud-request-id': 'req-html' }, body: '<html>' }));
    await expect(client().describeKeypairs()).rejects.toMatchObject({ name: 'JdCloudError', httpStatus: 200, requestId: 'req-html' });
    server.handle(() => ({ status: 200, body: envelope(400, 'INVALID_ARGUMENT', 'bad filter') }));
    await expect(client().describeKeypairs()).rejects.toMatchObject({ name: 'JdCloudError', code: 400, status: 'INVALID_ARGUMENT' });
  });

  it('resolves an empty 200 to undefined', async () => {
    server.handle(() => ({ status: 200, body: '' }));
    await expect(client().stopInstance({ instanceId: 'i-abc' })).resolves.toBeUndefined();
  });

  it('throws JdCloudNetworkError when nothing answers', async () => {
    const closed = await startServer();
    const endpoint = closed.endpoint;
    await closed.close();
    const error = await client({ endpoint, retry: false }).describeKeypairs().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JdCloudNetworkError);
    expect(error).not.toBeInstanceOf(JdCloudError);
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('throws JdCloudNetworkError when the connection drops', async () => {
    server.handle(() => ({ destroy: true }));
    await expect(client({ retry: false }).stopInstance({ instanceId: 'i-abc' })).rejects.toBeInstanceOf(JdCloudNetworkError);
  });

  it('rethrows signing failures as they are, without retrying', async () => {
    let calls = 0;
    const vm = client({ fetch: async () => (calls++, new Response('{}')) });
    // Node signs with node:crypto, so take the browser's path and hide Web Crypto for this call
    // (subtle is a getter on Crypto.prototype; an own property shadows it).
    useWebCryptoOnly(true);
    Object.defineProperty(globalThis.crypto, 'subtle', { value: undefined, configurable: true });
    try {
      await expect(vm.describeKeypairs({ filters: [{ name: 'keyNames', values: ['x'] }] })).rejects.toThrow('needs Web Crypto');
    } finally {
      delete (globalThis.crypto as { subtle?: unknown }).subtle;
      useWebCryptoOnly(false);
    }
    expect(globalThis.crypto.subtle).toBeDefined();
    expect(calls).toBe(0);
  });
});

describe('retries', () => {
  it('retries a GET on 5xx and on a 429 that is not QUOTA_EXCEEDED, re-signing each attempt with a fresh nonce', async () => {
    server.handle((_, i) =>
      i === 0
        ? { status: 503, body: envelope(503, 'UNAVAILABLE', 'busy') }
        : i === 1
          ? { status: 429, headers: { 'retry-after': '0' }, body: envelope(429, 'RESOURCE_EXHAUSTED', 'slow down') }
          : { body: { requestId: 'ok', result: { keypairs: [], totalCount: 0 } } },
    );
    await expect(client().describeKeypairs()).resolves.toEqual({ keypairs: [], totalCount: 0 });
    expect(server.requests).toHaveLength(3);
    expect(server.requests.every((r) => r.verified.ok)).toBe(true);
    expect(new Set(server.requests.map((r) => r.headers['x-jdcloud-nonce'])).size).toBe(3);
  });

  it('never retries 429 QUOTA_EXCEEDED: no retry raises a quota', async () => {
    server.handle(() => ({ status: 429, headers: { 'retry-after': '0' }, body: envelope(429, 'QUOTA_EXCEEDED', 'quota') }));
    await expect(client().describeKeypairs()).rejects.toMatchObject({ httpStatus: 429, status: 'QUOTA_EXCEEDED', $metadata: { attempts: 1 } });
    expect(server.requests).toHaveLength(1);
  });

  it('gives up after the configured retries and throws the last error', async () => {
    server.handle((_, i) => ({ status: 500, body: envelope(500, 'INTERNAL', `failure ${i}`) }));
    await expect(client({ retry: { retries: 3, minDelayMs: 1, maxDelayMs: 2 } }).describeKeypairs()).rejects.toMatchObject({
      status: 'INTERNAL',
      message: 'failure 3',
    });
    expect(server.requests).toHaveLength(4);
  });

  it('is on by default with 2 retries', async () => {
    server.handle(() => ({ status: 500, body: envelope(500, 'INTERNAL', 'x') }));
    await expect(client({ retry: undefined }).describeKeypairs()).rejects.toBeInstanceOf(JdCloudError);
    expect(server.requests).toHaveLength(3);
  });

  it('waits with full jitter: a random part of the exponential backoff', async () => {
    server.handle(() => ({ status: 500, body: envelope(500, 'INTERNAL', 'x') }));
    // The delays the client plans (its onRetry hook), not wall-clock gaps: those grow on a busy machine.
    const planned = async (options: Partial<VmClientOptions>) => {
      const delays: number[] = [];
      const vm = client({ ...options, middleware: [{ onRetry: ({ delayMs }) => void delays.push(delayMs) }] });
      await expect(vm.describeKeypairs()).rejects.toBeInstanceOf(JdCloudError);
      return delays;
    };
    const random = vi.spyOn(Math, 'random');
    try {
      random.mockReturnValue(0.5); // half of 100 and of 200 ms
      expect(await planned({ retry: { retries: 2, minDelayMs: 100, maxDelayMs: 1000 } })).toEqual([50, 100]);
      const gaps = server.requests.slice(1).map((r, i) => r.at - server.requests[i]!.at);
      expect(gaps[0]).toBeGreaterThanOrEqual(45);
      expect(gaps[1]).toBeGreaterThanOrEqual(95);
      random.mockReturnValue(0); // full jitter may wait nothing at all (equal jitter waited half the backoff)
      expect(await planned({ retry: { retries: 2, minDelayMs: 400, maxDelayMs: 1000 } })).toEqual([0, 0]);
    } finally {
      random.mockRestore();
    }
  });

  it('honours Retry-After in seconds beyond maxDelayMs, and as an HTTP date', async () => {
    const ok = { body: { requestId: 'ok', result: { keypairs: [], totalCount: 0 } } };
    server.handle((_, i) => (i === 0 ? { status: 503, headers: { 'retry-after': '1' }, body: envelope(503, 'UNAVAILABLE', 'x') } : ok));
    const started = Date.now();
    await client({ retry: { minDelayMs: 1, maxDelayMs: 20 } }).describeKeypairs();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    server.requests.length = 0;
    const at = new Date(Math.ceil((Date.now() + 2000) / 1000) * 1000);
    server.handle((_, i) => (i === 0 ? { status: 429, headers: { 'retry-after': at.toUTCString() }, body: envelope(429, 'TOO_MANY_REQUESTS', 'x') } : ok));
    await client({ retry: { minDelayMs: 1, maxDelayMs: 20 } }).describeKeypairs();
    expect(server.requests[1]!.at).toBeGreaterThanOrEqual(at.getTime() - 50);
  });

  it('does not wait past maxElapsedMs: a Retry-After beyond it ends the call at once', async () => {
    server.handle(() => ({ status: 503, headers: { 'retry-after': '30' }, body: envelope(503, 'UNAVAILABLE', 'later') }));
    const started = Date.now();
    await expect(client({ retry: { maxElapsedMs: 5_000 } }).describeKeypairs()).rejects.toMatchObject({ httpStatus: 503, $metadata: { attempts: 1 } });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server.requests).toHaveLength(1);
  });

  it('takes undefined retry fields as their defaults, and refuses NaN, negative and fractional ones', async () => {
    server.handle(() => ({ status: 500, body: envelope(500, 'INTERNAL', 'x') }));
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.99);
    try {
      // retries: undefined once meant no limit at all, and minDelayMs: undefined a NaN delay (no wait).
      const vm = client({ retry: { retries: undefined, minDelayMs: undefined, maxDelayMs: undefined } });
      await expect(vm.describeKeypairs()).rejects.toBeInstanceOf(JdCloudError);
      expect(server.requests).toHaveLength(3);
      expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(150); // ~0.99 × 200 ms
    } finally {
      random.mockRestore();
    }
    for (const retry of [{ retries: Number.NaN }, { retries: -1 }, { retries: 1.5 }, { minDelayMs: Number.NaN }, { maxDelayMs: -5 }, { maxElapsedMs: Number.NaN }]) {
      expect(() => client({ retry }), JSON.stringify(retry)).toThrow(TypeError);
      await expect(client().describeKeypairs({}, { retry }), JSON.stringify(retry)).rejects.toThrow(TypeError);
    }
    expect(() => client({ timeoutMs: Number.NaN })).toThrow(/timeoutMs/);
    expect(() => client({ retryBudget: -1 })).toThrow(/retryBudget/);
    expect(() => client({ timeoutMs: undefined, retryBudget: undefined })).not.toThrow();
  });

  it('shares a retry budget across calls: an exhausted budget stops retrying, successes refill it', async () => {
    server.handle(() => ({ status: 500, body: envelope(500, 'INTERNAL', 'x') }));
    const vm = client({ retryBudget: 10, retry: { retries: 5, minDelayMs: 1, maxDelayMs: 2 } });
    await expect(vm.describeKeypairs()).rejects.toBeInstanceOf(JdCloudError);
    expect(server.requests).toHaveLength(3); // two retries of 5 tokens each
    await expect(vm.describeKeypairs()).rejects.toBeInstanceOf(JdCloudError);
    expect(server.requests).toHaveLength(4); // nothing left: no retry
    server.handle(() => ({ body: { requestId: 'ok', result: {} } }));
    for (let i = 0; i < 5; i++) await vm.describeKeypairs(); // +1 token each
    server.requests.length = 0;
    server.handle(() => ({ status: 500, body: envelope(500, 'INTERNAL', 'x') }));
    await expect(vm.describeKeypairs()).rejects.toBeInstanceOf(JdCloudError);
    expect(server.requests).toHaveLength(2); // one retry paid for
  });

  it('never retries other 4xx', async () => {
    server.handle(() => ({ status: 400, body: envelope(400, 'INVALID_ARGUMENT', 'bad') }));
    await expect(client().describeKeypairs()).rejects.toMatchObject({ httpStatus: 400 });
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry a POST without a clientToken', async () => {
    server.handle(() => ({ status: 500, body: envelope(500, 'INTERNAL', 'x') }));
    await expect(client().stopInstance({ instanceId: 'i-abc' })).rejects.toMatchObject({ httpStatus: 500 });
    expect(server.requests).toHaveLength(1);
  });

  it('generates a clientToken for createInstances, the same on every attempt, and keeps a given one', async () => {
    server.handle((_, i) => (i < 2 ? { status: 500, body: envelope(500, 'INTERNAL', 'x') } : { body: { requestId: 'ok' } }));
    await client().createInstances({ instanceSpec: { name: 'web', instanceTemplateId: 'it-abc' } });
    expect(server.requests).toHaveLength(3);
    const tokens = server.requests.map((r) => JSON.parse(r.body).clientToken as string);
    expect(tokens[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(tokens).size).toBe(1);
    server.requests.length = 0;
    server.handle(() => ({ body: { requestId: 'ok' } }));
    await client().createInstances({ instanceSpec: { name: 'web', instanceTemplateId: 'it-abc' } });
    expect(JSON.parse(server.requests[0]!.body).clientToken).not.toBe(tokens[0]);
  });

  it('retries a POST that carries a clientToken', async () => {
    server.handle((_, i) => (i < 2 ? { status: 500, body: envelope(500, 'INTERNAL', 'x') } : { body: { requestId: 'ok' } }));
    await client().createInstances({ instanceSpec: { name: 'web', instanceTemplateId: 'it-abc' }, clientToken: 'token-1' });
    expect(server.requests).toHaveLength(3);
    expect(server.requests.map((r) => r.body)).toEqual(
      Array(3).fill('{"instanceSpec":{"name":"web","instanceTemplateId":"it-abc"},"clientToken":"token-1"}'),
    );
    expect(new Set(server.requests.map((r) => r.headers['x-jdcloud-nonce'])).size).toBe(3);
  });

  it('is off with retry: false (client or call)', async () => {
    server.handle(() => ({ status: 503, body: envelope(503, 'UNAVAILABLE', 'x') }));
    await expect(client({ retry: false }).describeKeypairs()).rejects.toBeInstanceOf(JdCloudError);
    expect(server.requests).toHaveLength(1);
    await expect(client().describeKeypairs({}, { retry: false })).rejects.toBeInstanceOf(JdCloudError);
    expect(server.requests).toHaveLength(2);
  });

  it('retries network errors on a GET', async () => {
    let calls = 0;
    const fetch = async (request: Request) => {
      calls++;
      if (calls < 3) throw new TypeError('fetch failed', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) });
      return globalThis.fetch(request);
    };
    server.handle(() => ({ body: { requestId: 'ok', result: { keypairs: [], totalCount: 0 } } }));
    await expect(client({ fetch }).describeKeypairs()).resolves.toEqual({ keypairs: [], totalCount: 0 });
    expect(calls).toBe(3);
    calls = -10;
    const error = await client({ fetch }).describeKeypairs().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JdCloudNetworkError);
    expect((error as Error).message).toContain('ECONNRESET');
    expect(calls).toBe(-7);
  });
});

describe('timeouts and cancellation', () => {
  // Generous margins: these run beside other packages' suites on two cores, where signing alone
  // can take tens of milliseconds. Aborts are triggered from the server's handler, once the
  // request has really arrived, rather than after a guessed delay.
  it('throws JdCloudTimeoutError after timeoutMs', async () => {
    server.handle(() => ({ delayMs: 3000, body: { requestId: 'late' } }));
    const started = Date.now();
    const error = await client({ timeoutMs: 300, retry: false }).describeKeypairs().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JdCloudTimeoutError);
    expect(error).not.toBeInstanceOf(JdCloudNetworkError);
    expect(error).toMatchObject({ name: 'JdCloudTimeoutError', timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('takes a per-call timeout over the client’s', async () => {
    server.handle(() => ({ delayMs: 1000, body: { requestId: 'ok', result: { keypairs: [], totalCount: 0 } } }));
    const vm = client({ timeoutMs: 200, retry: false });
    await expect(vm.describeKeypairs({}, { timeoutMs: 10_000 })).resolves.toEqual({ keypairs: [], totalCount: 0 });
    await expect(vm.describeKeypairs({}, { timeoutMs: 200 })).rejects.toBeInstanceOf(JdCloudTimeoutError);
  });

  it('times out each attempt, and retries a GET that timed out', async () => {
    server.handle((_, i) => (i < 2 ? { delayMs: 3000, body: { requestId: 'late' } } : { body: { requestId: 'ok', result: { keypairs: [], totalCount: 0 } } }));
    await expect(client({ timeoutMs: 300, retry: { minDelayMs: 10, maxDelayMs: 20 } }).describeKeypairs()).resolves.toEqual({ keypairs: [], totalCount: 0 });
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry a POST that timed out', async () => {
    server.handle(() => ({ delayMs: 3000, body: { requestId: 'late' } }));
    await expect(client({ timeoutMs: 300 }).stopInstance({ instanceId: 'i-abc' })).rejects.toBeInstanceOf(JdCloudTimeoutError);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.requests).toHaveLength(1);
  });

  it('rejects with the AbortError when the signal aborts during the request', async () => {
    const controller = new AbortController();
    server.handle(() => {
      setTimeout(() => controller.abort(), 20);
      return { delayMs: 3000, body: { requestId: 'late' } };
    });
    const error = await client().describeKeypairs({}, { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(error).toBe(controller.signal.reason);
    expect(server.requests).toHaveLength(1);
  });

  it('rejects with the signal’s own reason, and while waiting to retry', async () => {
    const controller = new AbortController();
    const reason = new Error('user gave up');
    server.handle(() => {
      setTimeout(() => controller.abort(reason), 100);
      return { status: 503, body: envelope(503, 'UNAVAILABLE', 'x') };
    });
    const started = Date.now();
    const pending = client({ retry: { retries: 5, minDelayMs: 10_000, maxDelayMs: 10_000 } }).describeKeypairs({}, { signal: controller.signal });
    await expect(pending).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(server.requests).toHaveLength(1);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const error = await client().describeKeypairs({}, { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect((error as DOMException).name).toBe('AbortError');
    expect(server.requests).toHaveLength(0);
  });
});

describe('paginate', () => {
  /** A paged list of `total` key pairs; pageSize defaults to 20 like the service. */
  function pagedKeypairs(total: number) {
    server.handle((request) => {
      const query = decodeIndexedQuery(request.query);
      const page = Number(query.pageNumber ?? 1);
      const size = Number(query.pageSize ?? 20);
      const items = Array.from({ length: total }, (_, i) => keypair(i + 1)).slice((page - 1) * size, page * size);
      return { body: { requestId: `page-${page}`, result: { keypairs: items, totalCount: total } } };
    });
  }

  it('yields every item across pages, then stops', async () => {
    pagedKeypairs(45);
    const names: string[] = [];
    for await (const kp of client().paginate('describeKeypairs', { pageSize: 20, filters: [{ name: 'keyNames', values: ['a'] }] })) {
      names.push(kp.keyName!);
    }
    expect(names).toEqual(Array.from({ length: 45 }, (_, i) => `kp-${i + 1}`));
    expect(server.requests.map((r) => decodeIndexedQuery(r.query).pageNumber)).toEqual(['1', '2', '3']);
    expect(server.requests.every((r) => r.query.includes('filters.1.name=keyNames'))).toBe(true);
  });

  it('fetches pages lazily', async () => {
    pagedKeypairs(100);
    const iterator = client().paginate('describeKeypairs', { pageSize: 10 });
    const first = await iterator.next();
    expect(first.value).toMatchObject({ keyName: 'kp-1' });
    expect(server.requests).toHaveLength(1);
    for (let i = 0; i < 9; i++) await iterator.next();
    expect(server.requests).toHaveLength(1);
    await iterator.next();
    expect(server.requests).toHaveLength(2);
    await iterator.return();
    expect(server.requests).toHaveLength(2);
  });

  it('learns the page size from the first page when none is given', async () => {
    pagedKeypairs(41);
    let count = 0;
    for await (const _ of client().paginate('describeKeypairs')) count++;
    expect(count).toBe(41);
    expect(server.requests).toHaveLength(3);
    expect(decodeIndexedQuery(server.requests[0]!.query)).toEqual({ pageNumber: '1' });
  });

  it('starts at the pageNumber given', async () => {
    pagedKeypairs(30);
    const names: string[] = [];
    for await (const kp of client().paginate('describeKeypairs', { pageNumber: 2, pageSize: 10 })) names.push(kp.keyName!);
    expect(names[0]).toBe('kp-11');
    expect(names).toHaveLength(20);
    expect(server.requests).toHaveLength(2);
  });

  it('stops on an empty page, and on an empty list', async () => {
    server.handle(() => ({ body: { requestId: 'r', result: { keypairs: [], totalCount: 99 } } }));
    let count = 0;
    for await (const _ of client().paginate('describeKeypairs')) count++;
    expect(count).toBe(0);
    expect(server.requests).toHaveLength(1);
  });

  it('passes errors through', async () => {
    server.handle(() => ({ status: 400, body: envelope(400, 'OUT_OF_RANGE', 'pageSize out of range') }));
    const iterate = async () => {
      for await (const _ of client().paginate('describeKeypairs', { pageSize: 1000 })) {
        // nothing
      }
    };
    await expect(iterate()).rejects.toMatchObject({ status: 'OUT_OF_RANGE' });
  });
});
