// Decode: what the request says, read as the service reads it, for the validator to check. The
// path parameters percent-decoded; the JSON body (400 for another content type, bad UTF-8, bad
// JSON); the query with JD Cloud's indexed encoding rebuilt into lists and objects
// (../http/query.ts); both read leniently by ../http/normalize-request.ts (names in any case,
// nulls, path parameters repeated in the body), what was ignored reported in
// `x-jdcloud-stub-warnings` and a log line. Sets req.body and req.query, which the validator reads.
import type { Request, Response } from 'express';
import { invalidArgument } from '../http/errors.js';
import { RequestNormalizer } from '../http/normalize-request.js';
import { checkNumericQuery, parseQuery } from '../http/query.js';
import { safeDecode, splitUrl } from '../http/raw.js';
import type { Logger } from '../log.js';
import type { OperationMatch } from './route.js';
import type { OpenApiDocument } from '../spec/types.js';

/** The response header that lists what the stub ignored in a request (unknown fields, ...). */
export const WARNINGS_HEADER = 'x-jdcloud-stub-warnings';
/** At most this many warnings go into the header (the log line has them all, up to LOGGED_WARNINGS). */
const HEADER_WARNINGS = 20;
const LOGGED_WARNINGS = 200;

export const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;
/** Strict UTF-8 (invalid bytes are refused, not replaced); a BOM is kept, so JSON.parse refuses it. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export type DecodeRequest = (req: Request, res: Response, match: OperationMatch) => void;

/** `strict`: unknown body fields and query parameters are kept, for the validator to refuse (--strict). */
export function requestDecoder(document: OpenApiDocument, strict: boolean, logger: Logger): DecodeRequest {
  const normalizer = new RequestNormalizer(document, strict);
  return function decode(req, res, match) {
    const { operation } = match;
    const stub = req.stub;
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
        // What the client gave, before the validator adds the defaults (HandlerParams.sentBody).
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
      // express 5's req.query is a getter without a setter (it parses the URL on each read): the decoded query takes its place.
      Object.defineProperty(req, 'query', {
        value: query,
        writable: true,
        configurable: true,
        enumerable: true,
      });
    } finally {
      if (warnings.length > 0) reportWarnings(req, res, warnings);
    }
  };

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
