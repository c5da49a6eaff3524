// The errors step alone: what becomes which JD Cloud error, and the envelope it leaves as
// (src/pipeline/errors.ts).
import express from 'express';
import { describe, expect, it } from 'vitest';
import { ApiError, conflict, internal } from '../../src/http/errors.js';
import { answerErrors, toApiError, unknownResource } from '../../src/pipeline/errors.js';
import { createResponder } from '../../src/pipeline/respond.js';
import { appWithState, fakeRequest, recordingLogger, serve } from './fixtures.js';

describe('toApiError', () => {
  const req = fakeRequest({ stub: { requestId: 'req-9' } });

  it('an ApiError is itself; a 5xx one is logged', () => {
    const { logger, lines } = recordingLogger();
    const error = conflict('taken');
    expect(toApiError(error, req, logger)).toBe(error);
    expect(lines).toEqual([]);
    toApiError(internal('broken'), req, logger);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'error', msg: 'request failed', requestId: 'req-9', error: 'broken' }));
  });

  it("body-parser's errors: too large → 413, compressed → 400, another 4xx → 400", () => {
    const { logger } = recordingLogger();
    const large = toApiError(Object.assign(new Error('x'), { type: 'entity.too.large', limit: 10, status: 413 }), req, logger);
    expect([large.httpStatus, large.status, large.message]).toEqual([413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than the limit of 10 bytes.']);
    const gzip = toApiError(Object.assign(new Error('x'), { type: 'encoding.unsupported', status: 415 }), req, logger);
    expect([gzip.httpStatus, gzip.message]).toEqual([400, 'Unsupported content-encoding: send the body uncompressed.']);
    const aborted = toApiError(Object.assign(new Error('request aborted'), { type: 'request.aborted', status: 400 }), req, logger);
    expect([aborted.status, aborted.message]).toEqual(['INVALID_ARGUMENT', 'The request body could not be read: request aborted.']);
  });

  it("the validator's errors through the adapter", () => {
    const mapped = toApiError({ status: 400, errors: [{ path: '/body/size', message: 'must be <= 10', errorCode: 'maximum.openapi.validation' }] }, req, recordingLogger().logger);
    expect([mapped.status, mapped.message]).toEqual(['OUT_OF_RANGE', "Invalid parameter 'size': must be <= 10."]);
  });

  it('anything else: 500 INTERNAL without details, the details in the log', () => {
    const { logger, lines } = recordingLogger();
    for (const thrown of [new TypeError('x is undefined'), 'a string', undefined, { status: 400 }]) {
      const error = toApiError(thrown, req, logger);
      expect([error.httpStatus, error.message]).toEqual([500, 'Internal error: the stub failed while handling the request.']);
    }
    expect(lines[0]).toMatchObject({ level: 'error', msg: 'unexpected error', requestId: 'req-9', error: 'x is undefined' });
    expect(lines[0]?.stack).toMatch(/TypeError/);
    expect(lines).toHaveLength(4);
  });
});

describe('answerErrors and unknownResource in an app', () => {
  it('an error leaves as the envelope with the request id, the error headers, and the status as code', async () => {
    const { logger } = recordingLogger();
    const app = appWithState();
    app.get('/boom', () => {
      throw new ApiError('METHOD_NOT_ALLOWED', 'no', { Allow: 'GET' });
    });
    app.use(unknownResource);
    app.use(answerErrors(createResponder(undefined, logger), logger));
    const served = await serve(app);
    try {
      const boom = await fetch(`${served.url}/boom`);
      const id = boom.headers.get('x-jdcloud-request-id');
      expect([boom.status, boom.headers.get('allow'), await boom.json()]).toEqual([405, 'GET', { requestId: id, error: { code: 405, status: 'METHOD_NOT_ALLOWED', message: 'no' } }]);
      const missing = await fetch(`${served.url}/nothing/here`, { method: 'DELETE' });
      expect(await missing.json()).toMatchObject({ error: { code: 404, status: 'NOT_FOUND', message: 'No such resource: DELETE /nothing/here.' } });
    } finally {
      await served.close();
    }
  });

  it('an error after the answer started is logged and handed to express (no second answer)', async () => {
    const { logger, lines } = recordingLogger();
    const app = express();
    app.use((req, _res, next) => {
      req.stub = fakeRequest().stub;
      next();
    });
    app.get('/late', (_req, res, next) => {
      res.write('partial');
      next(new Error('too late'));
    });
    app.use(answerErrors(createResponder(undefined, logger), logger));
    const served = await serve(app);
    try {
      await fetch(`${served.url}/late`).then((r) => r.text()).catch(() => undefined);
      expect(lines).toContainEqual(expect.objectContaining({ level: 'error', msg: 'error after the response started', error: 'Error: too late' }));
    } finally {
      await served.close();
    }
  });
});
