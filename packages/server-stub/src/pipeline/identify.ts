// Step 1, every request: a request id (answered in `x-jdcloud-request-id`), the URL exactly as
// received kept for the signature, the URL routing and validation see (`%3A` decoded, the query
// re-encoded strictly: ../http/raw.ts), and one log line when the answer is sent.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { CONTROL_PREFIX } from '../control/routes.js';
import { routingUrl, splitUrl } from '../http/raw.js';
import type { Logger } from '../log.js';
import { newRequestId, unseededRequestId } from '../state/ids.js';
import { EMPTY_BODY } from './request-state.js';

export const REQUEST_ID_HEADER = 'x-jdcloud-request-id';

export function identifyRequests(logger: Logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const rawUrl = originForm(req.originalUrl);
    // Control requests do not draw from the --id-seed sequence: polling /_stub/health must not shift the API's ids.
    const requestId = rawUrl.startsWith(`${CONTROL_PREFIX}/`) ? unseededRequestId() : newRequestId();
    req.stub = { requestId, rawUrl, rawBody: EMPTY_BODY, startedAt: process.hrtime.bigint() };
    const decoded = routingUrl(rawUrl);
    req.url = decoded;
    req.originalUrl = decoded;
    res.setHeader(REQUEST_ID_HEADER, requestId);
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - req.stub.startedAt) / 1e6;
      logger.info('request', {
        requestId,
        method: req.method,
        path: splitUrl(rawUrl).path,
        operationId: req.stub.operation?.operationId ?? null,
        status: res.statusCode,
        ms: Math.round(ms * 100) / 100,
        account: req.stub.account ?? null,
      });
    });
    next();
  };
}

/** `http://host/path?q` (absolute-form, as sent to proxies) → `/path?q`; other targets as they are. */
export function originForm(url: string): string {
  const authority = /^[a-z][a-z\d+.-]*:\/\/[^/?#]*/i.exec(url);
  if (!authority) return url;
  const rest = url.slice(authority[0].length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}
