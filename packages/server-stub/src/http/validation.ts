// express-openapi-validator's errors → JD Cloud error envelopes. A range violation (a number
// outside minimum/maximum or off its step, too few or too many items) is OUT_OF_RANGE, anything else in the
// request INVALID_ARGUMENT; the message names the field as the client wrote it.
import { ApiError, invalidArgument } from './errors.js';

interface ValidatorErrorItem {
  path?: string;
  message?: string;
  errorCode?: string;
}

export interface ValidatorError {
  status?: number;
  message?: string;
  errors?: ValidatorErrorItem[];
  headers?: Record<string, string>;
}

const RANGE_KEYWORDS = new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems', 'multipleOf']);

export function looksLikeValidatorError(error: unknown): error is ValidatorError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as ValidatorError).status === 'number' &&
    Array.isArray((error as ValidatorError).errors)
  );
}

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
      return invalidArgument(
        `Unsupported content type: the body must be JSON, sent with "content-type: application/json".`,
      );
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
