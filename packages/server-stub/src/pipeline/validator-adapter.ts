// Everything the stub knows of express-openapi-validator beyond "call middleware(options), mount
// what it returns": its error objects, what it puts on req, the order and names of its
// middlewares, how it caches compiled validators, its OpenAPI schema checker, its $ref handling.
// Nowhere else in the stub reads the validator's objects. test/pipeline/validator-adapter.test.ts
// pins each of these assumptions on the installed version, so an upgrade that changes one fails
// there, by name, rather than somewhere in the stub's behaviour.
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { validatorSchemaModule } from '../assets.js';
import { ApiError, invalidArgument } from '../http/errors.js';
import type { Logger } from '../log.js';
import type { OpenApiDocument, OperationSpec } from '../spec/types.js';
import { JSON_TYPE } from './decode.js';
import { validatorDocument } from './validator-document.js';

// --- building it ---

export interface ValidatorSetup {
  /** The app it is mounted on: its first middleware installs app.param handlers there. */
  app: Express;
  document: OpenApiDocument;
  /** Check the document against the OpenAPI 3 schema at start (the `validateApiSpec` option). */
  validateSpec: boolean;
  logger: Logger;
}

/** The options the stub gives the validator (public ones, as its documentation lists them). */
export function validatorOptions(document: OpenApiDocument, validateSpec: boolean) {
  return {
    // With the bundled document (not checked at start) the requests' side only (./validator-document.ts).
    apiSpec: validatorDocument(document, { requestsOnly: !validateSpec }) as never,
    validateApiSpec: validateSpec,
    // Unknown query parameters are dropped or refused before (../http/normalize-request.ts); what
    // reaches the validator unknown is refused (strict mode).
    validateRequests: { allowUnknownQueryParameters: false },
    // Answers are checked by ../http/response-validation.ts, signatures by ../auth.
    validateResponses: false,
    validateSecurity: false,
    // No multipart reader: the decode step refuses a body that is not JSON (and the document has none).
    fileUploader: false,
    // The stub routes first (./route.ts): the validator only sees requests for operations.
    ignoreUndocumented: true,
    // validatorDocument has inlined the $refs already (when it could): nothing left to resolve.
    $refParser: { mode: 'bundle' as const },
  };
}

/**
 * The validator's middlewares, once it has loaded the document: resolves after the load, so a
 * document it cannot use fails here (at start) rather than on every request.
 */
