// Respond: every JSON answer of the API pipeline leaves here (results, errors, injected faults).
// An answer to a validated request (below 500) must match the document for its operation and
// status (../http/response-validation.ts); one that does not becomes a 500 and the mismatch goes
// to the log, since it is the stub's bug, not the caller's.
import type { Request, Response } from 'express';
import { internal } from '../http/errors.js';
import type { ResponseValidator } from '../http/response-validation.js';
import type { Logger } from '../log.js';

export type Respond = (req: Request, res: Response, status: number, body: unknown) => void;

/** `responses`: undefined when answers are not checked (--no-response-validation). */
export function createResponder(responses: ResponseValidator | undefined, logger: Logger): Respond {
  return function respond(req, res, status, body) {
    const operation = req.stub?.operation;
    if (responses && operation && req.stub.validated && status < 500) {
      const problem = responses.check(operation, status, body);
      if (problem !== undefined) {
        logger.error('response does not match the API document', {
          requestId: req.stub.requestId,
          operationId: operation.operationId,
          status,
          error: problem,
        });
        const error = internal(`The stub produced a response that does not match the API document: ${problem}.`);
        status = error.httpStatus;
        body = error.toEnvelope(req.stub.requestId);
      }
    }
    const errorStatus = (body as { error?: { status?: unknown } } | undefined)?.error?.status;
    if (req.stub && typeof errorStatus === 'string') req.stub.errorStatus = errorStatus;
    // res.json would also look at the app's JSON settings and the request's freshness headers on
    // every answer; the stub needs neither (no spaces, no ETag).
    const text = JSON.stringify(body);
    res.statusCode = status;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('content-length', Buffer.byteLength(text));
    res.end(text);
  };
}
