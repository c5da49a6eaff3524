// Route: which operation of the document a request is for (../spec/index.ts's match, on the
// decoded path). The match is kept before the signature is checked, since the signature's region
// comes from it and a refused request's journal entry names the operation it tried. A path or
// method the document does not have is refused (requireOperation) after the signature is checked:
// an unsigned request gets its 401 wherever it goes.
import type { Request } from 'express';
import { ApiError, notFound } from '../http/errors.js';
import type { RouteMatch, SpecIndex } from '../spec/index.js';

/** The route of a request for an operation: the operation and its path parameters (still percent-encoded). */
export type OperationMatch = Extract<RouteMatch, { kind: 'operation' }>;

export function routeRequest(spec: SpecIndex, req: Request): RouteMatch {
  const match = spec.match(req.method, req.path);
  req.stub.match = match;
  return match;
}

/** The match of an operation; 404 for a path the document does not have, 405 (with `Allow`) for another method. */
export function requireOperation(req: Request, match: RouteMatch): OperationMatch {
  if (match.kind === 'not-found') {
    throw notFound(`No API operation at ${req.method} ${req.path}.`);
  }
  if (match.kind === 'method-not-allowed') {
    throw new ApiError('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${req.path}; allowed: ${match.allowed.join(', ')}.`, {
      Allow: match.allowed.join(', '),
    });
  }
  req.stub.operation = match.operation;
  return match;
}
