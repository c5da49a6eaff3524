// The custom-method colon arrives literal (curl, docs) or percent-encoded (official SDKs); both
// reach the same operation, and the generic preconditions/transition code runs on it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT, ManualClock } from '../src/index.js';
import { type TestStub, call, errorOf, seedInstance, start } from './helpers.js';

describe('custom-method paths', () => {
  let stub: TestStub;
  const clock = new ManualClock();
  beforeAll(async () => {
    stub = await start({ clock, transitionMs: 1000 });
  });
  afterAll(() => stub.close());

  let n = 0;
  let id = '';
  beforeEach(() => {
    id = `i-route${(n += 1)}`;
    seedInstance(stub, DEFAULT_ACCOUNT, { instanceId: id, status: 'running' });
  });

  for (const [label, colon] of [
    ['literal colon', ':'],
    ['%3A', '%3A'],
    ['%3a (lower case)', '%3a'],
  ] as const) {
    it(`routes ${label} to stopInstance`, async () => {
      const result = await call('POST', stub.api(`/instances/${id}${colon}stopInstance`), { body: {} });
      expect(result.status).toBe(200);
      expect(result.json).toEqual({ requestId: result.json.requestId });
      const log = stub.logs.filter((l) => l.msg === 'request').at(-1);
      expect(log).toMatchObject({ operationId: 'stopInstance', status: 200 });
      expect(log?.path).toBe(`/v1/regions/cn-north-1/instances/${id}${colon}stopInstance`);
      expect(stub.store.scope(DEFAULT_ACCOUNT, 'cn-north-1').instances.get(id)?.status).toBe('stopping');
    });
  }

  it('an empty body is accepted where the body is optional', async () => {
    const result = await call('POST', stub.api(`/instances/${id}%3AstopInstance`));
    expect(result.status).toBe(200);
  });

  it('validates the body of a custom method (enum)', async () => {
    const badEnum = errorOf(
      await call('POST', stub.api(`/instances/${id}:stopInstance`), { body: { chargeOnStopped: 'sometimes' } }),
    );
    expect(badEnum.status).toBe('INVALID_ARGUMENT');
    expect(badEnum.message).toContain("'chargeOnStopped'");
  });

  it('any id shape reaches the operation (an unknown one is 404), an unknown custom method 404', async () => {
    // The document states no id pattern (the pages show masked ids such as `i-p3****eu`); the
    // path id only may not hold the `:` that starts a custom method.
    const unknownShape = errorOf(await call('POST', stub.api('/instances/I-UPPER:stopInstance'), { body: {} }));
    expect(unknownShape).toMatchObject({ code: 404, status: 'NOT_FOUND' });
    expect(unknownShape.message).toContain("'I-UPPER'");
    const masked = errorOf(await call('GET', stub.api('/instances/i-p3****eu')));
    expect(masked).toMatchObject({ code: 404, status: 'NOT_FOUND' });
    const colonInId = errorOf(await call('GET', stub.api(`/instances/${id}:describeEverything`)));
    expect(colonInId.code).toBeGreaterThanOrEqual(400);
    expect(colonInId.code).toBeLessThan(500);
    const unknown = errorOf(await call('POST', stub.api(`/instances/${id}%3AstopEverything`), { body: {} }));
    expect(unknown.code).toBe(404);
  });
});

describe('query strings as the official SDKs send them', () => {
  it('characters the SDK leaves unencoded (* ! ( ) ~) pass validation', async () => {
    const stub = await start({ modules: [] });
    try {
      // describeImages has plain string query parameters; with no handler the answer is the
      // dispatcher's 500, which proves the request passed validation.
      const result = await call('GET', stub.api("/images?imageName=web(1)*!~x&pageSize=10"));
      expect(result.json.error.message).toContain("'describeImages' is not implemented");
    } finally {
      await stub.close();
    }
  });
});

