import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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
import { credentials, startServer, type TestServer } from './helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
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

  it('gives the typed openapi-fetch client, signed and with the indexed encoding', async () => {
    server.handle(() => ({ body: { requestId: 'r', result: { keypairs: [keypair(7)], totalCount: 1 } } }));
    const { data, response } = await client().raw.GET('/regions/{regionId}/keypairs', {
      params: { path: { regionId: 'cn-north-1' }, query: { filters: [{ name: 'keyNames', values: ['a'] }] } },
    });
    expect(response.status).toBe(200);
    expect(data?.result.keypairs[0]?.keyName).toBe('kp-7');
    expect(server.requests[0]!.query).toBe('filters.1.name=keyNames&filters.1.values.1=a');
    expect(server.requests[0]!.verified).toMatchObject({ ok: true });
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
  it('retries a GET on 5xx and 429, re-signing each attempt with a fresh nonce', async () => {
    server.handle((_, i) =>
      i === 0
        ? { status: 503, body: envelope(503, 'UNAVAILABLE', 'busy') }
        : i === 1
          ? { status: 429, headers: { 'retry-after': '0' }, body: envelope(429, 'QUOTA_EXCEEDED', 'slow down') }
          : { body: { requestId: 'ok', result: { keypairs: [], totalCount: 0 } } },
    );
    await expect(client().describeKeypairs()).resolves.toEqual({ keypairs: [], totalCount: 0 });
    expect(server.requests).toHaveLength(3);
    expect(server.requests.every((r) => r.verified.ok)).toBe(true);
    expect(new Set(server.requests.map((r) => r.headers['x-jdcloud-nonce'])).size).toBe(3);
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

  it('waits with exponential backoff between attempts', async () => {
    server.handle(() => ({ status: 500, body: envelope(500, 'INTERNAL', 'x') }));
    const started = Date.now();
    await expect(client({ retry: { retries: 2, minDelayMs: 60, maxDelayMs: 1000 } }).describeKeypairs()).rejects.toBeInstanceOf(JdCloudError);
    // Waits are at least half of 60 and 120 ms (equal jitter): 90 ms in all.
    expect(Date.now() - started).toBeGreaterThanOrEqual(85);
    expect(server.requests).toHaveLength(3);
  });

  it('honours Retry-After, capped by maxDelayMs', async () => {
    server.handle((_, i) => (i === 0 ? { status: 429, headers: { 'retry-after': '10' }, body: envelope(429, 'QUOTA_EXCEEDED', 'x') } : { body: { requestId: 'ok', result: { keypairs: [], totalCount: 0 } } }));
    const started = Date.now();
    await client({ retry: { minDelayMs: 1, maxDelayMs: 150 } }).describeKeypairs();
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(140);
    expect(waited).toBeLessThan(2000);
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
