// What the steps of the pipeline know of one request, in one typed object on `req.stub`: the first
// step (./identify.ts) creates it, each later step fills in what it found out. Nothing else is
// passed between steps (no `res.locals`, no ad-hoc fields on req), except what express and
// express-openapi-validator themselves read: req.body, req.query, req.headers (./decode.ts).
import type { Request } from 'express';
import type { RouteMatch } from '../spec/index.js';
import type { OperationSpec } from '../spec/types.js';

export interface StubRequestState {
  requestId: string;
  /** Path and query exactly as received. */
  rawUrl: string;
  /** The body's bytes as received (./body.ts); empty until read, and for anything but the API. */
  rawBody: Buffer;
  /**
   * The JSON body as read (names as the document has them, nulls and unknown fields left out),
   * before the validator filled in the defaults: the client's own text when reading changed nothing.
   */
  bodyText?: string;
  startedAt: bigint;
  match?: RouteMatch;
  operation?: OperationSpec;
  /** The matched operation's path parameters, percent-decoded. */
  pathParams?: Record<string, string>;
  account?: string;
  /** The request passed validation: its answers, errors included, are checked against the document. */
  validated?: boolean;
  /** `error.status` of the error envelope answered (the journal's). */
  errorStatus?: string;
  /** The fault rule that decided the answer (the journal's). */
  faultId?: string;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      stub: StubRequestState;
    }
  }
}

/** The body of a request that has none (shared: a Buffer of length 0 is never written to). */
export const EMPTY_BODY = Buffer.alloc(0);

/** Whether a request is for the API (under the document's base path), as opposed to /_stub/, /docs/, ... */
export type ApiRequestTest = (req: Request) => boolean;

export function apiRequestTest(basePath: string): ApiRequestTest {
  const prefix = `${basePath}/`;
  return (req) => req.path.startsWith(prefix);
}
