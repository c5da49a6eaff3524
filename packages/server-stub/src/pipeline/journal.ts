// The control API's journal of API requests (GET /_stub/requests): each API request is recorded
// once, when its answer is sent or its connection closes first (status 0), with what the later
// steps found out (operation, account, error class, fault rule). Control requests are not recorded.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { StubControl } from '../control/index.js';
import type { Clock } from '../state/clock.js';
import type { ApiRequestTest } from './request-state.js';

export function journalApiRequests(control: StubControl, clock: Clock, isApi: ApiRequestTest): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (isApi(req)) recordInJournal(control, clock, req, res);
    next();
  };
}

function recordInJournal(control: StubControl, clock: Clock, req: Request, res: Response): void {
  let recorded = false;
  const record = (status: number) => {
    if (recorded) return;
    recorded = true;
    const stub = req.stub;
    control.journal.record({
      at: clock.now(),
      requestId: stub.requestId,
      method: req.method,
      url: stub.rawUrl,
      // The route, even when the request went no further (a 401 names the operation it tried).
      operationId: stub.operation?.operationId ?? (stub.match?.kind === 'operation' ? stub.match.operation.operationId : null),
      account: stub.account ?? null,
      status,
      errorStatus: status === 0 ? null : (stub.errorStatus ?? null),
      faultId: stub.faultId ?? null,
      durationMs: Math.round((Number(process.hrtime.bigint() - stub.startedAt) / 1e6) * 100) / 100,
    });
  };
  res.on('finish', () => record(res.statusCode));
  res.on('close', () => record(res.writableFinished ? res.statusCode : 0));
}
