// Faults (the control API's fault rules, ../control/faults.ts). After routing and authentication,
// since a rule names an operation and an account; before the request is decoded and validated,
// since JD Cloud's gateway answers 429 and 503, or drops a connection, without looking at the
// request: a fault hits a malformed request as it hits a good one, and an unsigned one still gets
// its 401.
import type { Request, Response } from 'express';
import type { FaultDecision } from '../control/faults.js';
import type { StubControl } from '../control/index.js';
import type { Logger } from '../log.js';
import type { Respond } from './respond.js';

/**
 * Applies the fault rule that takes the request, if one does: true when it answered (or dropped)
 * it. Most requests meet no rule: for them the answer is a plain `false`, not a promise, so the
 * pipeline does not wait a turn of the event loop for nothing.
 */
export type InjectFault = (req: Request, res: Response, operationId: string, account: string) => false | Promise<boolean>;

export function faultInjector(control: StubControl, respond: Respond, logger: Logger): InjectFault {
  return function injectFault(req, res, operationId, account) {
    const decision = control.decideFault(operationId, account);
    if (!decision) return false;
    req.stub.faultId = decision.rule.id;
    logger.info('fault injected', { requestId: req.stub.requestId, operationId, faultId: decision.rule.id, effect: decision.effect.kind });
    return apply(decision, req, res);
  };

  async function apply(decision: FaultDecision, req: Request, res: Response): Promise<boolean> {
    if (decision.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
    const { effect } = decision;
    if (res.destroyed) return true;
    if (effect.kind === 'drop') {
      req.socket.destroy();
      return true;
    }
    if (effect.kind !== 'error') return false;
    for (const [name, value] of Object.entries(effect.headers)) res.setHeader(name, value);
    respond(req, res, effect.status, {
      requestId: req.stub.requestId,
      error: { code: effect.status, status: effect.errorStatus, message: effect.message },
    });
    return true;
  }
}
