// Errors: every failure of the API pipeline, wherever it happened, leaves as JD Cloud's error
// envelope `{requestId, error: {code, status, message}}` with the status as its HTTP status
// (../http/errors.ts), through ./respond.ts. Stack traces go to the log only; anything that is not
// an ApiError, a body-reading error or a validator error is the stub's bug: 500 INTERNAL.
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import { ApiError, internal, invalidArgument, isApiError, notFound } from '../http/errors.js';
import type { Logger } from '../log.js';
import { newRequestId } from '../state/ids.js';
import type { Respond } from './respond.js';
import { requestErrorOf } from './validator-adapter.js';

/** The last route: what nothing answered is a 404. */
export const unknownResource: RequestHandler = (req: Request, _res: Response, next: NextFunction) => {
  next(notFound(`No such resource: ${req.method} ${req.path}.`));
};

export function answerErrors(respond: Respond, logger: Logger): ErrorRequestHandler {
  return (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      logger.error('error after the response started', { requestId: req.stub?.requestId, error: String(err) });
      return next(err);
    }
    const apiError = toApiError(err, req, logger);
    for (const [name, value] of Object.entries(apiError.headers)) res.setHeader(name, value);
    respond(req, res, apiError.httpStatus, apiError.toEnvelope(req.stub?.requestId ?? newRequestId()));
  };
}

/** What body-parser's errors carry (the raw body step, ./body.ts). */
interface HttpErrorLike {
  status?: number;
  statusCode?: number;
  type?: string;
  limit?: number;
  message?: string;
  stack?: string;
}

export function toApiError(err: unknown, req: Request, logger: Logger): ApiError {
  const requestId = req.stub?.requestId;
  const operationId = req.stub?.operation?.operationId ?? null;
  if (isApiError(err)) {
    if (err.httpStatus >= 500) logger.error('request failed', { requestId, operationId, error: err.message });
    return err;
  }
  const e = (err ?? {}) as HttpErrorLike;
  // body-parser (raw body)
  if (typeof e.type === 'string') {
    if (e.type === 'entity.too.large') {
      return new ApiError('PAYLOAD_TOO_LARGE', `The request body is larger than the limit of ${e.limit} bytes.`);
    }
    if (e.type === 'encoding.unsupported') {
      return invalidArgument('Unsupported content-encoding: send the body uncompressed.');
    }
    const status = e.status ?? e.statusCode ?? 500;
    if (status >= 400 && status < 500) return invalidArgument(`The request body could not be read: ${e.message}.`);
  }
  const refused = requestErrorOf(err);
  if (refused) return refused;
  logger.error('unexpected error', {
    requestId,
    operationId,
    error: e.message ?? String(err),
    stack: e.stack,
  });
  return internal('Internal error: the stub failed while handling the request.');
}
