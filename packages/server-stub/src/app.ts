// The express application: the list of steps a request goes through, each in its own module of
// ./pipeline (its tests in test/pipeline). For an API request (under the document's base path):
//
//   identify (request id, raw URL, log line)  →  CORS  →  journal  →  body (raw bytes, 413)
//   →  route  →  authenticate (401)  →  404 / 405  →  faults  →  decode (path, JSON body, indexed
//   query, read as the service reads them)  →  validate (express-openapi-validator)
//   →  dispatch (preconditions, handler, transition; state file flushed)  →  respond (the answer
//   checked against the document)  ·  errors: any failure, as JD Cloud's envelope
//
// The control API (/_stub/…, ./control/routes.ts) has its own short pipeline, mounted before the
// API's; the document and the docs are served beside it. What the steps learn of a request is in
// one typed object, req.stub (./pipeline/request-state.ts).
import express from 'express';
import type { Authenticator } from './auth/verify.js';
import type { StubControl } from './control/index.js';
import { CONTROL_PREFIX, controlRoutes } from './control/routes.js';
import type { HandlerRegistry } from './domain/registry.js';
import { corsMiddleware } from './http/cors.js';
import { parseQuery } from './http/query.js';
import { ResponseValidator } from './http/response-validation.js';
import type { Logger } from './log.js';
import { authenticateRequest } from './pipeline/authenticate.js';
import { readRawBodies, takeRawBody } from './pipeline/body.js';
import { requestDecoder } from './pipeline/decode.js';
import { dispatchOperations } from './pipeline/dispatch.js';
import { answerErrors, unknownResource } from './pipeline/errors.js';
import { faultInjector } from './pipeline/faults.js';
import { identifyRequests } from './pipeline/identify.js';
import { journalApiRequests } from './pipeline/journal.js';
import { mountPublicResources } from './pipeline/public-resources.js';
import { apiRequestTest } from './pipeline/request-state.js';
import { createResponder } from './pipeline/respond.js';
import { requireOperation, routeRequest } from './pipeline/route.js';
import { steadyContentType, validateRequests } from './pipeline/validate.js';
import type { SpecIndex } from './spec/index.js';
import type { Clock } from './state/clock.js';
import type { StatePersistence } from './state/persistence.js';
import type { StateStore } from './state/store.js';

export { WARNINGS_HEADER } from './pipeline/decode.js';
export type { StubRequestState } from './pipeline/request-state.js';

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

/**
 * Builds the application. Resolves once express-openapi-validator has loaded the document, so a
 * document it cannot use fails here (at start) rather than on every request.
 */
export async function createApp(deps: AppDependencies): Promise<express.Express> {
  const { spec, store, authenticator, logger, control } = deps;
  const isApi = apiRequestTest(spec.basePath);
  // The validator changes the document it is given: the response checks inline their own copy.
  const respond = createResponder((deps.responseValidation ?? true) ? new ResponseValidator(spec.document) : undefined, logger);
  const decode = requestDecoder(spec.document, deps.strict ?? false, logger);
  const injectFault = control ? faultInjector(control, respond, logger) : undefined;

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Plain query parsing for non-API routes; API routes get theirs from the decode step.
  app.set('query parser', (text: string) => {
    try {
      return parseQuery(text, []);
    } catch {
      return {};
    }
  });

  app.use(identifyRequests(logger));
  // Preflights are answered before anything reads the request or checks a signature.
  if (deps.cors && deps.cors.length > 0) app.use(corsMiddleware(deps.cors, logger));
  // The control API: admin token, not API keys, so before the API's body reading and signature check.
  if (control) {
    app.use(journalApiRequests(control, deps.clock, isApi));
    app.use(CONTROL_PREFIX, ...controlRoutes(control, logger));
  }
  mountPublicResources(app, spec.document, deps.docsDir);

  app.use(readRawBodies(isApi, deps.bodyLimit ?? '1mb'));
  // The steps between the body and the validator share one express layer: each is a call, so
  // splitting them added no layer, closure or promise to the request path.
  app.use(async (req, res, next) => {
    if (!isApi(req)) return next();
    takeRawBody(req);
    // Transitions that fell due complete first: a fault rule that puts an instance in error, and
    // the handler, act on the state as of now.
    store.settle();
    const match = routeRequest(spec, req);
    const account = (req.stub.account = await authenticateRequest(authenticator, req, match));
    const routed = requireOperation(req, match);
    const faulted = injectFault?.(req, res, routed.operation.operationId, account);
    if (faulted && (await faulted)) return;
    decode(req, res, routed);
    steadyContentType(req, routed.operation);
    next();
  });
  app.use(...(await validateRequests({ app, document: spec.document, validateSpec: deps.validateSpec ?? true, logger })));
  app.use(dispatchOperations(deps, isApi, respond));

  app.use(unknownResource);
  app.use(answerErrors(respond, logger));
  return app;
}
