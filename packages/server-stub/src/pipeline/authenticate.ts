// Authenticate: the signature (../auth/verify.ts) over the request exactly as received (raw URL,
// raw body), with the region of the path, which the JDCLOUD2 credential scope names. Resolves to
// the caller's account (its PIN); throws the 401 otherwise.
import type { Request } from 'express';
import type { Authenticator } from '../auth/verify.js';
import { safeDecode } from '../http/raw.js';
import type { RouteMatch } from '../spec/index.js';

/** A region in a path the document does not route (the 404 comes after the 401). */
const REGION_IN_PATH = /\/regions\/([^/]+)\//;

export async function authenticateRequest(authenticator: Authenticator, req: Request, match: RouteMatch): Promise<string> {
  const stub = req.stub;
  const regionId = match.kind === 'operation' ? match.pathParams.regionId : REGION_IN_PATH.exec(req.path)?.[1];
  const account = await authenticator.authenticate({
    method: req.method,
    rawUrl: stub.rawUrl,
    headers: req.headers,
    rawBody: stub.rawBody,
    ...(regionId !== undefined ? { regionId: safeDecode(regionId) } : {}),
  });
  stub.account = account;
  return account;
}
