// The route step alone: the document's match kept on req.stub, then 404 / 405 for what the
// document does not have (src/pipeline/route.ts).
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/http/errors.js';
import { requireOperation, routeRequest } from '../../src/pipeline/route.js';
import { fakeRequest, miniSpec } from './fixtures.js';

const spec = miniSpec();

describe('route', () => {
  it('an operation: the match (still percent-encoded path parameters) is kept; requireOperation sets the operation', () => {
    const req = fakeRequest({ path: '/v1/regions/r1/things/t%2D1:stopThing', method: 'POST' });
    const match = routeRequest(spec, req);
    expect(req.stub.match).toBe(match);
    expect(req.stub.operation).toBeUndefined();
    const routed = requireOperation(req, match);
    expect(routed.operation.operationId).toBe('stopThing');
    expect(routed.pathParams).toEqual({ regionId: 'r1', thingId: 't%2D1' });
    expect(req.stub.operation).toBe(routed.operation);
  });

  it('a path the document does not have: kept as not-found, then 404 NOT_FOUND', () => {
    const req = fakeRequest({ path: '/v1/regions/r1/gadgets' });
    const match = routeRequest(spec, req);
    expect(req.stub.match).toEqual({ kind: 'not-found' });
    const error = catchError(() => requireOperation(req, match));
    expect([error.httpStatus, error.status, error.message]).toEqual([404, 'NOT_FOUND', 'No API operation at GET /v1/regions/r1/gadgets.']);
    expect(req.stub.operation).toBeUndefined();
  });

  it('another method on a known path: 405 METHOD_NOT_ALLOWED with Allow', () => {
    const req = fakeRequest({ path: '/v1/regions/r1/things/t-1', method: 'PATCH' });
    const error = catchError(() => requireOperation(req, routeRequest(spec, req)));
    expect([error.httpStatus, error.status]).toEqual([405, 'METHOD_NOT_ALLOWED']);
    expect(error.headers).toEqual({ Allow: 'GET, DELETE' });
    expect(error.message).toBe('PATCH is not allowed on /v1/regions/r1/things/t-1; allowed: GET, DELETE.');
  });
});

function catchError(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('no error thrown');
}
