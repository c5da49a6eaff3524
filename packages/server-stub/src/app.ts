// The express application: HTTP plumbing only. Order of the pipeline for an API request:
//
//   request id + log (+ the control API's journal)  →  raw URL kept, `%3A` decoded
//   →  raw body (limit → 413)  →  route match  →  signature (401)  →  unknown route 404 / wrong
//   method 405  →  fault rules (./control/faults.ts)  →  JSON body (400)
//   →  indexed query (x-jdcloud-encoding)  →  body and query read as the service reads them
//      (./http/normalize-request.ts: names in any case, nulls, path parameters in the body,
//      unknown fields reported in `x-jdcloud-stub-warnings`)  →  express-openapi-validator (request)
//   →  dispatcher (preconditions, handler, transition)  →  state file flushed  →  {requestId, result}
//   →  the answer checked against the document (./http/response-validation.ts)  →  sent
//
// Every failure, wherever it happens, leaves as the JD Cloud error envelope with
// `x-jdcloud-request-id`; stack traces go to the log only. The control API (/_stub/…,
// ./control/routes.ts) has its own short pipeline, mounted before the API's.
import express, { type NextFunction, type Request, type Response } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { existsSync } from 'node:fs';
import { validatorSchemaModule } from './assets.js';
import type { Authenticator } from './auth/verify.js';
import type { StubControl } from './control/index.js';
import { CONTROL_PREFIX, controlRoutes } from './control/routes.js';
import { dispatch } from './domain/dispatch.js';
import type { HandlerRegistry } from './domain/registry.js';
import type { HandlerContext } from './domain/types.js';
import { corsMiddleware } from './http/cors.js';
import { ApiError, internal, invalidArgument, isApiError, notFound } from './http/errors.js';
import { RequestNormalizer } from './http/normalize-request.js';
import { checkNumericQuery, parseQuery } from './http/query.js';
import { routingUrl, splitUrl } from './http/raw.js';
import { ResponseValidator } from './http/response-validation.js';
import { looksLikeValidatorError, mapRequestValidationError } from './http/validation.js';
import { validatorDocument } from './http/validator-document.js';
import type { Logger } from './log.js';
import type { RouteMatch, SpecIndex } from './spec/index.js';
import type { OperationSpec } from './spec/types.js';
import type { Clock } from './state/clock.js';
import { newRequestId, unseededRequestId } from './state/ids.js';
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
  /** The PINs of the accounts the stub knows (`default` among them in open mode); handlers see them as `ctx.accounts`. */
  accounts?: readonly string[];
  /**
   * Have express-openapi-validator check the document against the OpenAPI 3 schema at start
   * (default true). startStub turns it off for the bundled document, which the spec package's lint
   * and the stub's tests check (test/perf-startup.test.ts): it is about half of the start-up time.
   */
  validateSpec?: boolean;
  /**
   * Refuse unknown body fields and query parameters (400), as the document's closed request
   * models say, instead of ignoring them with a warning (default false).
   */
  strict?: boolean;
  /** The control API (/_stub/…), the request journal and fault injection (src/control). */
  control?: StubControl;
  /** Origins (`scheme://host[:port]` or `*`) whose pages may call the stub (./http/cors.ts); none: no CORS. */
  cors?: readonly string[];
}

