// The respond step alone: JSON out, the error class kept for the journal, and an answer that
// breaks the document (for a validated request, below 500) turned into a 500 (src/pipeline/respond.ts).
import { describe, expect, it } from 'vitest';
import { ResponseValidator } from '../../src/http/response-validation.js';
import { createResponder } from '../../src/pipeline/respond.js';
import { fakeRequest, fakeResponse, miniSpec, recordingLogger } from './fixtures.js';

const spec = miniSpec();
const describeThings = spec.get('describeThings')!;

describe('respond', () => {
  it('sends compact JSON with its length and type; keeps error.status for the journal', () => {
    const { logger } = recordingLogger();
    const respond = createResponder(undefined, logger);
    const req = fakeRequest();
    const res = fakeResponse();
    const body = { requestId: 'req-1', error: { code: 409, status: 'CONFLICT', message: 'é' } };
    respond(req, res, 409, body);
    expect(res.statusCode).toBe(409);
    expect(res.sent).toBe(JSON.stringify(body));
    expect(res.headers).toEqual({ 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(JSON.stringify(body)) });
    expect(req.stub.errorStatus).toBe('CONFLICT');
  });

  it('a validated request: an answer the document allows goes as it is', () => {
    const respond = createResponder(new ResponseValidator(spec.document), recordingLogger().logger);
    const req = fakeRequest({ stub: { operation: describeThings, validated: true } });
    const res = fakeResponse();
    respond(req, res, 200, { requestId: 'req-1', result: { things: ['a'] } });
    expect([res.statusCode, JSON.parse(res.sent!)]).toEqual([200, { requestId: 'req-1', result: { things: ['a'] } }]);
  });

  it('a validated request: an answer the document does not allow becomes 500 INTERNAL, the mismatch logged', () => {
    const { logger, lines } = recordingLogger();
    const respond = createResponder(new ResponseValidator(spec.document), logger);
    const req = fakeRequest({ stub: { operation: describeThings, validated: true } });
    const res = fakeResponse();
    respond(req, res, 200, { requestId: 'req-1', result: { things: [1] } });
    expect(res.statusCode).toBe(500);
    const sent = JSON.parse(res.sent!) as { error: { status: string; message: string } };
    expect(sent.error.status).toBe('INTERNAL');
    expect(sent.error.message).toMatch(/does not match the API document: response\/result\/things\/0 must be string/);
    expect(req.stub.errorStatus).toBe('INTERNAL');
    expect(lines).toContainEqual(expect.objectContaining({ level: 'error', msg: 'response does not match the API document', operationId: 'describeThings', status: 200 }));
  });

  it('not checked: a request that did not pass validation, a 5xx, or with response validation off', () => {
    const validator = new ResponseValidator(spec.document);
    const wrong = { requestId: 'req-1', result: { things: [1] } };
    for (const [responses, stub, status] of [
      [validator, { operation: describeThings }, 200],
      [validator, { operation: describeThings, validated: true }, 503],
      [undefined, { operation: describeThings, validated: true }, 200],
    ] as const) {
      const res = fakeResponse();
      createResponder(responses, recordingLogger().logger)(fakeRequest({ stub }), res, status, wrong);
      expect(res.statusCode).toBe(status);
    }
  });
});
