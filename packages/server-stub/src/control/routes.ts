// The control API over HTTP: /_stub/… (control-api.yaml). Its own small pipeline, apart from the
// API's: no signature (API keys never reach it), the admin token when one is set, routing and
// checks by its own document, answers checked against that document, errors in JD Cloud's
// envelope. The API's journal never sees these requests.
import { timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import { ApiError, internal, invalidArgument, isApiError, notFound } from '../http/errors.js';
import { splitUrl } from '../http/raw.js';
import type { Logger } from '../log.js';
import type { OperationSpec } from '../spec/types.js';
import type { FaultRuleInput } from './faults.js';
import type { ClockChange, StubControl } from './index.js';

export const CONTROL_PREFIX = '/_stub';

/** Operations open without the admin token: the readiness probe and the document. */
const OPEN = new Set(['getHealth', 'getControlDocument']);

interface Answer {
  status?: number;
  body: unknown;
}

type Query = Record<string, unknown>;
type Handler = (query: Query, body: unknown, params: Record<string, string>) => Answer | Promise<Answer>;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export function controlRoutes(control: StubControl, logger: Logger): express.RequestHandler[] {
  const account = (query: Query) => query.account as string | undefined;
  const handlers: Record<string, Handler> = {
    getHealth: () => ({ body: control.health() }),
    getControlDocument: () => ({ body: control.controlDocument.document }),
    resetState: async (query) => ({ body: { accounts: await control.reset(account(query)) } }),
    getState: () => ({ body: control.snapshot() }),
    putState: async (_query, body) => ({ body: await control.load(body) }),
    listRequests: (query) => ({
      body: control.journal.query({
        ...(typeof query.operationId === 'string' ? { operationId: query.operationId } : {}),
        ...(typeof query.account === 'string' ? { account: query.account } : {}),
        ...(typeof query.status === 'number' ? { status: query.status } : {}),
        ...(typeof query.limit === 'number' ? { limit: query.limit } : {}),
      }),
    }),
    clearRequests: (query) => ({ body: { removed: control.journal.clear(account(query)) } }),
    addFault: (_query, body) => ({ body: control.addFault(body as FaultRuleInput) }),
    listFaults: () => ({ body: { faults: control.faults.list() } }),
    clearFaults: (query) => ({ body: { removed: control.faults.clear(account(query)) } }),
    removeFault: (_query, _body, params) => {
      control.removeFault(params.faultId ?? '');
      return { body: { removed: 1 } };
    },
    getClock: () => ({ body: control.clockView() }),
    setClock: async (_query, body) => ({ body: await control.changeClock(body as ClockChange) }),
  };

  const rawBody = express.raw({ type: () => true, limit: '10mb', inflate: false });
  const route = async (req: Request, res: Response) => {
    let operation: OperationSpec | undefined;
    try {
      const document = control.controlDocument;
      const path = `${req.baseUrl}${req.path}`;
      // HEAD is GET without the body (Node leaves it out): probes that send HEAD /_stub/health work.
      const match = document.index.match(req.method === 'HEAD' ? 'GET' : req.method, path);
      if (match.kind === 'not-found') throw notFound(`No control operation at ${req.method} ${path}; see ${CONTROL_PREFIX}/openapi.json.`);
      if (match.kind === 'method-not-allowed') {
        throw new ApiError('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${path}; allowed: ${match.allowed.join(', ')}.`, {
          Allow: match.allowed.join(', '),
        });
      }
      operation = match.operation;
      if (!OPEN.has(operation.operationId)) checkAdminToken(control.adminToken, req.headers.authorization);
      const body = parseBody(req.body);
      const params = Object.fromEntries(Object.entries(match.pathParams).map(([k, v]) => [k, decodePathParam(k, v)]));
      const query = document.checkRequest(operation, params, new URLSearchParams(splitUrl(req.stub.rawUrl).query), body);
      const handler = handlers[operation.operationId];
      if (!handler) throw internal(`The control operation ${operation.operationId} has no handler.`);
      const answer = await handler(query, body, params);
      send(req, res, operation, answer.status ?? 200, answer.body);
    } catch (error) {
      const apiError = isApiError(error) ? error : undefined;
      if (!apiError) logger.error('control request failed', { requestId: req.stub.requestId, error: String(error), stack: (error as Error).stack });
      const failure = apiError ?? internal('Internal error: the stub failed while handling the control request.');
      for (const [name, value] of Object.entries(failure.headers)) res.setHeader(name, value);
      send(req, res, operation, failure.httpStatus, failure.toEnvelope(req.stub.requestId));
    }
  };

  /** Sends an answer after checking it against control-api.yaml (a mismatch is the stub's bug: 500). */
  function send(req: Request, res: Response, operation: OperationSpec | undefined, status: number, body: unknown): void {
    if (operation && status < 500) {
      const problem = control.controlDocument.checkResponse(operation, status, body);
      if (problem !== undefined) {
        logger.error('control answer does not match control-api.yaml', { requestId: req.stub.requestId, operationId: operation.operationId, status, error: problem });
        const error = internal(`The stub produced a control answer that does not match control-api.yaml: ${problem}.`);
        status = error.httpStatus;
        body = error.toEnvelope(req.stub.requestId);
      }
    }
    const text = JSON.stringify(body);
    res.statusCode = status;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('content-length', Buffer.byteLength(text));
    res.setHeader('cache-control', 'no-store');
    res.end(text);
  }

  return [rawBody, (req: Request, res: Response, _next: NextFunction) => route(req, res)];
}

function decodePathParam(name: string, value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw invalidArgument(`Path parameter '${name}' is not valid percent-encoding.`);
  }
}

/** The JSON body, undefined when there is none; a 400 when it is not UTF-8 JSON. */
function parseBody(raw: unknown): unknown {
  if (!Buffer.isBuffer(raw) || raw.length === 0) return undefined;
  let text: string;
  try {
    text = UTF8.decode(raw);
  } catch {
    throw invalidArgument('The request body is not valid UTF-8.');
  }
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw invalidArgument(`The request body is not valid JSON: ${(error as Error).message}.`);
  }
}

/** Bearer token check; an API signature (JDCLOUD2/3) in its place is refused, not verified. */
function checkAdminToken(token: string | undefined, authorization: string | undefined): void {
  if (token === undefined) return;
  const challenge = { 'WWW-Authenticate': 'Bearer realm="jdcloud-vm-stub control API"' };
  const given = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (given === undefined) {
    const why = authorization === undefined ? 'no Authorization header' : 'an Authorization header that is not "Bearer <token>" (API keys are not accepted here)';
    throw new ApiError('UNAUTHENTICATED', `The control API needs the admin token (Authorization: Bearer <token>); the request has ${why}.`, challenge);
  }
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new ApiError('UNAUTHENTICATED', 'The admin token is not the one this stub was started with.', challenge);
  }
}

