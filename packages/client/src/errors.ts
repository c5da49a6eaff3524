/**
 * The errors a call can throw. Each kind is its own class, so `instanceof` tells them apart:
 * - {@link JdCloudError}: JD Cloud (or the stub) answered with a non-2xx status, or with a body
 *   that is not the JSON it should be;
 * - {@link JdCloudNetworkError}: no answer arrived (connection refused or reset, DNS, TLS...);
 * - {@link JdCloudTimeoutError}: no complete answer within `timeoutMs`;
 * - {@link JdCloudWaiterError}: a waiter saw a state it cannot leave, or ran out of time;
 * - a cancelled call rejects with its `AbortSignal`'s reason, unchanged (an `AbortError` `DOMException`
 *   unless the caller chose another reason).
 */

/** What a call learnt about its answer, on every result ({@link VmClient.withMetadata}) and every error of a call. */
export interface ResponseMetadata {
  /** The request id of the (last) answer: the envelope's `requestId`, else the `x-jdcloud-request-id` header. */
  requestId: string | undefined;
  /** HTTP status of the last answer; `undefined` when none came. */
  httpStatus: number | undefined;
  /** Attempts made, retries and the clock-skew re-sign included (1 when the first one answered). */
  attempts: number;
}

/** The `error` object of JD Cloud's error envelope `{ requestId, error: { code, status, message } }`. */
export interface JdCloudErrorBody {
  code?: number;
  status?: string;
  message?: string;
}

export class JdCloudError extends Error {
  override name = 'JdCloudError';
  /** HTTP status of the answer. */
  readonly httpStatus: number;
  /** `error.code` of the envelope (JD Cloud repeats the HTTP status there); the HTTP status when absent. */
  readonly code: number;
  /** `error.status` of the envelope, such as `NOT_FOUND` or `FAILED_PRECONDITION`; `UNKNOWN` when absent. */
  readonly status: string;
  /** `requestId` of the envelope, else the `x-jdcloud-request-id` header; quote it to JD Cloud support. */
  readonly requestId: string | undefined;
  /** The parsed body (or its text when it is not JSON). */
  readonly body: unknown;
  /** Set by the client when the call gives up: request id and attempts. */
  $metadata?: ResponseMetadata;

  constructor(init: {
    httpStatus: number;
    code?: number | undefined;
    status?: string | undefined;
    message: string;
    requestId?: string | undefined;
    body?: unknown;
  }) {
    super(init.message);
    this.httpStatus = init.httpStatus;
    this.code = init.code ?? init.httpStatus;
    this.status = init.status ?? 'UNKNOWN';
    this.requestId = init.requestId;
    this.body = init.body;
  }
}

/** The request never got an answer: the underlying `fetch` failed. The original error is `cause`. */
export class JdCloudNetworkError extends Error {
  override name = 'JdCloudNetworkError';
  /** Set by the client when the call gives up. */
  $metadata?: ResponseMetadata;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** No complete answer arrived within `timeoutMs` (of one attempt). */
export class JdCloudTimeoutError extends Error {
  override name = 'JdCloudTimeoutError';
  /** Set by the client when the call gives up. */
  $metadata?: ResponseMetadata;
  constructor(
    /** The limit that was exceeded, in milliseconds. */
    readonly timeoutMs: number,
  ) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

/** A waiter stopped without reaching its goal: a terminal bad state (`failure`) or `maxWaitMs` spent (`timeout`). */
export class JdCloudWaiterError extends Error {
  override name = 'JdCloudWaiterError';
  constructor(
    /** The waiter, e.g. `instanceRunning`. */
    readonly waiter: string,
    readonly reason: 'failure' | 'timeout',
    /** The last state seen (e.g. `error`, `NOT_FOUND`), `undefined` before the first answer. */
    readonly state: string | undefined,
    /** The last result of the describe operation. */
    readonly result: unknown,
  ) {
    super(reason === 'failure' ? `${waiter}: the resource reached state '${state}'` : `${waiter}: still '${state}' when the time ran out`);
  }
}