interface StubRequestState {
  requestId: string;
  /** Path and query exactly as received. */
  rawUrl: string;
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

interface OpenApiMeta {
  pathParams: Record<string, string>;
  schema: { operationId?: string };
}

type Middleware = (req: Request, res: Response, next: NextFunction) => unknown;

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;
/** Strict UTF-8 (invalid bytes are refused, not replaced); a BOM is kept, so JSON.parse refuses it. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const EMPTY = Buffer.alloc(0);
/** The response header that lists what the stub ignored in a request (unknown fields, ...). */
export const WARNINGS_HEADER = 'x-jdcloud-stub-warnings';
/** At most this many warnings go into the header (the log line has them all, up to LOGGED_WARNINGS). */
const HEADER_WARNINGS = 20;
const LOGGED_WARNINGS = 200;

/**
 * Builds the application. Resolves once express-openapi-validator has loaded the document, so a
 * document it cannot use fails here (at start) rather than on every request.
 */
export async function createApp(deps: AppDependencies): Promise<express.Express> {
  const { spec, store, registry, authenticator, logger, clock, persistence } = deps;
  const responseValidation = deps.responseValidation ?? true;
  const basePrefix = `${spec.basePath}/`;
  // The validator changes the document it is given: the response checks inline their own copy.
  const responses = responseValidation ? new ResponseValidator(spec.document) : undefined;
  const normalizer = new RequestNormalizer(spec.document, deps.strict ?? false);
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
    const rawUrl = originForm(req.originalUrl);
    // Control requests do not draw from the --id-seed sequence: polling /_stub/health must not shift the API's ids.
    const requestId = rawUrl.startsWith(`${CONTROL_PREFIX}/`) ? unseededRequestId() : newRequestId();
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

  // 1b. CORS (--cors): preflights answered here, before anything reads the request or checks a
  // signature (./http/cors.ts).
  if (deps.cors && deps.cors.length > 0) app.use(corsMiddleware(deps.cors, logger));

  // 1c. The control API (src/control): the journal of API requests, and /_stub/… with its own
  // pipeline (admin token, not API keys), before the API's body reading and signature check.
  const { control } = deps;
  if (control) {
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (req.path.startsWith(basePrefix)) recordInJournal(control, req, res);
      next();
    });
    app.use(CONTROL_PREFIX, ...controlRoutes(control, logger));
  }

  // 2. Public, unsigned resources: the document and the docs.
  let yamlText: string | undefined;
  app.get('/openapi.json', (_req, res) => {
    res.json(spec.document);
  });
  app.get('/openapi.yaml', async (_req, res) => {
    // `yaml` is loaded on the first request for it, not at start-up (~30 ms).
    yamlText ??= (await import('yaml')).stringify(spec.document, { lineWidth: 0 });
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
  app.use(async (req: Request, res: Response, next: NextFunction) => {
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
    // Fault injection (control API). After routing and authentication, since a rule names an
    // operation and an account; before the request is read and validated, since JD Cloud's
    // gateway answers 429 and 503, or drops a connection, without looking at the request: a fault
    // hits a malformed request as it hits a good one, and an unsigned one still gets its 401.
    if (control && (await injectFault(control, req, res, operation.operationId, stub.account))) return;
    const pathParams: Record<string, string> = {};
    for (const [name, value] of Object.entries(match.pathParams)) {
      const decodedValue = safeDecode(value);
      if (decodedValue === undefined) throw invalidArgument(`Path parameter '${name}' is not valid percent-encoding.`);
      pathParams[name] = decodedValue;
    }
    stub.pathParams = pathParams;

    const plan = normalizer.plan(operation);
    const warnings: string[] = [];
    try {
      if (operation.raw.requestBody !== undefined && stub.rawBody.length > 0) {
        const type = req.headers['content-type'];
        if (type !== undefined && !JSON_TYPE.test(type)) {
          throw invalidArgument(`Unsupported content type '${type}': the body must be JSON (application/json).`);
        }
        let text: string;
        try {
          text = UTF8.decode(stub.rawBody);
        } catch {
          throw invalidArgument('The request body is not valid UTF-8.');
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch (error) {
          throw invalidArgument(`The request body is not valid JSON: ${(error as Error).message}.`);
        }
        const body = normalizer.body(plan, parsed, warnings);
        req.body = body.value;
        // What the client gave, before the validator adds the defaults (see sentBody below).
        stub.bodyText = body.changed ? JSON.stringify(body.value) : text;
        // A body without content-type is taken as JSON (curl --data-binary without -H).
        if (type === undefined) req.headers['content-type'] = 'application/json';
      } else if (stub.rawBody.length > 0) {
        const refusal = normalizer.bodyOfBodiless(plan, parseLeniently(stub.rawBody), warnings);
        if (refusal !== undefined) throw invalidArgument(refusal);
      }

      const query = parseQuery(splitUrl(stub.rawUrl).query, operation.indexedQuery, (pairs) =>
        normalizer.queryPairs(plan, pairs, warnings),
      );
      normalizer.queryValues(plan, query, warnings);
      checkNumericQuery(query, operation.parameters);
      Object.defineProperty(req, 'query', {
        value: query,
        writable: true,
        configurable: true,
        enumerable: true,
      });
    } finally {
      if (warnings.length > 0) reportWarnings(req, res, warnings);
    }
    // express-openapi-validator compiles and keeps one validator per distinct content-type value:
    // hand it one of two, so varying the header cannot grow that cache (and recompile) forever.
    const type = req.headers['content-type'];
    if (type !== undefined) {
      if (operation.raw.requestBody === undefined) delete req.headers['content-type'];
      else req.headers['content-type'] = JSON_TYPE.test(type) ? 'application/json' : 'application/octet-stream';
    }
    next();
  });

  // 4. Validation against the document.
  const validateSpec = deps.validateSpec ?? true;
  if (!validateSpec) skipUnusedSpecChecker(logger);
  const validator = OpenApiValidator.middleware({
    apiSpec: validatorDocument(spec.document, { requestsOnly: !validateSpec }) as never,
    validateApiSpec: validateSpec,
    validateRequests: { allowUnknownQueryParameters: false },
    validateResponses: false,
    validateSecurity: false,
    // No multipart reader: step 3 refuses a body that is not JSON (and the document has none).
    fileUploader: false,
    ignoreUndocumented: true,
    // validatorDocument has inlined the $refs already (when it could): nothing left to resolve.
    $refParser: { mode: 'bundle' },
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
  app.use(cacheRouteLookups(validator as unknown as Middleware[], logger));

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
    req.stub.validated = true;
    const path = meta.pathParams;
    const bodyText = req.stub.bodyText;
    let sentBody: Record<string, unknown> | undefined;
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
        // The validator filled the document's defaults into req.body; the text (valid JSON, parsed
        // once above) says what the client actually sent. Few handlers ask: parsed when read.
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
    sendJson(req, res, 200, result === undefined ? { requestId: ctx.requestId } : { requestId: ctx.requestId, result });
  });

  // 6. Anything else.
  app.use((req: Request, _res: Response, next: NextFunction) => {
    next(notFound(`No such resource: ${req.method} ${req.path}.`));
  });

  // 7. Errors → envelope.
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      logger.error('error after the response started', { requestId: req.stub?.requestId, error: String(err) });
      return next(err);
    }
    const apiError = toApiError(err, req, logger);
    for (const [name, value] of Object.entries(apiError.headers)) res.setHeader(name, value);
    sendJson(req, res, apiError.httpStatus, apiError.toEnvelope(req.stub?.requestId ?? newRequestId()));
  });
  return app;

  /** Applies the fault rule that takes the request, if one does; true when it answered (or dropped) it. */
  async function injectFault(control: StubControl, req: Request, res: Response, operationId: string, account: string): Promise<boolean> {
    const decision = control.decideFault(operationId, account);
    if (!decision) return false;
    req.stub.faultId = decision.rule.id;
    logger.info('fault injected', { requestId: req.stub.requestId, operationId, faultId: decision.rule.id, effect: decision.effect.kind });
    if (decision.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
    const { effect } = decision;
    if (res.destroyed) return true;
    if (effect.kind === 'drop') {
      req.socket.destroy();
      return true;
    }
    if (effect.kind !== 'error') return false;
    for (const [name, value] of Object.entries(effect.headers)) res.setHeader(name, value);
    sendJson(req, res, effect.status, {
      requestId: req.stub.requestId,
      error: { code: effect.status, status: effect.errorStatus, message: effect.message },
    });
    return true;
  }

  /** Adds the request to the control API's journal when its answer is sent or its connection closes. */
  function recordInJournal(control: StubControl, req: Request, res: Response): void {
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

  /** What the stub ignored in the request: in a response header and a warning log line. */
  function reportWarnings(req: Request, res: Response, warnings: string[]): void {
    const more = (limit: number) => (warnings.length > limit ? [`and ${warnings.length - limit} more`] : []);
    res.setHeader(WARNINGS_HEADER, [...warnings.slice(0, HEADER_WARNINGS), ...more(HEADER_WARNINGS)].join('; '));
    logger.warn('request: ignored what the document does not have', {
      requestId: req.stub.requestId,
      operationId: req.stub.operation?.operationId ?? null,
      warnings: [...warnings.slice(0, LOGGED_WARNINGS), ...more(LOGGED_WARNINGS)],
    });
  }

  /**
   * Sends a JSON answer. An answer to a validated request (below 500) must match the document for
   * its operation and status; one that does not becomes a 500 and the mismatch goes to the log.
   */
  function sendJson(req: Request, res: Response, status: number, body: unknown): void {
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
  }
}

/** `http://host/path?q` (absolute-form, as sent to proxies) → `/path?q`; other targets as they are. */
function originForm(url: string): string {
  const authority = /^[a-z][a-z\d+.-]*:\/\/[^/?#]*/i.exec(url);
  if (!authority) return url;
  const rest = url.slice(authority[0].length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

const PATCHED = Symbol.for('jdcloud-vm-stub.lazySpecChecker');

/**
 * express-openapi-validator 5.6 builds its OpenAPI 3 schema checker (an ajv compile of the whole
 * OpenAPI meta-schema, ~150 ms, a sixth of the start-up) even with `validateApiSpec: false`, and
 * then does not use it. This replaces the checker's class, once per process, by one that builds
 * the real checker only when asked to validate (`validateApiSpec: true`: a document given with
 * `spec`, checked as before). If the validator's files are laid out otherwise (another version),
 * nothing is changed and the start-up is only slower. test/perf-startup.test.ts covers both cases.
 */
function skipUnusedSpecChecker(logger: Logger): void {
  try {
    const module = validatorSchemaModule();
    const Checker = module.OpenAPISchemaValidator as (new (options: { validateApiSpec?: boolean }) => object) & {
      [PATCHED]?: boolean;
    };
    if (Checker?.[PATCHED]) return;
    if (typeof Checker !== 'function') throw new TypeError('no OpenAPISchemaValidator class');
    const Lazy = function LazySpecChecker(options: { validateApiSpec?: boolean }) {
      if (options?.validateApiSpec) return new Checker(options);
      return { validate: () => ({ errors: [] }) };
    } as unknown as typeof Checker;
    Lazy[PATCHED] = true;
    module.OpenAPISchemaValidator = Lazy;
  } catch (error) {
    // Another layout of the validator (or a bundle that lost the module): leave it as it is. Said
    // at debug level, where test/standalone.test.ts looks for it.
    logger.debug('start-up: the unused OpenAPI schema checker of express-openapi-validator is built (slower start)', {
      reason: (error as Error).message,
    });
  }
}

/**
 * express-openapi-validator finds the route of every request itself (its metadata middleware
 * compiles each path of the document with path-to-regexp and tries them in turn, on every
 * request), although the stub has matched it already (step 3). So the first request of each
 * operation goes through the validator's lookup (the routing disagreement check of step 5 then
 * holds), and the route it found (expressRoute, schemas, serial: everything but the path
 * parameters) is kept per operation; later requests get it with their own decoded path
 * parameters, as the lookup would give them. The request and response validators, which cache
 * their compiled ajv functions per route, run unchanged.
 */
function cacheRouteLookups(validator: Middleware[], logger: Logger): Middleware[] {
  const index = validator.findIndex((mw) => mw.name === 'metadataMiddleware');
  const lookup = validator[index];
  if (!lookup) {
    // another layout of the validator: leave it as it is
    logger.debug('express-openapi-validator has no metadataMiddleware: every request looks its route up (slower)');
    return validator;
  }
  const routes = new Map<string, Record<string, unknown>>();
  const cached: Middleware = (req, res, next) => {
    const operation = req.stub?.operation;
    const pathParams = req.stub?.pathParams;
    const route = operation ? routes.get(operation.operationId) : undefined;
    if (route && pathParams) {
      (req as Request & { openapi?: unknown }).openapi = { ...route, pathParams };
      req.params = pathParams;
      return next();
    }
    return lookup(req, res, (error?: unknown) => {
      const meta = (req as Request & { openapi?: OpenApiMeta & Record<string, unknown> }).openapi;
      if (!error && operation && meta?.schema?.operationId === operation.operationId) {
        const { pathParams: _ignored, ...rest } = meta;
        routes.set(operation.operationId, rest);
      }
      next(error as Error | undefined);
    });
  };
  return validator.map((mw, i) => (i === index ? cached : mw));
}

/** A body that is not read (an operation without one): its JSON value, or undefined when it has none. */
function parseLeniently(bytes: Buffer): unknown {
  try {
    const text = UTF8.decode(bytes);
    return text.trim() === '' ? null : JSON.parse(text);
  } catch {
    return undefined;
  }
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
