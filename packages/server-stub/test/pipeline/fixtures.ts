// What the step tests share: a small document with one operation of each kind the stub serves
// (a listing with an indexed query, a create with a body, a custom method without one), a logger
// that keeps its lines, and a tiny express app on a free port.
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { AddressInfo } from 'node:net';
import { type Logger, createLogger } from '../../src/log.js';
import { identifyRequests } from '../../src/pipeline/identify.js';
import { SpecIndex } from '../../src/spec/index.js';
import type { OpenApiDocument } from '../../src/spec/types.js';

const envelope = {
  type: 'object',
  required: ['requestId', 'error'],
  properties: {
    requestId: { type: 'string' },
    error: {
      type: 'object',
      required: ['code', 'status', 'message'],
      properties: { code: { type: 'integer' }, status: { type: 'string' }, message: { type: 'string' } },
    },
  },
};
const errors = { default: { description: 'error', content: { 'application/json': { schema: envelope } } } };
const ok = (result: Record<string, unknown> | undefined) => ({
  '200': {
    description: 'ok',
    content: {
      'application/json': {
        schema: {
          type: 'object',
          required: ['requestId', ...(result ? ['result'] : [])],
          additionalProperties: false,
          properties: { requestId: { type: 'string' }, ...(result ? { result } : {}) },
        },
      },
    },
  },
  ...errors,
});
const regionId = { name: 'regionId', in: 'path', required: true, schema: { type: 'string' } };
const thingId = { name: 'thingId', in: 'path', required: true, schema: { type: 'string' } };

export function miniDocument(): OpenApiDocument {
  return {
    openapi: '3.0.3',
    info: { title: 'mini', version: '1.0.0' },
    servers: [{ url: 'https://vm.example.test/v1' }],
    paths: {
      '/regions/{regionId}/things': {
        parameters: [{ $ref: '#/components/parameters/regionId' }],
        get: {
          operationId: 'describeThings',
          parameters: [
            { name: 'pageSize', in: 'query', schema: { type: 'integer', minimum: 10, maximum: 100, default: 20 } },
            { name: 'verbose', in: 'query', schema: { type: 'boolean' } },
            { name: 'name', in: 'query', schema: { type: 'string' } },
            {
              name: 'filters',
              in: 'query',
              style: 'form',
              explode: true,
              'x-jdcloud-encoding': 'indexed',
              schema: { type: 'array', items: { $ref: '#/components/schemas/Filter' } },
            },
          ],
          responses: ok({ type: 'object', required: ['things'], properties: { things: { type: 'array', items: { type: 'string' } } } }),
        },
        post: {
          operationId: 'createThing',
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ThingSpec' } } } },
          responses: ok({ type: 'object', required: ['thingId'], properties: { thingId: { type: 'string' } } }),
        },
      },
      '/regions/{regionId}/things/{thingId}': {
        parameters: [{ $ref: '#/components/parameters/regionId' }, thingId],
        get: { operationId: 'describeThing', responses: ok({ type: 'object', properties: { thing: { type: 'object' } } }) },
        delete: { operationId: 'deleteThing', responses: ok(undefined) },
      },
      '/regions/{regionId}/things/{thingId}:stopThing': {
        parameters: [{ $ref: '#/components/parameters/regionId' }, thingId],
        post: { operationId: 'stopThing', responses: ok(undefined) },
      },
    },
    components: {
      parameters: { regionId },
      schemas: {
        Filter: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: { name: { type: 'string' }, values: { type: 'array', items: { type: 'string' } } },
        },
        ThingSpec: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: {
            name: { type: 'string' },
            size: { type: 'integer', minimum: 1, maximum: 10 },
            kind: { type: 'string', enum: ['small', 'large'], default: 'small' },
            tags: { type: 'array', maxItems: 2, items: { type: 'string' } },
          },
        },
      },
    },
  } as unknown as OpenApiDocument;
}

export const miniSpec = (): SpecIndex => new SpecIndex(miniDocument());

export interface RecordingLogger {
  logger: Logger;
  lines: Array<Record<string, unknown>>;
}

export function recordingLogger(): RecordingLogger {
  const lines: Array<Record<string, unknown>> = [];
  return { logger: createLogger('debug', (line) => lines.push(JSON.parse(line) as Record<string, unknown>)), lines };
}

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 on a free port. */
export async function serve(app: Express): Promise<Served> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An app whose requests have their req.stub (the identify step), with a quiet logger. */
export function appWithState(logger: Logger = createLogger('silent')): Express {
  const app = express();
  app.use(identifyRequests(logger));
  return app;
}

/** The last handler of a test app: answers what the steps left, as JSON. */
export function echo(pick: (req: Request) => unknown) {
  return (req: Request, res: Response) => {
    res.json(pick(req) ?? null);
  };
}

/** The error handler of a test app: the error's own fields, as JSON, status 599 (so no step's status is mistaken for it). */
export function errorEcho(err: unknown, _req: Request, res: Response, _next: NextFunction): void {
  const fields: Record<string, unknown> = {};
  if (err && typeof err === 'object') {
    for (const key of Object.getOwnPropertyNames(err)) if (key !== 'stack') fields[key] = (err as Record<string, unknown>)[key];
    fields.constructorName = (err as object).constructor.name;
  } else fields.value = String(err);
  res.status(599).json(fields);
}

/** A response that records what a step did to it (headers, status, the text sent). */
export interface FakeResponse {
  statusCode: number;
  headers: Record<string, string | number>;
  sent: string | undefined;
  destroyed: boolean;
  headersSent: boolean;
  setHeader(name: string, value: string | number): FakeResponse;
  end(text?: string): FakeResponse;
}

export function fakeResponse(): FakeResponse & Response {
  const res: FakeResponse = {
    statusCode: 200,
    headers: {},
    sent: undefined,
    destroyed: false,
    headersSent: false,
    setHeader(name, value) {
      this.headers[name.toLowerCase()] = value;
      return this;
    },
    end(text) {
      this.sent = text;
      this.headersSent = true;
      return this;
    },
  };
  return res as FakeResponse & Response;
}

/** A request as the steps after identify see it: method, path, headers and its req.stub. */
export function fakeRequest(fields: { method?: string; path?: string; headers?: Record<string, string>; stub?: Partial<Request['stub']> } = {}): Request {
  const path = fields.path ?? '/v1/regions/r1/things';
  return {
    method: fields.method ?? 'GET',
    path,
    headers: { ...fields.headers },
    stub: { requestId: 'req-1', rawUrl: path, rawBody: Buffer.alloc(0), startedAt: process.hrtime.bigint(), ...fields.stub },
  } as unknown as Request;
}

/**
 * Marks a fake request as express-openapi-validator leaves one it validated (req.openapi with the
 * operation's schema and the path parameters; the shape test/pipeline/validator-adapter.test.ts pins).
 */
export function asValidatedBy(req: Request, operationId: string, pathParams: Record<string, string>): Request {
  return Object.assign(req, { openapi: { schema: { operationId }, pathParams } });
}

/** Waits until `check` holds, polling, for up to `ms` (generous: the machine may be loaded). */
export async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
