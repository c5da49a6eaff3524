// Pins what src/pipeline/validator-adapter.ts assumes of express-openapi-validator, on the
// installed version: the names and order of its middlewares, that its first one loads the
// document, its schema-checker module and the validateApiSpec switch, what it puts on req (also
// through the adapter's route cache), its coercion and defaults (and where they differ from the
// service, which the decode step covers), its reading of req.originalUrl, and the exact fields and
// statuses of its error objects for the typical violations. A validator upgrade that changes any of these
// fails here first, with the assumption in the test's name.
import * as OpenApiValidator from 'express-openapi-validator';
import type { Request } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validatorSchemaModule } from '../../src/assets.js';
import { readRawBodies, takeRawBody } from '../../src/pipeline/body.js';
import { requestDecoder } from '../../src/pipeline/decode.js';
import { apiRequestTest } from '../../src/pipeline/request-state.js';
import { requireOperation, routeRequest } from '../../src/pipeline/route.js';
import {
  METADATA_MIDDLEWARE,
  createRequestValidator,
  mapRequestValidationError,
  requestErrorOf,
  steadyContentType,
  validatedRoute,
  validatorOptions,
} from '../../src/pipeline/validator-adapter.js';
import { validatorDocument } from '../../src/pipeline/validator-document.js';
import { SpecIndex } from '../../src/spec/index.js';
import type { OpenApiDocument } from '../../src/spec/types.js';
import { type Served, appWithState, errorEcho, miniDocument, miniSpec, recordingLogger, serve } from './fixtures.js';

/** What a request looked like after the validator: its req.openapi, req.query and req.body. */
interface Passed {
  openapiKeys: string[];
  operationId: string | undefined;
  pathParams: Record<string, string>;
  expressRoute: unknown;
  query: Record<string, unknown>;
  body: unknown;
}

/** The validator's own error object, as its enumerable and own fields. */
interface RawError {
  constructorName: string;
  status: number;
  message: string;
  path?: string;
  headers?: Record<string, string>;
  errors: Array<{ path?: string; message?: string; errorCode?: string }>;
}

let served: Served;
let base: string;
/** A test header: skip the decode step and give the validator this query (JSON) and the raw URL. */
const RAW_QUERY = 'x-test-raw-query';

beforeAll(async () => {
  const spec = miniSpec();
  const { logger } = recordingLogger();
  const app = appWithState();
  const isApi = apiRequestTest(spec.basePath);
  // strict: unknown names reach the validator (the cases below need its refusal of them).
  const decode = requestDecoder(spec.document, true, logger);
  app.use(readRawBodies(isApi, '1mb'));
  app.use((req, res, next) => {
    takeRawBody(req);
    const routed = requireOperation(req, routeRequest(spec, req));
    const rawQuery = req.headers[RAW_QUERY];
    if (typeof rawQuery === 'string') {
      // What the validator would see without the stub's own reading: the URL as sent, the query as given.
      req.stub.pathParams = routed.pathParams;
      req.originalUrl = req.stub.rawUrl;
      Object.defineProperty(req, 'query', { value: JSON.parse(rawQuery), writable: true, configurable: true, enumerable: true });
    } else decode(req, res, routed);
    steadyContentType(req, routed.operation);
    next();
  });
  app.use(...(await createRequestValidator({ app, document: spec.document, validateSpec: true, logger })));
  app.use((req: Request, res) => {
    const meta = validatedRoute(req) as (ReturnType<typeof validatedRoute> & Record<string, unknown>) | undefined;
    const passed: Passed = {
      openapiKeys: Object.keys(meta ?? {}).sort(),
      operationId: meta?.schema.operationId,
      pathParams: meta?.pathParams ?? {},
      expressRoute: meta?.expressRoute,
      query: req.query as Record<string, unknown>,
      body: req.body,
    };
    res.json(passed);
  });
  app.use(errorEcho);
  served = await serve(app);
  base = `${served.url}/v1/regions/r1`;
});

afterAll(() => served.close());

