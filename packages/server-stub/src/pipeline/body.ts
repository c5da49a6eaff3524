// Body, API requests only: the bytes exactly as sent (the signature covers them), up to the limit
// (larger: 413, see ./errors.ts). `inflate: false`: a compressed body is refused (400), never
// inflated into other bytes than the ones signed. What the bytes mean is ./decode.ts's business.
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { type ApiRequestTest, EMPTY_BODY } from './request-state.js';

export function readRawBodies(isApi: ApiRequestTest, limit: number | string): RequestHandler {
  const rawBody = express.raw({ type: () => true, limit, inflate: false });
  return (req: Request, res: Response, next: NextFunction) => (isApi(req) ? rawBody(req, res, next) : next());
}

/** Moves the bytes read from req.body to `req.stub.rawBody`: req.body is for the decoded JSON. */
export function takeRawBody(req: Request): Buffer {
  const bytes = Buffer.isBuffer(req.body) ? req.body : EMPTY_BODY;
  req.stub.rawBody = bytes;
  req.body = undefined;
  return bytes;
}
