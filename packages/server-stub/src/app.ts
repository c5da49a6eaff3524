// The express application: HTTP plumbing only. Order of the pipeline for an API request:
//
//   request id + log  →  raw URL kept, `%3A` decoded  →  raw body (limit → 413)  →  route match
//   →  signature (401)  →  unknown route 404 / wrong method 405  →  JSON body (400)
//   →  indexed query (x-jdcloud-encoding)  →  express-openapi-validator (request; response hook)
//   →  dispatcher (preconditions, handler, transition)  →  state file flushed  →  {requestId, result}
//
// Every failure, wherever it happens, leaves as the JD Cloud error envelope with
// `x-jdcloud-request-id`; stack traces go to the log only.
import express, { type NextFunction, type Request, type Response } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { existsSync } from 'node:fs';
import { stringify as toYaml } from 'yaml';
import type { Authenticator } from './auth/verify.js';
import { dispatch } from './domain/dispatch.js';
import type { HandlerRegistry } from './domain/registry.js';
import type { HandlerContext } from './domain/types.js';
import { ApiError, internal, invalidArgument, isApiError, notFound } from './http/errors.js';
import { parseQuery } from './http/query.js';
import { routingUrl, splitUrl } from './http/raw.js';
import { looksLikeValidatorError, mapRequestValidationError } from './http/validation.js';
import type { Logger } from './log.js';
import type { RouteMatch, SpecIndex } from './spec/index.js';
import type { OperationSpec } from './spec/types.js';
import type { Clock } from './state/clock.js';
import { newRequestId } from './state/ids.js';
import type { StatePersistence } from './state/persistence.js';
import type { StateStore } from './state/store.js';

export interface AppDependencies {
  spec: SpecIndex;
  store: StateStore;
  registry: HandlerRegistry;
  authenticator: Authenticator;
  logger: Logger;
  clock: Clock;
  persistence?: StatePersistence;
  /** Validate every response against the document (default true). */
  responseValidation?: boolean;
  /** Largest accepted body (bytes or a string like '1mb'); larger → 413. */
  bodyLimit?: number | string;
  /** Folder of the built docs site, served at /docs/. */
  docsDir?: string;
  /** The accounts the stub knows (access key ids, or `default` in open mode); handlers see them as `ctx.accounts`. */
  accounts?: readonly string[];
}

interface StubRequestState {
  requestId: string;
  /** Path and query exactly as received. */
  rawUrl: string;
  rawBody: Buffer;
  startedAt: bigint;
  match?: RouteMatch;
  operation?: OperationSpec;
  account?: string;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      stub: StubRequestState;
    }
  }
}

interface OpenApiMeta {
  pathParams: Record<string, string>;
  schema: { operationId?: string };
}

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;
const EMPTY = Buffer.alloc(0);

/**
 * Builds the application. Resolves once express-openapi-validator has loaded the document, so a
 * document it cannot use fails here (at start) rather than on every request.
 */