describe('x-jdcloud-preconditions and x-jdcloud-transition (stopInstance on a seeded instance)', () => {
  let stub: TestStub;
  const clock = new ManualClock();
  beforeAll(async () => {
    stub = await start({ clock, transitionMs: 500 });
  });
  afterAll(() => stub.close());
  const instances = () => stub.store.scope(DEFAULT_ACCOUNT, 'cn-north-1').instances;

  it('running → stopping (task in progress) → stopped after --transition-ms', async () => {
    seedInstance(stub, DEFAULT_ACCOUNT, { instanceId: 'i-life1', status: 'running' });
    const stop = await call('POST', stub.api('/instances/i-life1:stopInstance'), {
      body: { chargeOnStopped: 'stopCharging' },
    });
    expect(stop.status).toBe(200);
    expect(instances().get('i-life1')).toMatchObject({ status: 'stopping', chargeOnStopped: 'stopCharging' });

    // While stopping, a second stop is refused because of the task in progress.
    const again = errorOf(await call('POST', stub.api('/instances/i-life1:stopInstance'), { body: {} }));
    expect(again).toMatchObject({ code: 400, status: 'FAILED_PRECONDITION' });
    // stopInstance declares the page's wording (messages.task).
    expect(again.message).toBe('Conflict with underlay task stopInstance');

    clock.advance(499);
    const still = errorOf(await call('POST', stub.api('/instances/i-life1:stopInstance'), { body: {} }));
    expect(still.message).toMatch(/^Conflict with underlay task/);

    clock.advance(1);
    const stopped = errorOf(await call('POST', stub.api('/instances/i-life1:stopInstance'), { body: {} }));
    expect(stopped).toMatchObject({ code: 400, status: 'FAILED_PRECONDITION' });
    expect(stopped.message).toBe('Invalid instance status stopped');
    expect(instances().get('i-life1')?.status).toBe('stopped');
    expect(stub.store.scope(DEFAULT_ACCOUNT, 'cn-north-1').tasks.current('instance', 'i-life1')).toBeUndefined();
  });

  it('an explicit task blocks the operation even in an accepted state', async () => {
    seedInstance(stub, DEFAULT_ACCOUNT, { instanceId: 'i-busy1', status: 'running' });
    stub.store.scope(DEFAULT_ACCOUNT, 'cn-north-1').tasks.begin('instance', 'i-busy1', 'createImage', { durationMs: 100 });
    const busy = errorOf(await call('POST', stub.api('/instances/i-busy1:stopInstance'), { body: {} }));
    expect(busy.message).toBe('Conflict with underlay task createImage');
    clock.advance(100);
    expect((await call('POST', stub.api('/instances/i-busy1:stopInstance'), { body: {} })).status).toBe(200);
  });

  it('an unknown instance is 404 NOT_FOUND', async () => {
    const error = errorOf(await call('POST', stub.api('/instances/i-nobody:stopInstance'), { body: {} }));
    expect(error).toEqual({ code: 404, status: 'NOT_FOUND', message: "Instance 'i-nobody' not found." });
  });

  it('the timer waits out a clock that runs behind the timers (it fires "early" by that clock)', async () => {
    // 2% slow: when the 500-ms timer fires, this clock says ~10 ms are still to go.
    const origin = Date.now();
    const slow = { now: () => origin + Math.floor((Date.now() - origin) * 0.98) };
    const live = await start({ transitionMs: 500, clock: slow });
    try {
      seedInstance(live, DEFAULT_ACCOUNT, { instanceId: 'i-timer2', status: 'running' });
      expect((await call('POST', live.api('/instances/i-timer2:stopInstance'), { body: {} })).status).toBe(200);
      const record = () => live.store.scope(DEFAULT_ACCOUNT, 'cn-north-1').instances.get('i-timer2');
      const sent = Date.now();
      while (record()?.status === 'stopping' && Date.now() - sent < 3000) await new Promise((r) => setTimeout(r, 20));
      expect(record()?.status).toBe('stopped');
    } finally {
      await live.close();
    }
  });

  it('the transition also completes without requests (timer), with the real clock', async () => {
    const live = await start({ transitionMs: 1000 });
    try {
      seedInstance(live, DEFAULT_ACCOUNT, { instanceId: 'i-timer1', status: 'running' });
      const sent = Date.now();
      expect((await call('POST', live.api('/instances/i-timer1:stopInstance'), { body: {} })).status).toBe(200);
      const record = () => live.store.scope(DEFAULT_ACCOUNT, 'cn-north-1').instances.get('i-timer1');
      expect(record()?.status).toBe('stopping');
      while (record()?.status === 'stopping' && Date.now() - sent < 5000) await new Promise((r) => setTimeout(r, 20));
      expect(record()?.status).toBe('stopped');
      expect(Date.now() - sent).toBeGreaterThanOrEqual(1000);
    } finally {
      await live.close();
    }
  });
});