async function send(method: string, path: string, body?: string, contentType = 'application/json', headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${base}${path}`, {
    method,
    ...(body !== undefined ? { body, headers: { 'content-type': contentType, ...headers } } : { headers }),
  });
  return { status: response.status, json: await response.json() };
}

async function passes(method: string, path: string, body?: string): Promise<Passed> {
  const { status, json } = await send(method, path, body);
  expect(status, JSON.stringify(json)).toBe(200);
  return json as Passed;
}

async function refuses(method: string, path: string, body?: string, contentType?: string): Promise<RawError> {
  const { status, json } = await send(method, path, body, contentType);
  expect(status, JSON.stringify(json)).toBe(599);
  return json as RawError;
}

describe('its middlewares', () => {
  it('are four, in this order, with these names (no multipart reader: fileUploader false); the adapter replaces the metadata one (its route lookup)', async () => {
    const raw = OpenApiValidator.middleware(validatorOptions(miniDocument(), false)) as unknown as Array<{ name: string }>;
    expect(raw.map((mw) => mw.name)).toEqual([
      'pathParamsMiddleware',
      METADATA_MIDDLEWARE,
      'securityMiddleware',
      'requestMiddleware',
    ]);
    const { logger, lines } = recordingLogger();
    const adapted = await createRequestValidator({ app: appWithState(), document: miniDocument(), validateSpec: false, logger });
    expect(adapted).toHaveLength(4);
    expect(adapted.map((mw) => mw.name)).not.toContain(METADATA_MIDDLEWARE);
    // The fallback (another layout) says so at debug level: not taken here.
    expect(lines.map((l) => l.msg)).not.toContainEqual(expect.stringMatching(/no metadataMiddleware/));
  });

  it('the first one loads the document: a document it cannot load fails createRequestValidator', async () => {
    const { logger } = recordingLogger();
    // On the requests' side: the answers' schemas never reach the validator (./validator-document.ts).
    const broken = {
      ...miniDocument(),
      paths: { '/x': { get: { operationId: 'x', parameters: [{ $ref: '#/nowhere' }], responses: { '200': { description: 'ok' } } } } },
    };
    await expect(createRequestValidator({ app: appWithState(), document: broken, validateSpec: false, logger })).rejects.toThrow(
      /^express-openapi-validator cannot use the OpenAPI document: /,
    );
  });
});

describe('its OpenAPI schema checker and the validateApiSpec switch', () => {
  const noVersion = () => ({ ...miniDocument(), info: { title: 'no version' } }) as unknown as OpenApiDocument;

  it('lives as the class OpenAPISchemaValidator in the module assets.ts loads', () => {
    expect(typeof validatorSchemaModule().OpenAPISchemaValidator).toBe('function');
  });

  it('validateSpec true: a document that breaks the OpenAPI schema is refused at load', async () => {
    const { logger } = recordingLogger();
    await expect(createRequestValidator({ app: appWithState(), document: noVersion(), validateSpec: true, logger })).rejects.toThrow(
      /cannot use the OpenAPI document/,
    );
  });

  it('validateSpec false: the checker is replaced by the lazy one, and the same document loads', async () => {
    const { logger } = recordingLogger();
    await expect(createRequestValidator({ app: appWithState(), document: noVersion(), validateSpec: false, logger })).resolves.toHaveLength(4);
    const Checker = validatorSchemaModule().OpenAPISchemaValidator as Record<symbol, unknown>;
    expect(Checker[Symbol.for('jdcloud-vm-stub.lazySpecChecker')]).toBe(true);
  });
});

describe('$ref handling', () => {
  it('the validator gets a copy with every $ref inlined and only securitySchemes left of the components', () => {
    const document = miniDocument();
    const copy = validatorDocument(document, { requestsOnly: false }) as OpenApiDocument & { components?: unknown };
    expect(JSON.stringify(copy)).not.toContain('$ref');
    expect(copy.components).toBeUndefined();
    expect(JSON.stringify(document)).toContain('$ref'); // the stub's own document is left as it is
  });

  it('a document with a cycle goes as a clone, refs kept', () => {
    const document = miniDocument() as OpenApiDocument & { components: { schemas: Record<string, unknown> } };
    document.components.schemas.Loop = { type: 'object', properties: { next: { $ref: '#/components/schemas/Loop' } } };
    // Reached from a request body: only what the paths reach is inlined.
    document.components.schemas.ThingSpec = { $ref: '#/components/schemas/Loop' };
    const copy = validatorDocument(document, { requestsOnly: false });
    expect(copy).not.toBe(document);
    expect(copy).toEqual(document);
  });
});

describe('what it puts on req', () => {
  it('req.openapi: expressRoute, openApiRoute, pathParams (decoded), schema (the operation), serial; the same from the route cache', async () => {
    const first = await passes('GET', '/things/t%2D1');
    const second = await passes('GET', '/things/t%2D2');
    for (const [passed, id] of [
      [first, 't-1'],
      [second, 't-2'],
    ] as const) {
      expect(passed.openapiKeys).toEqual(['expressRoute', 'openApiRoute', 'pathParams', 'schema', 'serial']);
      expect(passed.operationId).toBe('describeThing');
      expect(passed.pathParams).toEqual({ regionId: 'r1', thingId: id });
      expect(passed.expressRoute).toBe('/v1/regions/:regionId/things/:thingId');
    }
  });

  it('a custom method: the colon is part of the route, the id before it a path parameter', async () => {
    const passed = await passes('POST', '/things/t-1:stopThing');
    expect(passed.operationId).toBe('stopThing');
    expect(passed.pathParams).toEqual({ regionId: 'r1', thingId: 't-1' });
  });
});

describe('coercion and defaults', () => {
  it('query values are coerced to the schema type (integer, boolean, inside indexed lists); query defaults are filled', async () => {
    const passed = await passes('GET', '/things?pageSize=15&verbose=true&filters.1.name=a&filters.1.values.1=x');
    expect(passed.query).toEqual({ pageSize: 15, verbose: true, filters: [{ name: 'a', values: ['x'] }] });
    expect((await passes('GET', '/things')).query).toEqual({ pageSize: 20 });
  });

  // Why the decode step checks query numbers itself (http/query.ts checkNumericQuery) and reads
  // booleans in any case (http/normalize-request.ts): left to the validator, these would differ.
  it('its integer coercion takes what is not written as a number (0x1f, 1e1); it refuses TRUE and 1 for a boolean', async () => {
    const raw = async (query: Record<string, string>) => {
      const path = `/things?${Object.entries(query).map(([k, v]) => `${k}=${v}`).join('&')}`;
      return send('GET', path, undefined, undefined, { [RAW_QUERY]: JSON.stringify(query) });
    };
    expect((await raw({ pageSize: '0x1f' })).json).toMatchObject({ query: { pageSize: 31 } });
    expect((await raw({ pageSize: '1e1' })).json).toMatchObject({ query: { pageSize: 10 } });
    for (const verbose of ['TRUE', '1']) {
      const { status, json } = await raw({ verbose });
      expect(status).toBe(599);
      expect((json as RawError).errors).toEqual([{ path: '/query/verbose', message: 'must be boolean', errorCode: 'type.openapi.validation' }]);
    }
  });

  // Why identify hands the validator a strictly re-encoded query (http/raw.ts routingUrl): the
  // official SDKs send `*` and `(` unencoded, and the validator reads req.originalUrl.
  it('a reserved character unencoded in req.originalUrl is refused; re-encoded, the value passes as sent', async () => {
    const { status, json } = await send('GET', '/things?name=a*b', undefined, undefined, { [RAW_QUERY]: '{"name":"a*b"}' });
    expect(status).toBe(599);
    expect((json as RawError).errors).toEqual([
      { path: '/query/name', message: "Parameter 'name' must be url encoded. Its value may not contain reserved characters." },
    ]);
    expect((await passes('GET', '/things?name=a*b')).query).toEqual({ name: 'a*b', pageSize: 20 });
  });

  it('body defaults are filled in; body values are not coerced ("3" for an integer is refused)', async () => {
    expect((await passes('POST', '/things', '{"name":"n"}')).body).toEqual({ name: 'n', kind: 'small' });
    const error = await refuses('POST', '/things', '{"name":"n","size":"3"}');
    expect(error.errors[0]).toEqual({ path: '/body/size', message: 'must be integer', errorCode: 'type.openapi.validation' });
  });
});

describe('its error objects', () => {
  const cases: Array<[string, string, string, string | undefined, RawError['errors'][number]]> = [
    ['a missing required body field', 'POST', '/things', '{"size":3}', { path: '/body/name', message: "must have required property 'name'", errorCode: 'required.openapi.validation' }],
    ['a wrong type in the body', 'POST', '/things', '{"name":5}', { path: '/body/name', message: 'must be string', errorCode: 'type.openapi.validation' }],
    ['a value outside an enumeration', 'POST', '/things', '{"name":"n","kind":"huge"}', { path: '/body/kind', message: 'must be equal to one of the allowed values: small, large', errorCode: 'enum.openapi.validation' }],
    ['a body number over its maximum', 'POST', '/things', '{"name":"n","size":30}', { path: '/body/size', message: 'must be <= 10', errorCode: 'maximum.openapi.validation' }],
    ['a list with too many items', 'POST', '/things', '{"name":"n","tags":["a","b","c"]}', { path: '/body/tags', message: 'must NOT have more than 2 items', errorCode: 'maxItems.openapi.validation' }],
    ['a body field the model does not have', 'POST', '/things', '{"name":"n","extra":1}', { path: '/body/extra', message: 'must NOT have additional properties', errorCode: 'additionalProperties.openapi.validation' }],
    ['a query number under its minimum', 'GET', '/things?pageSize=5', undefined, { path: '/query/pageSize', message: 'must be >= 10', errorCode: 'minimum.openapi.validation' }],
    ['a query boolean that is none', 'GET', '/things?verbose=maybe', undefined, { path: '/query/verbose', message: 'must be boolean', errorCode: 'type.openapi.validation' }],
    ['a required field missing in an indexed query list', 'GET', '/things?filters.1.values.1=x', undefined, { path: '/query/filters/0/name', message: "must have required property 'name'", errorCode: 'required.openapi.validation' }],
    ['an unknown query parameter (no errorCode, a full message)', 'GET', '/things?nope=1', undefined, { path: '/query/nope', message: "Unknown query parameter 'nope'" }],
  ];
  it.each(cases)('%s: a BadRequest, status 400, one item with path, message and errorCode', async (_name, method, path, body, item) => {
    const error = await refuses(method, path, body);
    expect(error.constructorName).toBe('BadRequest');
    expect(error.status).toBe(400);
    expect(error.errors).toEqual([item]);
  });

  it('a JSON content type without a body: 400, the item names /body as required', async () => {
    const error = await refuses('POST', '/things', '', 'application/json');
    expect(error.status).toBe(400);
    expect(error.errors).toEqual([{ path: '/body', message: "must have required property 'body'", errorCode: 'required.openapi.validation' }]);
  });

  it('no content type, or one that is not JSON (after steadyContentType: application/octet-stream), on an operation with a body: 415', async () => {
    for (const error of [await refuses('POST', '/things'), await refuses('POST', '/things', '', 'text/plain')]) {
      expect(error.constructorName).toBe('UnsupportedMediaType');
      expect(error.status).toBe(415);
      expect(error.errors).toHaveLength(1);
    }
  });
});

describe('its errors as JD Cloud errors (requestErrorOf)', () => {
  const cases: Array<[string, string, string | undefined, string, string]> = [
    ['POST', '/things', '{"size":3}', 'INVALID_ARGUMENT', "Invalid parameter 'name': is required."],
    ['POST', '/things', '{"name":"n","size":30}', 'OUT_OF_RANGE', "Invalid parameter 'size': must be <= 10."],
    ['POST', '/things', '{"name":"n","tags":["a","b","c"]}', 'OUT_OF_RANGE', "Invalid parameter 'tags': must NOT have more than 2 items."],
    ['POST', '/things', '{"name":"n","extra":1}', 'INVALID_ARGUMENT', "Unknown parameter 'extra': it is not part of this operation."],
    ['GET', '/things?pageSize=5', undefined, 'OUT_OF_RANGE', "Invalid parameter 'pageSize': must be >= 10."],
    ['GET', '/things?filters.1.values.1=x', undefined, 'INVALID_ARGUMENT', "Invalid parameter 'filters.1.name': is required."],
    ['GET', '/things?nope=1', undefined, 'INVALID_ARGUMENT', "Unknown query parameter 'nope'."],
    ['POST', '/things', '', 'INVALID_ARGUMENT', 'A JSON request body is required.'],
  ];
  it.each(cases)('%s %s %s → %s %s', async (method, path, body, status, message) => {
    const mapped = requestErrorOf(await refuses(method, path, body));
    expect(mapped?.status).toBe(status);
    expect(mapped?.httpStatus).toBe(400);
    expect(mapped?.message).toBe(message);
  });

  it('415, 413, 404 and 405 objects; anything else is not a validator error', () => {
    expect(mapRequestValidationError({ status: 415, errors: [] })?.message).toMatch(/must be JSON/);
    expect(mapRequestValidationError({ status: 413, errors: [] })?.status).toBe('PAYLOAD_TOO_LARGE');
    expect(mapRequestValidationError({ status: 404, errors: [] })?.status).toBe('NOT_FOUND');
    const notAllowed = mapRequestValidationError({ status: 405, message: 'POST method not allowed', errors: [], headers: { Allow: 'GET' } });
    expect([notAllowed?.status, notAllowed?.headers]).toEqual(['METHOD_NOT_ALLOWED', { Allow: 'GET' }]);
    expect(mapRequestValidationError({ status: 500, errors: [] })).toBeUndefined();
    expect(requestErrorOf(new Error('boom'))).toBeUndefined();
    expect(requestErrorOf({ status: 400 })).toBeUndefined();
  });
});

describe('steadyContentType', () => {
  const spec = new SpecIndex(miniDocument());
  const headersAfter = (operationId: string, type: string | undefined) => {
    const headers: Record<string, string> = type === undefined ? {} : { 'content-type': type };
    steadyContentType({ headers } as unknown as Request, spec.get(operationId)!);
    return headers;
  };
  it('a JSON type with parameters becomes application/json, any other application/octet-stream; none is left as none', () => {
    expect(headersAfter('createThing', 'Application/JSON; charset=UTF-8')).toEqual({ 'content-type': 'application/json' });
    expect(headersAfter('createThing', 'application/merge-patch+json')).toEqual({ 'content-type': 'application/json' });
    expect(headersAfter('createThing', 'text/plain; x=1')).toEqual({ 'content-type': 'application/octet-stream' });
    expect(headersAfter('createThing', undefined)).toEqual({});
  });
  it('an operation without a body: the header goes', () => {
    expect(headersAfter('stopThing', 'application/json')).toEqual({});
  });
});