export async function createRequestValidator(setup: ValidatorSetup): Promise<RequestHandler[]> {
  const { app, document, validateSpec, logger } = setup;
  if (!validateSpec) skipUnusedSpecChecker(logger);
  const middlewares = OpenApiValidator.middleware(validatorOptions(document, validateSpec)) as unknown as RequestHandler[];
  // Its first middleware waits for the document to load and fails if it could not; it only
  // touches req.app, so run it once now.
  const loadDocument = middlewares[0] as unknown as (req: unknown, res: unknown, next: (error?: unknown) => void) => unknown;
  await new Promise<void>((resolve, reject) => {
    loadDocument({ app }, {}, (error?: unknown) => {
      if (error) {
        const message = error instanceof Error ? error.message : JSON.stringify(error);
        reject(new Error(`express-openapi-validator cannot use the OpenAPI document: ${message}`));
      } else resolve();
    });
  });
  return cacheRouteLookups(middlewares, logger);
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
export function skipUnusedSpecChecker(logger: Logger): void {
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

// --- what it puts on req ---

/** `req.openapi` as the validator's metadata middleware sets it (the fields the stub reads). */
interface OpenApiMeta {
  pathParams: Record<string, string>;
  schema: { operationId?: string };
}

type WithMeta = Request & { openapi?: OpenApiMeta };

/** The operation the validator validated the request as, and its path parameters; undefined when it did not. */
export function validatedRoute(req: Request): OpenApiMeta | undefined {
  return (req as WithMeta).openapi;
}

/** The name of the metadata middleware (its route lookup), found by name (kept by the stand-alone bundle's esbuild). */
export const METADATA_MIDDLEWARE = 'metadataMiddleware';

/**
 * express-openapi-validator finds the route of every request itself (its metadata middleware
 * compiles each path of the document with path-to-regexp and tries them in turn, on every
 * request), although the stub has matched it already (./route.ts). So the first request of each
 * operation goes through the validator's lookup (the routing agreement check of ./validate.ts
 * then holds), and the route it found (expressRoute, schemas, serial: everything but the path
 * parameters) is kept per operation; later requests get it with their own decoded path
 * parameters, as the lookup would give them. The request validator, which caches its compiled ajv
 * functions per route, runs unchanged.
 */
function cacheRouteLookups(validator: RequestHandler[], logger: Logger): RequestHandler[] {
  const index = validator.findIndex((mw) => mw.name === METADATA_MIDDLEWARE);
  const lookup = validator[index];
  if (!lookup) {
    // another layout of the validator: leave it as it is
    logger.debug('express-openapi-validator has no metadataMiddleware: every request looks its route up (slower)');
    return validator;
  }
  const routes = new Map<string, Record<string, unknown>>();
  const cached = (req: Request, res: Response, next: NextFunction) => {
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

/**
 * The validator compiles and keeps one validator per distinct content-type value: it gets one of
 * two (none for an operation without a body), so varying the header cannot grow that cache (and
 * recompile) forever. A JSON type with parameters (charset) is the same JSON to it.
 */
export function steadyContentType(req: Request, operation: OperationSpec): void {
  const type = req.headers['content-type'];
  if (type === undefined) return;
  if (operation.raw.requestBody === undefined) delete req.headers['content-type'];
  else req.headers['content-type'] = JSON_TYPE.test(type) ? 'application/json' : 'application/octet-stream';
}

// --- its errors ---

interface ValidatorErrorItem {
  path?: string;
  message?: string;
  errorCode?: string;
}

/** The validator's error objects (its HttpError subclasses), as far as the stub reads them. */
export interface ValidatorError {
  status?: number;
  message?: string;
  errors?: ValidatorErrorItem[];
  headers?: Record<string, string>;
}

export function looksLikeValidatorError(error: unknown): error is ValidatorError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as ValidatorError).status === 'number' &&
    Array.isArray((error as ValidatorError).errors)
  );
}

/**
 * The JD Cloud error for a validator error; undefined for anything else. A range violation (a
 * number outside minimum/maximum or off its step, too few or too many items) is OUT_OF_RANGE,
 * anything else in the request INVALID_ARGUMENT; the message names the field as the client wrote
 * it.
 */
export function requestErrorOf(error: unknown): ApiError | undefined {
  return looksLikeValidatorError(error) ? mapRequestValidationError(error) : undefined;
}

const RANGE_KEYWORDS = new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems', 'multipleOf']);

/**
 * `/query/filters/0/values` → `filters.1.values` (JD Cloud's 1-based indexed form);
 * `/body/dataDisks/0/diskSizeGB` → `dataDisks[0].diskSizeGB`; `/params/instanceId` → `instanceId`;
 * also accepts the dotted form (`.query.pageSize`). Undefined for the whole body.
 */
export function fieldName(path: string | undefined): { where: string; field: string | undefined } {
  const parts = (path ?? '').split(/[/.]/).filter((p) => p !== '');
  const where = parts.shift() ?? '';
  if (parts.length === 0) return { where, field: undefined };
  if (where === 'query') {
    return { where, field: parts.map((p) => (/^\d+$/.test(p) ? String(Number(p) + 1) : p)).join('.') };
  }
  let field = '';
  for (const p of parts) field += /^\d+$/.test(p) ? `[${p}]` : field ? `.${p}` : p;
  return { where, field };
}

function describe(item: ValidatorErrorItem): string {
  const { where, field } = fieldName(item.path);
  const message = (item.message ?? 'is invalid').replace(/^must have required property '.*'$/, 'is required');
  if (item.errorCode === 'additionalProperties.openapi.validation' && field) {
    return `Unknown parameter '${field}': it is not part of this operation.`;
  }
  if (!field) {
    if (where === 'body' && message === 'is required') return 'A JSON request body is required.';
    if (where === 'body') return `Invalid request body: ${message}.`;
    return `${message.replace(/\.$/, '')}.`;
  }
  const kind = where === 'params' ? 'path parameter' : where === 'headers' ? 'header' : 'parameter';
  return `Invalid ${kind} '${field}': ${message}.`;
}

/** Maps a validator error to an ApiError; undefined when it is not a request error (e.g. response validation). */
export function mapRequestValidationError(error: ValidatorError): ApiError | undefined {
  const items = error.errors ?? [];
  switch (error.status) {
    case 400: {
      const first = items[0];
      if (!first) return invalidArgument(error.message ?? 'Invalid request.');
      // Unknown query parameters and "must be url encoded" come with a '/query/x' path and a full message.
      if (first.errorCode === undefined && first.message) {
        return invalidArgument(first.message.endsWith('.') ? first.message : `${first.message}.`);
      }
      const keyword = first.errorCode?.replace(/\.openapi\.validation$/, '') ?? '';
      const message = describe(first);
      return RANGE_KEYWORDS.has(keyword) ? new ApiError('OUT_OF_RANGE', message) : invalidArgument(message);
    }
    case 415:
      return invalidArgument(`Unsupported content type: the body must be JSON, sent with "content-type: application/json".`);
    case 413:
      return new ApiError('PAYLOAD_TOO_LARGE', 'The request body is too large.');
    case 404:
      return new ApiError('NOT_FOUND', 'No such API route.');
    case 405:
      return new ApiError('METHOD_NOT_ALLOWED', error.message ?? 'Method not allowed.', error.headers ?? {});
    default:
      return undefined;
  }
}
