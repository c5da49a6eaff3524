// The dispatch step alone, in a tiny app, with a registry of test handlers and a fake state: the
// context a handler gets, the answer, the state file flush (src/pipeline/dispatch.ts).
import type { NextFunction, Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { HandlerRegistry } from '../../src/domain/registry.js';
import type { HandlerContext } from '../../src/domain/types.js';
import { conflict } from '../../src/http/errors.js';
import { dispatchOperations } from '../../src/pipeline/dispatch.js';
import { answerErrors } from '../../src/pipeline/errors.js';
import { apiRequestTest } from '../../src/pipeline/request-state.js';
import { createResponder } from '../../src/pipeline/respond.js';
import type { StatePersistence } from '../../src/state/persistence.js';
import type { StateStore } from '../../src/state/store.js';
import { appWithState, asValidatedBy, miniSpec, recordingLogger, serve } from './fixtures.js';

const spec = miniSpec();
const REGION = 'cn-north-1';

interface Seen {
  ctx: HandlerContext;
  sentBody: Record<string, unknown> | undefined;
}

async function run(
  operationId: string,
  fields: { body?: unknown; bodyText?: string; query?: Record<string, unknown>; pathParams?: Record<string, string>; flush?: () => Promise<void> } = {},
) {
  const seen: Seen[] = [];
  const registry = new HandlerRegistry([
    {
      name: 'things',
      handlers: {
        describeThings: (ctx: HandlerContext) => {
          seen.push({ ctx, sentBody: ctx.params.sentBody });
          return { things: ['a'] };
        },
        stopThing: (ctx: HandlerContext) => {
          seen.push({ ctx, sentBody: undefined });
        },
        deleteThing: () => {
          throw conflict('in use');
        },
      },
    },
  ]);
  const scopes: Array<[string, string]> = [];
  const store = { scope: (account: string, region: string) => (scopes.push([account, region]), { account, region }) } as unknown as StateStore;
  const flushes: string[] = [];
  const persistence = fields.flush ? ({ flush: async () => (flushes.push('flush'), fields.flush?.()) } as unknown as StatePersistence) : undefined;
  const { logger, lines } = recordingLogger();
  const respond = createResponder(undefined, logger);
  const app = appWithState();
  const pathParams = fields.pathParams ?? { regionId: REGION };
  app.use((req: Request, _res: Response, next: NextFunction) => {
    // What the steps before dispatch leave: the operation, the account, the decoded and validated request.
    req.stub.operation = spec.get(operationId)!;
    req.stub.account = 'jd_alice';
    if (fields.bodyText !== undefined) req.stub.bodyText = fields.bodyText;
    req.body = fields.body;
    Object.defineProperty(req, 'query', { value: fields.query ?? {}, writable: true, configurable: true, enumerable: true });
    asValidatedBy(req, operationId, pathParams);
    next();
  });
  app.use(dispatchOperations({ spec, store, registry, clock: { now: () => 0 } as never, logger, persistence, accounts: ['jd_alice', 'jd_bob'] }, apiRequestTest(spec.basePath), respond));
  app.use(answerErrors(respond, logger));
  const served = await serve(app);
  try {
    const response = await fetch(`${served.url}/v1/regions/${REGION}/things`);
    return { status: response.status, json: (await response.json()) as Record<string, unknown>, requestId: response.headers.get('x-jdcloud-request-id'), seen, scopes, flushes, lines };
  } finally {
    await served.close();
  }
}

describe('dispatch', () => {
  it('the handler gets a typed context; its result goes out as {requestId, result}', async () => {
    const out = await run('describeThings', { query: { pageSize: 20 }, body: undefined });
    expect([out.status, out.json]).toEqual([200, { requestId: out.requestId, result: { things: ['a'] } }]);
    const ctx = out.seen[0]!.ctx;
    expect(ctx).toMatchObject({ operationId: 'describeThings', account: 'jd_alice', accounts: ['jd_alice', 'jd_bob'], region: REGION, requestId: out.requestId, checked: [] });
    expect(ctx.params).toMatchObject({ path: { regionId: REGION }, query: { pageSize: 20 }, body: {} });
    expect(ctx.store).toEqual({ account: 'jd_alice', region: REGION });
    expect(ctx.operation).toBe(spec.get('describeThings'));
  });

  it('sentBody: the client text, parsed when asked; the body with defaults is params.body', async () => {
    const out = await run('describeThings', { body: { name: 'n', kind: 'small' }, bodyText: '{"name":"n"}' });
    expect(out.seen[0]!.ctx.params.body).toEqual({ name: 'n', kind: 'small' });
    expect(out.seen[0]!.sentBody).toEqual({ name: 'n' });
  });

  it('no result: {requestId} alone; the state file is flushed before the answer', async () => {
    const out = await run('stopThing', { pathParams: { regionId: REGION, thingId: 't-1' }, flush: async () => undefined });
    expect(out.json).toEqual({ requestId: out.requestId });
    expect(out.flushes).toEqual(['flush']);
  });

  it('a flush that fails: 500 saying the change was applied, logged', async () => {
    const out = await run('stopThing', {
      pathParams: { regionId: REGION, thingId: 't-1' },
      flush: async () => {
        throw new Error('disk full');
      },
    });
    expect(out.status).toBe(500);
    expect(out.json.error).toMatchObject({ status: 'INTERNAL', message: 'The change was applied but could not be saved to the state file.' });
    expect(out.lines).toContainEqual(expect.objectContaining({ msg: 'state file could not be saved', error: 'disk full' }));
  });

  it("a handler's ApiError goes on to the errors step", async () => {
    const out = await run('deleteThing', { pathParams: { regionId: REGION, thingId: 't-1' } });
    expect([out.status, out.json.error]).toEqual([400, { code: 400, status: 'CONFLICT', message: 'in use' }]);
  });

  it('an operation without a handler: 500 INTERNAL', async () => {
    const missing = await run('createThing', { body: { name: 'n' } });
    expect(missing.json.error).toMatchObject({ code: 500, message: "Operation 'createThing' is not implemented by the stub yet." });
  });
});
