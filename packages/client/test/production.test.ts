// What production code needs around each call: its metadata, hooks, a User-Agent, credentials
// (fixed, session tokens, providers that expire), learning the server's clock, and filters sent
// as the official SDK sends them. Against the local scripted server, which verifies signatures.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Credentials, createVmClient, JdCloudError, JdCloudWaiterError, VERSION, type VmClientOptions, type VmMiddleware } from '../src/index.js';
import { credentials, type TestServer, useServer } from './helpers/server.js';

const local = useServer();
let server: TestServer;
beforeAll(() => {
  server = local.server;
});

function client(options: Partial<VmClientOptions> = {}) {
  return createVmClient({ ...credentials, regionId: 'cn-north-1', endpoint: server.endpoint, retry: { minDelayMs: 5, maxDelayMs: 20 }, ...options });
}
const ok = (requestId = 'req-ok', result: unknown = { keypairs: [], totalCount: 0 }) => ({ body: { requestId, result } });
const failure = (status: number, code: string, requestId = 'req-fail') => ({ status, body: { requestId, error: { code: status, status: code, message: code } } });

describe('metadata', () => {
  it('withMetadata gives the result unchanged, the request id, the HTTP status and the attempts', async () => {
    server.handle((_, i) => (i === 0 ? failure(503, 'UNAVAILABLE') : ok('req-second')));
    const { result, $metadata } = await client().withMetadata('describeKeypairs', { pageSize: 10 });
    expect(result).toEqual({ keypairs: [], totalCount: 0 });
    expect($metadata).toEqual({ requestId: 'req-second', httpStatus: 200, attempts: 2 });
  });

  it('takes the request id from the header when the envelope has none, also for operations without a result', async () => {
    server.handle(() => ({ headers: { 'x-jdcloud-request-id': 'from-header' }, body: {} }));
    const { result, $metadata } = await client().withMetadata('stopInstance', { instanceId: 'i-1' });
    expect(result).toBeUndefined();
    expect($metadata).toEqual({ requestId: 'from-header', httpStatus: 200, attempts: 1 });
  });

  it('puts the same metadata on the error of a failed call', async () => {
    server.handle(() => failure(500, 'INTERNAL', 'req-broken'));
    const error = await client({ retry: { retries: 1, minDelayMs: 1 } }).describeKeypairs().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JdCloudError);
    expect((error as JdCloudError).$metadata).toEqual({ requestId: 'req-broken', httpStatus: 500, attempts: 2 });
  });

  it('leaves the typed results as they were: plain objects, nothing added', async () => {
    server.handle(() => ok());
    const result = await client().describeKeypairs();
    expect(Object.keys(result!)).toEqual(['keypairs', 'totalCount']);
  });
});

describe('hooks', () => {
  it('run in order: onRequest (its headers signed), onResponse, onRetry, onError', async () => {
    const events: string[] = [];
    const tracer: VmMiddleware = {
      onRequest({ request, attempt, operation }) {
        events.push(`request ${operation} #${attempt}`);
        const traced = new Request(request);
        traced.headers.set('x-trace-id', `trace-${attempt}`);
        return traced;
      },
      onResponse({ response, attempt }) {
        events.push(`response #${attempt} ${response.status}`);
      },
      onRetry({ error, delayMs, attempt }) {
        events.push(`retry after #${attempt} (${(error as JdCloudError).status}) in ${delayMs >= 0 ? 'some' : 'no'} ms`);
      },
      onError({ error, attempt }) {
        events.push(`error #${attempt} ${(error as JdCloudError).status}`);
      },
    };
    server.handle(() => failure(503, 'UNAVAILABLE'));
    await expect(client({ middleware: [tracer], retry: { retries: 1, minDelayMs: 1 } }).describeKeypairs()).rejects.toBeInstanceOf(JdCloudError);
    expect(events).toEqual([
      'request describeKeypairs #1',
      'response #1 503',
      'retry after #1 (UNAVAILABLE) in some ms',
      'request describeKeypairs #2',
      'response #2 503',
      'error #2 UNAVAILABLE',
    ]);
    expect(server.requests.map((r) => r.headers['x-trace-id'])).toEqual(['trace-1', 'trace-2']);
    for (const r of server.requests) {
      expect(r.verified).toMatchObject({ ok: true });
      expect(r.verified.ok && r.verified.authorization.signedHeaders).toContain('x-trace-id');
    }
  });

  it('onResponse may replace the answer; use and eject add and remove hooks', async () => {
    const replace: VmMiddleware = { onResponse: () => new Response(JSON.stringify({ requestId: 'replaced', result: { totalCount: 7 } })) };
    server.handle(() => ok());
    const vm = client();
    vm.use(replace);
    expect(await vm.describeKeypairs()).toEqual({ totalCount: 7 });
    vm.eject(replace);
    expect(await vm.describeKeypairs()).toEqual({ keypairs: [], totalCount: 0 });
  });
});

