// Authenticate: the signature (../auth/verify.ts) over the request exactly as received (raw URL,
// raw body), with the region of the path, which the JDCLOUD2 credential scope names. Resolves to
// the caller's account (its PIN), kept as req.stub.account; rejects with the 401 otherwise.
import type { Request } from 'express';
import type { Authenticator } from '../auth/verify.js';
import { safeDecode } from '../http/raw.js';
import type { RouteMatch } from '../spec/index.js';

/** A region in a path the document does not route (the 404 comes after the 401). */
const REGION_IN_PATH = /\/regions\/([^/]+)\//;

/**
 * The caller's account, or the authenticator's 401. Not an async function of its own: the
 * authenticator's promise is handed back as it is (one promise per request, as before the split);
 * the caller keeps the account on req.stub.
 */
export function authenticateRequest(authenticator: Authenticator, req: Request, match: RouteMatch): Promise<string> {
  const stub = req.stub;
  const regionId = match.kind === 'operation' ? match.pathParams.regionId : REGION_IN_PATH.exec(req.path)?.[1];
  return authenticator.authenticate({
    method: req.method,
    rawUrl: stub.rawUrl,
    headers: req.headers,
    rawBody: stub.rawBody,
    ...(regionId !== undefined ? { regionId: safeDecode(regionId) } : {}),
  });
}