export async function createApp(deps: AppDependencies): Promise<express.Express> {
  const { spec, store, registry, authenticator, logger, clock, persistence } = deps;
  const responseValidation = deps.responseValidation ?? true;
  const basePrefix = `${spec.basePath}/`;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Plain query parsing for non-API routes; API routes replace req.query per operation below.
  app.set('query parser', (text: string) => {
    try {
      return parseQuery(text, []);
    } catch {
      return {};
    }
  });

  // 1. Request id, raw URL, log line.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const requestId = newRequestId();
    const rawUrl = req.originalUrl;
    req.stub = { requestId, rawUrl, rawBody: EMPTY, startedAt: process.hrtime.bigint() };
    const decoded = routingUrl(rawUrl);
    req.url = decoded;
    req.originalUrl = decoded;
    res.setHeader('x-jdcloud-request-id', requestId);
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
  });

  // 2. Public, unsigned resources: the document and the docs.
  let yamlText: string | undefined;
  app.get('/openapi.json', (_req, res) => {
    res.json(spec.document);
  });
  app.get('/openapi.yaml', (_req, res) => {
    yamlText ??= toYaml(spec.document, { lineWidth: 0 });
    res.type('application/yaml').send(yamlText);
  });
  if (deps.docsDir && existsSync(deps.docsDir)) {
    app.use('/docs', express.static(deps.docsDir, { index: 'index.html', redirect: true }));
  } else {
    app.use('/docs', (_req, _res, next) => {
      next(notFound('The API docs are not available: @jdcloud-vm/docs is not built or not installed.'));
    });
  }

  // 3. API requests: raw body, route, signature, 404/405, JSON, indexed query.
  const isApi = (req: Request) => req.path.startsWith(basePrefix);
  // inflate: false keeps the bytes exactly as signed; a compressed body is refused (400).
  const rawBody = express.raw({ type: () => true, limit: deps.bodyLimit ?? '1mb', inflate: false });
  app.use((req, res, next) => (isApi(req) ? rawBody(req, res, next) : next()));
  app.use(async (req: Request, _res: Response, next: NextFunction) => {
    if (!isApi(req)) return next();
    const stub = req.stub;
    stub.rawBody = Buffer.isBuffer(req.body) ? req.body : EMPTY;
    req.body = undefined;
    store.settle();

    const match = spec.match(req.method, req.path);
    stub.match = match;
    const regionId =
      match.kind === 'operation' ? match.pathParams.regionId : /\/regions\/([^/]+)\//.exec(req.path)?.[1];
    stub.account = await authenticator.authenticate({
      method: req.method,
      rawUrl: stub.rawUrl,
      headers: req.headers,
      rawBody: stub.rawBody,
      ...(regionId !== undefined ? { regionId: safeDecode(regionId) } : {}),
    });

    if (match.kind === 'not-found') {
      throw notFound(`No API operation at ${req.method} ${req.path}.`);
    }
    if (match.kind === 'method-not-allowed') {
      throw new ApiError(
        'METHOD_NOT_ALLOWED',
        `${req.method} is not allowed on ${req.path}; allowed: ${match.allowed.join(', ')}.`,
        { Allow: match.allowed.join(', ') },
      );
    }
    const operation = match.operation;
    stub.operation = operation;
    for (const [name, value] of Object.entries(match.pathParams)) {
      const decodedValue = safeDecode(value);
      if (decodedValue === undefined) throw invalidArgument(`Path parameter '${name}' is not valid percent-encoding.`);
    }

    if (operation.raw.requestBody !== undefined && stub.rawBody.length > 0) {
      const type = req.headers['content-type'];
      if (type !== undefined && !JSON_TYPE.test(type)) {
        throw invalidArgument(`Unsupported content type '${type}': the body must be JSON (application/json).`);
      }
      try {
        req.body = JSON.parse(stub.rawBody.toString('utf8'));
      } catch (error) {
        throw invalidArgument(`The request body is not valid JSON: ${(error as Error).message}.`);
      }
      // A body without content-type is taken as JSON (curl --data-binary without -H).
      if (type === undefined) req.headers['content-type'] = 'application/json';
    }

    Object.defineProperty(req, 'query', {
      value: parseQuery(splitUrl(stub.rawUrl).query, operation.indexedQuery),
      writable: true,
      configurable: true,
      enumerable: true,
    });
    next();
  });

  // 4. Validation against the document.
  const validator = OpenApiValidator.middleware({
    apiSpec: structuredClone(spec.document) as never,
    validateApiSpec: true,
    validateRequests: { allowUnknownQueryParameters: false },
    validateResponses: responseValidation ? { removeAdditional: false } : false,
    validateSecurity: false,
    ignoreUndocumented: true,
  });
  // Its first middleware waits for the document to load and fails if it could not; it only
  // touches req.app, so run it once now.
  const loadDocument = validator[0] as unknown as (req: unknown, res: unknown, next: (error?: unknown) => void) => unknown;
  await new Promise<void>((resolve, reject) => {
    loadDocument({ app }, {}, (error?: unknown) => {
      if (error) {
        const message = error instanceof Error ? error.message : JSON.stringify(error);
        reject(new Error(`express-openapi-validator cannot use the OpenAPI document: ${message}`));
      } else resolve();
    });
  });
  app.use(validator);

  // 5. The dispatcher: one route for every operation.
  app.use(async (req: Request, res: Response, next: NextFunction) => {
    const meta = (req as Request & { openapi?: OpenApiMeta }).openapi;
    const operation = req.stub.operation;
    if (!isApi(req) || !operation) return next();
    if (meta?.schema.operationId !== operation.operationId) {
      throw internal(
        `Routing disagreement: the stub matched ${operation.operationId}, the validator ${String(meta?.schema.operationId)}.`,
      );
    }
    const path = meta.pathParams;
    const ctx: HandlerContext = {
      operationId: operation.operationId,
      operation,
      spec,
      account: req.stub.account as string,
      ...(deps.accounts ? { accounts: deps.accounts } : {}),
      region: path.regionId ?? 'global',
      params: {
        path,
        query: (req.query ?? {}) as Record<string, unknown>,
        body: (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>,
        // The validator filled the document's defaults into req.body; the raw bytes (already parsed
        // once above, so valid JSON) say what the client actually sent.
        sentBody: (operation.raw.requestBody !== undefined && req.stub.rawBody.length > 0
          ? JSON.parse(req.stub.rawBody.toString('utf8'))
          : {}) as Record<string, unknown>,
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
    res.status(200).json(result === undefined ? { requestId: ctx.requestId } : { requestId: ctx.requestId, result });
  });

  // 6. Anything else.
  app.use((req: Request, _res: Response, next: NextFunction) => {
    next(notFound(`No such resource: ${req.method} ${req.path}.`));
  });

  // 7. Errors → envelope. Installed twice: when the response validator rejects an error envelope
  // (e.g. a status the operation does not document), it hands the failure to the next handler.
  const onError = (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      logger.error('error after the response started', { requestId: req.stub?.requestId, error: String(err) });
      return next(err);
    }
    const apiError = toApiError(err, req, logger);
    res.status(apiError.httpStatus);
    for (const [name, value] of Object.entries(apiError.headers)) res.setHeader(name, value);
    res.json(apiError.toEnvelope(req.stub?.requestId ?? newRequestId()));
  };
  app.use(onError);
  app.use(onError);
  return app;
}

function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

interface HttpErrorLike {
  status?: number;
  statusCode?: number;
  type?: string;
  limit?: number;
  message?: string;
  stack?: string;
}

function toApiError(err: unknown, req: Request, logger: Logger): ApiError {
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
  if (looksLikeValidatorError(err)) {
    if (err.status === 500) {
      logger.error('response does not match the API document', {
        requestId,
        operationId,
        error: err.message,
        errors: err.errors,
      });
      return internal(`The stub produced a response that does not match the API document: ${err.message}`);
    }
    const mapped = mapRequestValidationError(err);
    if (mapped) return mapped;
  }
  logger.error('unexpected error', {
    requestId,
    operationId,
    error: e.message ?? String(err),
    stack: e.stack,
  });
  return internal('Internal error: the stub failed while handling the request.');
}