describe('User-Agent', () => {
  it('is jdcloud-vm-client/<package version> by default, overridable, and never signed', async () => {
    server.handle(() => ok());
    await client().describeKeypairs();
    await client({ userAgent: 'my-app/2.0' }).describeKeypairs();
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(VERSION).toBe(version);
    expect(server.requests.map((r) => r.headers['user-agent'])).toEqual([`jdcloud-vm-client/${version}`, 'my-app/2.0']);
    for (const r of server.requests) expect(r.verified.ok && r.verified.authorization.signedHeaders).not.toContain('user-agent');
  });
});

describe('filters', () => {
  it('drops a filter without values or without a name, as the official SDK does, and numbers the rest from 1', async () => {
    server.handle(() => ok());
    await client().describeKeypairs({
      filters: [{ name: 'keyNames', values: [] }, { name: 'keyNames', values: ['a'] }, { name: '', values: ['b'] }],
    });
    expect(server.requests[0]!.query).toBe('filters.1.name=keyNames&filters.1.values.1=a');
  });
});

describe('clock skew', () => {
  const HOUR = 3_600_000;
  /** A server whose clock is two hours ahead: it refuses signatures more than 15 minutes from its time, saying its time in Date. */
  const skewedServer = (skewMs: number) => (request: { headers: Record<string, unknown> }) => {
    const now = Date.now() + skewMs;
    const signed = String(request.headers['x-jdcloud-date']).replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z');
    if (Math.abs(Date.parse(signed) - now) > 15 * 60_000) {
      return { ...failure(401, 'UNAUTHENTICATED'), headers: { date: new Date(now).toUTCString() } };
    }
    return ok();
  };

  it('learns the offset from a 401 whose Date is off, re-signs and retries once (a POST too), then signs right', async () => {
    server.handle(skewedServer(2 * HOUR));
    const vm = client({ retry: false });
    const first = await vm.withMetadata('describeKeypairs');
    expect(first.$metadata.attempts).toBe(2);
    await vm.stopInstance({ instanceId: 'i-1' });
    expect(server.requests).toHaveLength(3); // the POST needed no second try
    expect(server.requests.every((r) => r.verified.ok)).toBe(true);
  });

  it('takes clockOffsetMs from the start', async () => {
    server.handle(skewedServer(-2 * HOUR));
    expect((await client({ clockOffsetMs: -2 * HOUR }).withMetadata('describeKeypairs')).$metadata.attempts).toBe(1);
  });

  it('retries only once, and not at all when the Date shows no skew', async () => {
    server.handle(() => ({ ...failure(401, 'UNAUTHENTICATED'), headers: { date: new Date(Date.now() + 2 * HOUR).toUTCString() } }));
    await expect(client().describeKeypairs()).rejects.toMatchObject({ httpStatus: 401, $metadata: { attempts: 2 } });
    server.requests.length = 0;
    server.handle(() => failure(401, 'UNAUTHENTICATED'));
    await expect(client().describeKeypairs()).rejects.toMatchObject({ httpStatus: 401, $metadata: { attempts: 1 } });
    expect(() => client({ clockOffsetMs: Number.NaN })).toThrow(/clockOffsetMs/);
  });
});

describe('credentials', () => {
  it('signs with fixed credentials, and sends a session token base64-encoded and signed, as the Python SDK does', async () => {
    server.handle(() => ok());
    const token = 'session-token-中文';
    await client({ accessKeyId: undefined, secretAccessKey: undefined, credentials: { ...credentials, sessionToken: token } }).describeKeypairs();
    const [request] = server.requests;
    expect(request!.verified).toMatchObject({ ok: true });
    expect(request!.headers['x-jdcloud-security-token']).toBe(Buffer.from(token, 'utf8').toString('base64'));
    expect(request!.verified.ok && request!.verified.authorization.signedHeaders).toContain('x-jdcloud-security-token');
  });

  it('asks a provider once, shares its answer between concurrent calls, and asks again 5 minutes before expiry', async () => {
    server.handle(() => ok());
    let calls = 0;
    let expiration = new Date(Date.now() + 60 * 60_000);
    const provider = async (): Promise<Credentials> => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { ...credentials, expiration };
    };
    const vm = client({ accessKeyId: undefined, secretAccessKey: undefined, credentials: provider });
    await Promise.all([vm.describeKeypairs(), vm.describeKeypairs(), vm.describeKeypairs()]);
    await vm.describeKeypairs();
    expect(calls).toBe(1);
    expiration = new Date(Date.now() + 4 * 60_000); // the next answer is close to expiry...
    // ...but the cached keys are not: force a refresh by handing out keys that are.
    const shortLived = client({ accessKeyId: undefined, secretAccessKey: undefined, credentials: provider });
    await shortLived.describeKeypairs();
    await shortLived.describeKeypairs();
    expect(calls).toBe(3); // within 5 minutes of expiry: asked again before the second call
    expect(server.requests.every((r) => r.verified.ok)).toBe(true);
  });

  it('uses the keys a provider gives after a refresh, and rejects a call without sending when the provider fails', async () => {
    server.handle(() => ok());
    let secret = 'wrong-secret';
    let fail = false;
    const vm = client({
      accessKeyId: undefined,
      secretAccessKey: undefined,
      credentials: async () => {
        if (fail) throw new Error('the vault is sealed');
        return { accessKeyId: credentials.accessKeyId, secretAccessKey: secret, expiration: new Date(Date.now() + 60_000) };
      },
    });
    await vm.describeKeypairs();
    secret = credentials.secretAccessKey;
    await vm.describeKeypairs();
    expect(server.requests.map((r) => r.verified.ok)).toEqual([false, true]);
    fail = true;
    await expect(vm.describeKeypairs()).rejects.toThrow('the vault is sealed');
    expect(server.requests).toHaveLength(2);
  });

  it('needs keys or credentials', () => {
    expect(() => createVmClient({ regionId: 'cn-north-1' })).toThrow(TypeError);
    expect(() => createVmClient({ regionId: 'cn-north-1', credentials: { accessKeyId: 'a', secretAccessKey: '' } })).toThrow(TypeError);
  });
});

