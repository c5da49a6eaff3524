// The decode step alone, on fake requests: path parameters, the JSON body, the indexed query,
// leniency and its warnings (src/pipeline/decode.ts).
import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/http/errors.js';
import { WARNINGS_HEADER, requestDecoder } from '../../src/pipeline/decode.js';
import { requireOperation, routeRequest } from '../../src/pipeline/route.js';
import { fakeRequest, fakeResponse, miniSpec, recordingLogger } from './fixtures.js';

const spec = miniSpec();

function decodeOne(fields: { method: string; url: string; body?: string | Buffer; contentType?: string }, strict = false) {
  const { logger, lines } = recordingLogger();
  const decode = requestDecoder(spec.document, strict, logger);
  const q = fields.url.indexOf('?');
  const req = fakeRequest({
    method: fields.method,
    path: q === -1 ? fields.url : fields.url.slice(0, q),
    headers: fields.contentType === undefined ? {} : { 'content-type': fields.contentType },
    stub: { rawUrl: fields.url, rawBody: Buffer.isBuffer(fields.body) ? fields.body : Buffer.from(fields.body ?? '') },
  });
  const res = fakeResponse();
  let error: ApiError | undefined;
  try {
    decode(req, res, requireOperation(req, routeRequest(spec, req)));
  } catch (thrown) {
    if (!(thrown instanceof ApiError)) throw thrown;
    error = thrown;
  }
  return { req, res, lines, error };
}

const bodyOf = (req: Request) => req.body as unknown;

describe('path parameters', () => {
  it('are percent-decoded onto req.stub.pathParams', () => {
    const { req } = decodeOne({ method: 'GET', url: '/v1/regions/r1/things/t%2D1%20x' });
    expect(req.stub.pathParams).toEqual({ regionId: 'r1', thingId: 't-1 x' });
  });
  it('malformed percent-encoding: 400', () => {
    const { error } = decodeOne({ method: 'GET', url: '/v1/regions/r1/things/%E0%A4%A' });
    expect([error?.httpStatus, error?.message]).toEqual([400, "Path parameter 'thingId' is not valid percent-encoding."]);
  });
});

describe('the JSON body', () => {
  const create = (body: string | Buffer, contentType?: string) => decodeOne({ method: 'POST', url: '/v1/regions/r1/things', body, ...(contentType !== undefined ? { contentType } : {}) });

  it('parsed onto req.body; the client text kept when reading changed nothing', () => {
    const { req, error } = create('{"name":"n"}', 'application/json; charset=utf-8');
    expect(error).toBeUndefined();
    expect(bodyOf(req)).toEqual({ name: 'n' });
    expect(req.stub.bodyText).toBe('{"name":"n"}');
  });

  it('names in another case are the document names; the text is then the body as read', () => {
    const { req } = create('{"Name":"n","Size":null}', 'application/json');
    expect(bodyOf(req)).toEqual({ name: 'n' });
    expect(req.stub.bodyText).toBe('{"name":"n"}');
  });

  it('without a content type it is taken as JSON, and said so to the validator', () => {
    const { req } = create('{"name":"n"}');
    expect(req.headers['content-type']).toBe('application/json');
  });

  it('refused: another content type, bad UTF-8, bad JSON (400, nothing set)', () => {
    expect(create('{"name":"n"}', 'text/plain').error?.message).toBe("Unsupported content type 'text/plain': the body must be JSON (application/json).");
    expect(create(Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]), 'application/json').error?.message).toBe('The request body is not valid UTF-8.');
    const broken = create('{"name":', 'application/json');
    expect(broken.error?.message).toMatch(/^The request body is not valid JSON: /);
    expect(bodyOf(broken.req)).toBeUndefined();
  });

  it('an unknown field: left out with a warning (header and log line); kept in strict mode', () => {
    const lenient = create('{"name":"n","colour":"red"}', 'application/json');
    expect(bodyOf(lenient.req)).toEqual({ name: 'n' });
    expect(lenient.res.headers[WARNINGS_HEADER]).toMatch(/colour/);
    expect(lenient.lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'request: ignored what the document does not have', operationId: 'createThing' }));
    const strict = decodeOne({ method: 'POST', url: '/v1/regions/r1/things', body: '{"name":"n","colour":"red"}', contentType: 'application/json' }, true);
    expect(bodyOf(strict.req)).toEqual({ name: 'n', colour: 'red' });
    expect(strict.res.headers[WARNINGS_HEADER]).toBeUndefined();
  });

  it('a body sent to an operation without one: ignored with a warning; refused in strict mode', () => {
    const lenient = decodeOne({ method: 'POST', url: '/v1/regions/r1/things/t-1:stopThing', body: '{"force":true}' });
    expect([lenient.error, bodyOf(lenient.req)]).toEqual([undefined, undefined]);
    expect(lenient.res.headers[WARNINGS_HEADER]).toMatch(/force/);
    const strict = decodeOne({ method: 'POST', url: '/v1/regions/r1/things/t-1:stopThing', body: '{"force":true}' }, true);
    expect(strict.error?.message).toBe("Unknown parameter 'force': it is not part of this operation.");
  });
});

describe('the query', () => {
  const list = (query: string, strict = false) => decodeOne({ method: 'GET', url: `/v1/regions/r1/things?${query}` }, strict);

  it('indexed lists and objects rebuilt from the raw query; names in any case', () => {
    const { req } = list('Filters.1.Name=status&filters.1.values.1=running&filters.1.values.2=a%20b&pageSize=15');
    expect(req.query).toEqual({ filters: [{ name: 'status', values: ['running', 'a b'] }], pageSize: '15' });
  });

  it('a number must be written as one', () => {
    expect(list('pageSize=0x1f').error?.message).toBe("Invalid parameter 'pageSize': must be integer.");
  });

  it('an indexed list that does not add up: 400', () => {
    expect(list('filters.1.name=a&filters.1=b').error?.message).toMatch(/^Invalid query string: /);
  });

  it('an unknown parameter: left out with a warning; kept in strict mode', () => {
    const lenient = list('colour=red');
    expect(lenient.req.query).toEqual({});
    expect(lenient.res.headers[WARNINGS_HEADER]).toMatch(/colour/);
    expect(list('colour=red', true).req.query).toEqual({ colour: 'red' });
  });

  it('more than 20 warnings: the header says how many more; the log line has them all', () => {
    const query = Array.from({ length: 25 }, (_, i) => `unknown${i}=x`).join('&');
    const { res, lines } = list(query);
    const header = String(res.headers[WARNINGS_HEADER]);
    expect(header.split('; ')).toHaveLength(21);
    expect(header).toMatch(/and 5 more$/);
    expect((lines[0]?.warnings as string[]).length).toBe(25);
  });
});
