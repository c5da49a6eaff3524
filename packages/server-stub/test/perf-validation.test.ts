// Issue 7: per-request work of validation. express-openapi-validator's request validators and the
// stub's response checks (src/http/response-validation.ts, the same ajv module) are compiled once
// per route (or operation and status) and reused; the route of a request is looked up by the validator
// once per operation (the stub has matched it already), not on every request. Counted with the
// validator's own ajv and path-to-regexp modules, never timed. Validation itself stays on.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InstanceStub, failure, launch, startInstanceStub } from './instance-fixtures.js';
import { call, errorOf, start, type TestStub } from './helpers.js';

const requireFromValidator = createRequire(createRequire(import.meta.url).resolve('express-openapi-validator'));
const ajvCore = requireFromValidator('ajv/dist/core') as { default: { prototype: Record<string, unknown> } };
const pathToRegexpModule = requireFromValidator('path-to-regexp') as Record<string, unknown>;

const counts = { compiled: 0, routeRegexps: 0 };

function instrument(): () => void {
  const proto = ajvCore.default.prototype;
  const compileEnv = proto._compileSchemaEnv as (this: unknown, ...args: unknown[]) => unknown;
  proto._compileSchemaEnv = function (this: unknown, ...args: unknown[]) {
    counts.compiled += 1;
    return compileEnv.apply(this, args);
  };
  const pathToRegexp = pathToRegexpModule.pathToRegexp as (...args: unknown[]) => unknown;
  pathToRegexpModule.pathToRegexp = (...args: unknown[]) => {
    counts.routeRegexps += 1;
    return pathToRegexp(...args);
  };
  return () => {
    proto._compileSchemaEnv = compileEnv;
    pathToRegexpModule.pathToRegexp = pathToRegexp;
  };
}

describe('validation: compiled once per route, routes looked up once per operation', () => {
  let env: InstanceStub;
  let ids: string[];
  let restore: () => void;

  beforeAll(async () => {
    restore = instrument();
    env = await startInstanceStub();
    ids = await launch(env, { name: 'val-a' }, 4);
  });
  afterAll(async () => {
    await env.close();
    restore();
  });

  const round = async () => {
    const [a, b] = ids as [string, string];
    await env.vm.describeInstances({ filters: [{ name: 'instanceId', values: [a, b] }, { name: 'status', values: ['running'] }] });
    await env.vm.describeInstances({ pageSize: 10 });
    await env.vm.describeInstance({ instanceId: a });
    await env.vm.stopInstance({ instanceId: b });
    env.settle();
    await env.vm.startInstance({ instanceId: b });
    env.settle();
    // Errors go through validation too (the 404 envelope is a documented response).
    expect((await failure(env.vm.describeInstance({ instanceId: 'i-doesnotexist' }))).httpStatus).toBe(404);
    expect((await failure(env.vm.describeInstances({ pageSize: 1000 }))).httpStatus).toBe(400);
  };

  it('the second and later rounds of the same requests compile nothing and compile no route regexp', async () => {
    await round(); // first use of each route: the validator looks it up and compiles its validators
    const after = { ...counts };
    expect(after.compiled).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) await round();
    expect(counts.compiled - after.compiled).toBe(0);
    expect(counts.routeRegexps - after.routeRegexps).toBe(0);
  });
});

describe('validation still applies on every request of an operation (cached route)', () => {
  let stub: TestStub;
  let calls = 0;
  const deleted: unknown[] = [];
  beforeAll(async () => {
    stub = await start({
      modules: [
        {
          name: 'flaky',
          handlers: {
            // A valid answer the first time, one the document does not allow afterwards.
            createKeypair(ctx) {
              calls += 1;
              const keyName = String(ctx.params.body.keyName);
              return calls === 1
                ? { keyName, privateKey: 'p', keyFingerprint: 'f' }
                : { keyName, privateKey: 'p', keyFingerprint: 42 };
            },
            deleteKeypair(ctx) {
              deleted.push(ctx.params.path.keyName);
              return undefined;
            },
          },
        },
      ],
    });
  });
  afterAll(() => stub.close());

  it('response validation catches a bad answer after the route was cached', async () => {
    expect((await call('POST', stub.api('/keypairs'), { body: { keyName: 'k1' } })).status).toBe(200);
    const error = errorOf(await call('POST', stub.api('/keypairs'), { body: { keyName: 'k2' } }));
    expect(error).toMatchObject({ code: 500, status: 'INTERNAL' });
    expect(error.message).toMatch(/does not match the API document/);
  });

  it('request validation and path parameters work on later requests of the operation', async () => {
    // Same operation again, an invalid body: refused by request validation, as the first would be.
    const bad = errorOf(await call('POST', stub.api('/keypairs'), { body: { keyName: 42 } }));
    expect(bad).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    // Percent-encoded path parameters reach the handler decoded, first time and later.
    for (const name of ['no%2Dsuch', 'other%2Dname']) {
      expect((await call('DELETE', stub.api(`/keypairs/${name}`))).status).toBe(200);
    }
    expect(deleted).toEqual(['no-such', 'other-name']);
  });
});