describe('waiters (scripted answers; test/client-waiters.test.ts of the stub follows real transitions)', () => {
  const FAST = { minDelayMs: 5, maxDelayMs: 20, maxWaitMs: 10_000 };
  const instance = (status: string) => ok('req', { instance: { instanceId: 'i-1', status } });

  it('keeps polling through other states and a 404, then resolves to the last result', async () => {
    const answers = [failure(404, 'NOT_FOUND'), instance('pending'), instance('starting'), instance('running')];
    server.handle((_, i) => answers[i] ?? instance('running'));
    const result = await client().waitFor('instanceRunning', { instanceId: 'i-1' }, FAST);
    expect(result.instance.status).toBe('running');
    expect(server.requests).toHaveLength(4);
    expect(server.requests.every((r) => r.path === '/v1/regions/cn-north-1/instances/i-1')).toBe(true);
  });

  it('stops with a failure on a terminal bad state', async () => {
    server.handle((_, i) => instance(i < 2 ? 'starting' : 'error'));
    const error = await client().waitFor('instanceRunning', { instanceId: 'i-1' }, FAST).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JdCloudWaiterError);
    expect(error).toMatchObject({ reason: 'failure', state: 'error', waiter: 'instanceRunning', result: { instance: { status: 'error' } } });
  });

  it('fails a task waiter when any task failed, and needs every task finished', async () => {
    const tasks = (...statuses: string[]) => ok('req', { taskSet: statuses.map((taskStatus, i) => ({ taskId: String(i), taskStatus })), totalCount: statuses.length });
    server.handle((_, i) => (i === 0 ? tasks('finished', 'running') : tasks('finished', 'finished')));
    expect((await client().waitFor('imageTaskFinished', { taskIds: ['0', '1'] }, FAST)).taskSet).toHaveLength(2);
    expect(server.requests[0]!.query).toBe('taskIds.1=0&taskIds.2=1');
    server.handle(() => tasks('finished', 'failed'));
    await expect(client().waitFor('imageTaskFinished', { taskIds: ['0', '1'] }, FAST)).rejects.toMatchObject({ reason: 'failure', state: 'failed' });
  });

  it('times out after maxWaitMs with the last state; passes other errors through; obeys its signal', async () => {
    server.handle(() => instance('stopping'));
    const started = Date.now();
    await expect(client().waitFor('instanceStopped', { instanceId: 'i-1' }, { ...FAST, maxWaitMs: 200 })).rejects.toMatchObject({ reason: 'timeout', state: 'stopping' });
    expect(Date.now() - started).toBeLessThan(2_000);
    server.handle(() => failure(403, 'PERMISSION_DENIED'));
    await expect(client().waitFor('instanceStopped', { instanceId: 'i-1' }, FAST)).rejects.toMatchObject({ httpStatus: 403 });
    server.handle(() => instance('stopping'));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('enough')), 100);
    await expect(client().waitFor('instanceStopped', { instanceId: 'i-1' }, { ...FAST, signal: controller.signal })).rejects.toThrow('enough');
    await expect(client().waitFor('nothing' as 'instanceStopped', { instanceId: 'i-1' })).rejects.toThrow(TypeError);
    await expect(client().waitFor('instanceStopped', { instanceId: 'i-1' }, { maxWaitMs: -1 })).rejects.toThrow(/maxWaitMs/);
  });
});
