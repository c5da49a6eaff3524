// Dispatch: a validated request becomes one call of the domain (../domain/dispatch.ts:
// preconditions, handler, transition) with a typed HandlerContext; the state file is flushed; the
// result goes out as `{requestId, result}` (./respond.ts). The only step that sees the state.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { dispatch } from '../domain/dispatch.js';
import type { HandlerRegistry } from '../domain/registry.js';
import type { HandlerContext } from '../domain/types.js';
import { internal } from '../http/errors.js';
import type { Logger } from '../log.js';
import type { SpecIndex } from '../spec/index.js';
import type { Clock } from '../state/clock.js';
import type { StatePersistence } from '../state/persistence.js';
import type { StateStore } from '../state/store.js';
import type { ApiRequestTest } from './request-state.js';
import type { Respond } from './respond.js';
import { confirmValidated } from './validate.js';

export interface DispatchDependencies {
  spec: SpecIndex;
  store: StateStore;
  registry: HandlerRegistry;
  clock: Clock;
  logger: Logger;
  persistence?: StatePersistence | undefined;
  /** The PINs of the accounts the stub knows (handlers see them as `ctx.accounts`). */
  accounts?: readonly string[] | undefined;
}

export function dispatchOperations(deps: DispatchDependencies, isApi: ApiRequestTest, respond: Respond): RequestHandler {
  const { spec, store, registry, clock, logger, persistence, accounts } = deps;
  return async (req: Request, res: Response, next: NextFunction) => {
    const operation = req.stub.operation;
    if (!isApi(req) || !operation) return next();
    const path = confirmValidated(req, operation);
    const bodyText = req.stub.bodyText;
    let sentBody: Record<string, unknown> | undefined;
    const ctx: HandlerContext = {
      operationId: operation.operationId,
      operation,
      spec,
      account: req.stub.account as string,
      ...(accounts ? { accounts } : {}),
      region: path.regionId ?? 'global',
      params: {
        path,
        query: (req.query ?? {}) as Record<string, unknown>,
        body: (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>,
        // The validator filled the document's defaults into req.body; the text (valid JSON, parsed
        // once by ./decode.ts) says what the client actually sent. Few handlers ask: parsed when read.
        get sentBody() {
          sentBody ??= (bodyText === undefined ? {} : JSON.parse(bodyText)) as Record<string, unknown>;
          return sentBody;
        },
      },
      store: store.scope(req.stub.account as string, path.regionId ?? 'global'),
      state: store,
      clock,
      requestId: req.stub.requestId,
      log: logger,
      kinds: registry.kinds,
      checked: [],
    };
    const result = await dispatch(ctx, registry);
    if (persistence) {
      try {
        await persistence.flush();
      } catch (error) {
        logger.error('state file could not be saved', { requestId: ctx.requestId, error: (error as Error).message });
        throw internal('The change was applied but could not be saved to the state file.');
      }
    }
    respond(req, res, 200, result === undefined ? { requestId: ctx.requestId } : { requestId: ctx.requestId, result });
  };
}
