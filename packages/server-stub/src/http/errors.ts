// The JD Cloud error envelope and the one error type every layer throws.
// `error.code` is always the HTTP status; `error.status` the machine-readable class.

/** Error classes the stub answers with (envelope.md, plus 405, 413 and 431 from the issues). */
export type ErrorStatus =
  | 'INVALID_ARGUMENT'
  | 'OUT_OF_RANGE'
  | 'FAILED_PRECONDITION'
  | 'CONFLICT'
  | 'DUPLICATE'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'PAYLOAD_TOO_LARGE'
  | 'HEADERS_TOO_LARGE'
  | 'QUOTA_EXCEEDED'
  | 'INTERNAL';

const HTTP_OF: Record<ErrorStatus, number> = {
  INVALID_ARGUMENT: 400,
  OUT_OF_RANGE: 400,
  FAILED_PRECONDITION: 400,
  CONFLICT: 400,
  DUPLICATE: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  HEADERS_TOO_LARGE: 431,
  QUOTA_EXCEEDED: 429,
  INTERNAL: 500,
};

export interface ErrorEnvelope {
  requestId: string;
  error: { code: number; status: string; message: string };
}

/**
 * An error that becomes a JD Cloud error envelope. Domain code throws these (through the helpers
 * below); anything else that escapes a handler is a bug and answers 500 INTERNAL.
 */
export class ApiError extends Error {
  readonly httpStatus: number;
  readonly status: ErrorStatus;
  /** Extra response headers, e.g. `Allow` on a 405. */
  readonly headers: Record<string, string>;

  constructor(status: ErrorStatus, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.httpStatus = HTTP_OF[status];
    this.headers = headers;
  }

  toEnvelope(requestId: string): ErrorEnvelope {
    return { requestId, error: { code: this.httpStatus, status: this.status, message: this.message } };
  }
}

export const invalidArgument = (message: string) => new ApiError('INVALID_ARGUMENT', message);
export const outOfRange = (message: string) => new ApiError('OUT_OF_RANGE', message);
export const failedPrecondition = (message: string) => new ApiError('FAILED_PRECONDITION', message);
export const conflict = (message: string) => new ApiError('CONFLICT', message);
export const duplicate = (message: string) => new ApiError('DUPLICATE', message);
export const unauthenticated = (message: string) => new ApiError('UNAUTHENTICATED', message);
export const permissionDenied = (message: string) => new ApiError('PERMISSION_DENIED', message);
export const notFound = (message: string) => new ApiError('NOT_FOUND', message);
export const quotaExceeded = (message: string) => new ApiError('QUOTA_EXCEEDED', message);
export const internal = (message: string) => new ApiError('INTERNAL', message);

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}
