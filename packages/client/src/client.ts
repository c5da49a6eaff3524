import { type Credentials, type CredentialsProvider, credentialSource } from './credentials.js';
import { JdCloudError, JdCloudNetworkError, JdCloudTimeoutError, type ResponseMetadata } from './errors.js';
import { basePath, defaultEndpoint, vmOperations, type VmOperationId } from './generated/operations.js';
import type { operations } from './generated/schema.js';
import type { OperationSpec } from './operation.js';
import { encodeIndexedQuery, rfc3986 } from './query.js';
import { RetryBudget, type RetryOptions, backoffMs, checked, retryAfterMs, retrySettings, sleep } from './retry.js';
import { signInPlace, signingErrors } from './sign-fetch.js';
import { fresh, type SignatureVersion } from './signing.js';
import { VERSION } from './version.js';
import { type WaiterName, type WaiterOptions, runWaiter, type waiters } from './waiters.js';

// ---------------------------------------------------------------------------------------------
// Types: everything is derived from the generated schema and operation table.

type Table = typeof vmOperations;

/** The operationId of every operation the client has a method for. */
export type OperationId = VmOperationId & keyof operations;

type Present<T> = [T] extends [never] ? {} : [T] extends [undefined] ? {} : NonNullable<T>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

type PathOf<K extends OperationId> = operations[K]['parameters'] extends { path?: infer P }
  ? Omit<Present<P>, 'regionId'>
  : {};
type QueryOf<K extends OperationId> = operations[K]['parameters'] extends { query?: infer Q } ? Present<Q> : {};
/** Drops index signatures: an empty body (`EmptyBody`, `Record<string, never>`) adds no parameter. */
type KnownKeys<T> = { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };
type BodyOf<K extends OperationId> = operations[K] extends { requestBody?: infer B }
  ? Present<B> extends { content: { 'application/json': infer J } }
    ? KnownKeys<J>
    : {}
  : {};

/**
 * The one object an operation's method takes: its path, query and body parameters side by side.
 * `regionId` may be left out; it defaults to the client's.
 */
export type OperationParams<K extends OperationId> = Simplify<
  PathOf<K> & { regionId?: string } & QueryOf<K> & BodyOf<K>
>;

type SuccessBody<K extends OperationId> = operations[K]['responses'] extends {
  200: { content: { 'application/json': infer R } };
}
  ? R
  : undefined;

/**
 * One object type from an intersection: the document composes answers with `allOf` (a paged
 * result is `PagedResult` plus its list), which openapi-typescript writes as `A & B`.
 */
type Joined<T> = T extends object ? Simplify<T> : T;

/** What an operation's method resolves to: the `result` of the success envelope. */
export type OperationResult<K extends OperationId> = SuccessBody<K> extends { result?: unknown }
  ? Joined<SuccessBody<K>['result']> // includes `undefined` where the envelope's result is optional
  : undefined;

/** Operations marked `x-jdcloud-pagination`, which {@link VmClient.paginate} walks. */
export type PagedOperationId = {
  [K in OperationId]: Table[K] extends { pagination: object } ? K : never;
}[OperationId];

type ItemsField<K extends PagedOperationId> = Table[K] extends { pagination: { items: infer F } } ? F : never;

/** One item of a paged operation's result list. */
export type PageItem<K extends PagedOperationId> =
  ItemsField<K> extends keyof NonNullable<OperationResult<K>>
    ? NonNullable<NonNullable<OperationResult<K>>[ItemsField<K>]> extends ReadonlyArray<infer I>
      ? I
      : never
    : never;

export type { RetryOptions };

export interface CallOptions {
  /** Cancels the call (and any retry wait); the call rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Limit for one attempt, in ms; overrides the client's. `0` or `Infinity`: none. */
  timeoutMs?: number;
  /** Overrides the client's retry settings for this call (fields left out keep the client's); `false` turns retries off. */
  retry?: RetryOptions | false;
  /** Extra headers for this call; they are signed too (except `user-agent`). */
  headers?: Record<string, string>;
}

/** What a hook sees: the operation, its parameters and which attempt this is (1 for the first). */
export interface HookContext {
  operation: OperationId;
  params: Readonly<Record<string, unknown>>;
  attempt: number;
}

/**
 * Hooks on the typed calls, in openapi-fetch's middleware style (objects with optional methods,
 * added with {@link VmClient.use}, run in the order added). They do not apply to the raw client.
 */
export interface VmMiddleware {
  /**
   * Before each attempt is signed and sent: may return another `Request` to send instead. Headers
   * set here are signed (except `user-agent`).
   */
  onRequest?(context: HookContext & { request: Request }): Request | undefined | void | Promise<Request | undefined | void>;
  /** On each answer, before it is read: may return another `Response` to read instead. */
  onResponse?(context: HookContext & { request: Request; response: Response }): Response | undefined | void | Promise<Response | undefined | void>;
  /** When an attempt failed and another follows after `delayMs` (after a clock-skew 401, at once). */
  onRetry?(context: HookContext & { error: Error; delayMs: number }): void | Promise<void>;
  /** When the call fails for good, with the error it rejects with. */
  onError?(context: HookContext & { error: Error }): void | Promise<void>;
}

export interface VmClientOptions {
  /** The access key id; or give {@link credentials}. */
  accessKeyId?: string;
  /** The secret of {@link accessKeyId}. */
  secretAccessKey?: string;
  /**
   * Instead of the two above: fixed keys (with a `sessionToken` for temporary ones), or an async
   * provider, asked at first use and again 5 minutes before the keys it gave expire. Node:
   * `fromEnv()` and `fromJdcConfig()` from `@jdcloud-vm/client/node`.
   */
  credentials?: Credentials | CredentialsProvider;
  /** Region used when a call gives no `regionId`, e.g. `cn-north-1`. */
  regionId: string;
  /** Scheme, host and port; default `https://vm.jdcloud-api.com`. The local stub is `http://127.0.0.1:8000`. */
  endpoint?: string;
  /** The `fetch` to use; default `globalThis.fetch`. */
  fetch?: (request: Request) => Promise<Response>;
  /** Limit for one attempt of a call, in ms; default 30000. `0` or `Infinity`: none. */
  timeoutMs?: number;
  /**
   * Retries with exponential backoff and full jitter on network errors, timeouts, 5xx and 429
   * (except `QUOTA_EXCEEDED`), for GET requests and requests carrying a `clientToken` (one is
   * generated for createInstances, exportImage and importImage when none is given), never on
   * other 4xx. On by default (2 retries); `false` turns them off.
   */
  retry?: RetryOptions | false;
  /** Tokens of the retry budget all calls of this client share (a retry costs 5, or 10 after a timeout; a success gives 1 back); default 500. */
  retryBudget?: number;
  /** Headers added to every request (signed, except `user-agent`). */
  headers?: Record<string, string>;
  /** `User-Agent` of every request; default `jdcloud-vm-client/<version>`. */
  userAgent?: string;
  /**
   * The signature scheme: `JDCLOUD2` (default, as the official Node and Go SDKs sign) or
   * `JDCLOUD3` (as the official Python SDK signs). JD Cloud accepts both.
   */
  signatureVersion?: SignatureVersion;
  /**
   * Added to the local clock when signing, in ms (the server's time minus the local time). The
   * client also learns it by itself from a 401 whose `Date` header is more than a minute off.
   */
  clockOffsetMs?: number;
  /** Hooks, as if passed to {@link VmClient.use}. */
  middleware?: VmMiddleware[];
}

type Args<P> = {} extends P ? [params?: P, options?: CallOptions] : [params: P, options?: CallOptions];

/** The method of one operation: takes its parameters, resolves to its typed `result`. */
export type OperationMethod<K extends OperationId> = (...args: Args<OperationParams<K>>) => Promise<OperationResult<K>>;

/** The operation a waiter polls. */
export type WaiterOperation<W extends WaiterName> = (typeof waiters)[W]['operation'];

export type { ResponseMetadata, WaiterName, WaiterOptions };

export type VmClient = { readonly [K in OperationId]: OperationMethod<K> } & {
  /**
   * Every item of a paged describe operation, fetching pages lazily (`pageNumber` from
   * `params.pageNumber` or 1, `pageSize` as given) until `totalCount` items have been seen.
   */
  paginate<K extends PagedOperationId>(
    operation: K,
    ...args: Args<OperationParams<K>>
  ): AsyncGenerator<PageItem<K>, void, undefined>;
  /** Calls an operation and resolves to its result with the answer's metadata: request id, HTTP status, attempts. */
  withMetadata<K extends OperationId>(
    operation: K,
    ...args: Args<OperationParams<K>>
  ): Promise<{ result: OperationResult<K>; $metadata: ResponseMetadata }>;
  /**
   * Polls until the resource is in the wanted state; resolves to the last describe result, rejects
   * with a JdCloudWaiterError on a terminal bad state or when `maxWaitMs` runs out.
   */
  waitFor<W extends WaiterName>(
    waiter: W,
    params: OperationParams<WaiterOperation<W>>,
    options?: WaiterOptions,
  ): Promise<OperationResult<WaiterOperation<W>>>;
  /** Adds hooks to every later typed call. */
  use(...middleware: VmMiddleware[]): void;
  /** Removes hooks added with {@link use}. */
  eject(...middleware: VmMiddleware[]): void;
};

// ---------------------------------------------------------------------------------------------
// Runtime.

const DEFAULT_TIMEOUT_MS = 30_000;
/** Methods that always carry a JSON body (`{}` when empty), as JD Cloud's own SDKs send them. */
const BODY_METHODS = ['POST', 'PUT', 'PATCH'];
/** Operations whose body takes a `clientToken` (from the generated table): one is generated when none is given. */
export const CLIENT_TOKEN_OPERATIONS: readonly string[] = Object.entries(vmOperations as Record<string, OperationSpec>)
  .filter(([, op]) => op.clientToken === true)
  .map(([id]) => id);
/** A 401 whose `Date` is further off than this is taken for clock skew: learn the offset, re-sign, retry once. */
const SKEW_MS = 60_000;

/** Splits a URL into what precedes its path and its path. */
const ORIGIN = /^([a-z][a-z\d+.-]*:\/\/[^/?#]*)?(.*)$/i;

/**
 * Path serializer: fills `{name}` with the raw values, then percent-encodes every path segment
 * strictly per RFC 3986, as JD Cloud's SDKs do (`i-abc:stopInstance` → `i-abc%3AstopInstance`).
 * Already-encoded text (the base path) is decoded first so nothing is encoded twice.
 */
export function serializePath(url: string, params: Record<string, unknown> = {}): string {
  const [, origin = '', path = ''] = ORIGIN.exec(url)!;
  return (
    origin +
    path
      .split('/')
      .map((segment) =>
        segment
          .split(/(\{[^{}]+\})/)
          .map((part, i) => {
            if (i % 2) {
              const value = params[part.slice(1, -1)];
              if (value !== undefined && value !== null) return rfc3986(String(value));
            }
            let text = part;
            try {
              text = decodeURIComponent(part);
            } catch {
              // keep malformed escapes as they are
            }
            return rfc3986(text);
          })
          .join(''),
      )
      .join('/')
  );
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const text = error instanceof Error ? error.message : String(error);
  return cause?.code ? `${text} (${cause.code})` : text;
}

function errorFrom(response: Response, body: unknown): JdCloudError {
  const envelope = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
  const error = envelope?.error as Record<string, unknown> | undefined;
  const text = typeof body === 'string' ? body.trim().slice(0, 200) : '';
  return new JdCloudError({
    httpStatus: response.status,
    code: typeof error?.code === 'number' ? error.code : undefined,
    status: typeof error?.status === 'string' ? error.status : undefined,
    message:
      (typeof error?.message === 'string' && error.message) ||
      text ||
      `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
    requestId:
      (typeof envelope?.requestId === 'string' && envelope.requestId) ||
      response.headers.get('x-jdcloud-request-id') ||
      undefined,
    body,
  });
}

/** Drops filters without a name or without values, as the official SDK does (`filters.1.name=x` alone means nothing). */
const usefulFilters = (filters: unknown) =>
  Array.isArray(filters)
    ? filters.filter((f: { name?: unknown; values?: unknown }) => f?.name && Array.isArray(f.values) && f.values.length)
    : filters;

/** What one attempt ended with. */
type Outcome = { ok: true; result: unknown } | { ok: false; error: Error; response?: Response };

/**
 * A typed client of the JD Cloud VM API: one method per operation, named after its operationId,
 * every request signed with JDCLOUD2-HMAC-SHA256 (or JDCLOUD3).
 *
 * ```ts
 * const vm = createVmClient({ accessKeyId, secretAccessKey, regionId: 'cn-north-1' });
 * await vm.stopInstance({ instanceId: 'i-eumm0kd4k1' });
 * ```
 */
export function createVmClient(options: VmClientOptions): VmClient {
  const { regionId } = options;
  const given = options.credentials ?? { accessKeyId: options.accessKeyId!, secretAccessKey: options.secretAccessKey! };
  if (!regionId || (typeof given !== 'function' && (!given.accessKeyId || !given.secretAccessKey))) {
    throw new TypeError('createVmClient needs regionId, and accessKeyId and secretAccessKey (or credentials)');
  }
  const keys = credentialSource(given);
  const signatureVersion = options.signatureVersion ?? 'JDCLOUD2';
  if (!/^JDCLOUD[23]$/.test(signatureVersion)) throw new TypeError(`signatureVersion ${signatureVersion}?`);
  const clientRetry = retrySettings(options.retry);
  const clientTimeout = checked('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const budget = new RetryBudget(checked('retryBudget', options.retryBudget, 500));
  let clockOffset = options.clockOffsetMs ?? 0;
  if (!Number.isFinite(clockOffset)) throw new TypeError(`clockOffsetMs must be a finite number, not ${clockOffset}`);
  const hooks: VmMiddleware[] = [...(options.middleware ?? [])];
  const table: Record<string, OperationSpec> = vmOperations;
  const base = (options.endpoint ?? defaultEndpoint).replace(/\/+$/, '') + basePath;
  const doFetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const fixedHeaders = {
    accept: 'application/json',
    'content-type': 'application/json',
    'user-agent': options.userAgent ?? `jdcloud-vm-client/${VERSION}`,
    ...options.headers,
  };

  /** Runs one kind of hook in order; a hook's return value, when there is one, replaces `context[key]` for the next. */
  async function run(kind: keyof VmMiddleware, context: Record<string, unknown>, key?: 'request' | 'response'): Promise<unknown> {
    for (const hook of hooks) {
      const replaced = await (hook[kind] as ((c: object) => unknown) | undefined)?.({ ...context });
      if (key && replaced) context[key] = replaced;
    }
    return key && context[key];
  }

  async function call(id: string, params: Record<string, unknown> = {}, callOptions: CallOptions = {}) {
    const op = table[id];
    if (!op) throw new TypeError(`no operation ${id}`);
    const path: Record<string, unknown> = {};
    const query: Record<string, unknown> = {};
    const body: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(params)) {
      if (op.pathParams.includes(key)) path[key] = value;
      else if (op.query?.includes(key)) query[key] = key === 'filters' ? usefulFilters(value) : value;
      else if (op.body) body[key] = value;
      else if (value !== undefined) throw new TypeError(`${id} has no parameter "${key}"`);
    }
    path.regionId ??= regionId;
    for (const name of op.pathParams) {
      if (path[name] === undefined || path[name] === null || path[name] === '') {
        throw new TypeError(`${id} needs the path parameter "${name}"`);
      }
    }
    // Safe to repeat: reads, and writes that carry an idempotency token (generated where the operation takes one).
    if (CLIENT_TOKEN_OPERATIONS.includes(id)) body.clientToken ||= fresh().replace(/-/g, '');
    const repeatable = op.method === 'GET' || !!body.clientToken;
    const queryString = encodeIndexedQuery(query, op.indexed ?? []);
    const url = serializePath(base + op.path, path) + (queryString ? `?${queryString}` : '');
    const bodyText = op.body || BODY_METHODS.includes(op.method) ? JSON.stringify(body) : undefined;
    const retry = retrySettings(callOptions.retry, clientRetry);
    const timeoutMs = checked('timeoutMs', callOptions.timeoutMs, clientTimeout);
    const { signal } = callOptions;
    const started = Date.now();
    let skewRetried = false;
    let response: Response | undefined;
    let requestId: string | undefined;
    const metadata = (attempts: number): ResponseMetadata => ({ requestId, httpStatus: response?.status, attempts });

    for (let attempt = 1, retries = 0; ; attempt++) {
      const context: HookContext & Record<string, unknown> = { operation: id as OperationId, params, attempt };
      signal?.throwIfAborted();
      const controller = new AbortController();
      const onAbort = () => controller.abort(signal!.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      let timedOut = false;
      const timer =
        timeoutMs > 0 && timeoutMs < Infinity
          ? setTimeout(() => {
              timedOut = true;
              controller.abort(new JdCloudTimeoutError(timeoutMs));
            }, timeoutMs)
          : undefined;
      let outcome: Outcome;
      response = undefined;
      try {
        let request = new Request(url, { method: op.method, headers: { ...fixedHeaders, ...callOptions.headers }, body: bodyText });
        request = (await run('onRequest', { ...context, request }, 'request')) as Request;
        await signInPlace(request, {
          credentials: await keys().catch((error: unknown) => {
            if (typeof error === 'object' && error !== null) signingErrors.add(error);
            throw error;
          }),
          // The scope names the region of the request path.
          regionId: String(path.regionId),
          signatureVersion,
          date: new Date(Date.now() + clockOffset),
        });
        response = await doFetch(new Request(request, { signal: controller.signal }));
        response = (await run('onResponse', { ...context, request, response }, 'response')) as Response;
        const text = await response.text();
        let parsed: unknown = text;
        try {
          parsed = text.trim() === '' ? undefined : JSON.parse(text);
        } catch {
          // not JSON: kept as text
        }
        const envelope = parsed as { requestId?: unknown; error?: unknown; result?: unknown } | undefined;
        requestId = (typeof envelope?.requestId === 'string' && envelope.requestId) || response.headers.get('x-jdcloud-request-id') || undefined;
        if (!response.ok || typeof parsed === 'string' || (typeof envelope?.error === 'object' && envelope.error !== null)) {
          outcome = { ok: false, error: errorFrom(response, typeof parsed === 'string' && response.ok ? `the answer is not JSON: ${text}` : parsed), response };
        } else {
          outcome = { ok: true, result: envelope?.result };
        }
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (typeof error === 'object' && error !== null && signingErrors.has(error)) throw error;
        outcome = {
          ok: false,
          error: timedOut
            ? new JdCloudTimeoutError(timeoutMs)
            : new JdCloudNetworkError(`${op.method} ${op.path} failed: ${describe(error)}`, { cause: error }),
        };
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }
      if (outcome.ok) {
        budget.succeeded();
        return { result: outcome.result, $metadata: metadata(attempt) };
      }
      const { error } = outcome;
      let delayMs = -1;
      const status = outcome.response?.status;
      const serverDate = Date.parse(outcome.response?.headers.get('date') ?? '');
      if (status === 401 && !skewRetried && Math.abs(serverDate - (Date.now() + clockOffset)) > SKEW_MS) {
        // Refused for the clock, so nothing happened: re-sign with the server's time, whatever the method.
        clockOffset = serverDate - Date.now();
        skewRetried = true;
        delayMs = 0;
      } else if (
        repeatable &&
        retries < retry.retries &&
        (status === undefined || status >= 500 || (status === 429 && (error as JdCloudError).status !== 'QUOTA_EXCEEDED'))
      ) {
        const wait = Math.max(backoffMs(retries + 1, retry), outcome.response ? retryAfterMs(outcome.response) : 0);
        if (Date.now() + wait - started <= retry.maxElapsedMs && budget.spend(status === undefined ? 10 : 5)) {
          retries++;
          delayMs = wait;
        }
      }
      if (delayMs < 0) {
        (error as JdCloudError).$metadata = metadata(attempt);
        await run('onError', { ...context, error });
        throw error;
      }
      await run('onRetry', { ...context, error, delayMs });
      await sleep(delayMs, signal);
    }
  }

  async function* paginate(id: string, params: Record<string, unknown> = {}, callOptions?: CallOptions) {
    const { items, total } = table[id]!.pagination!;
    const firstPage = Number(params.pageNumber ?? 1);
    let pageSize = params.pageSize === undefined ? undefined : Number(params.pageSize);
    let seen = 0;
    for (let page = firstPage; ; page++) {
      const result = (await call(id, { ...params, pageNumber: page }, callOptions)).result as Record<string, unknown> | undefined;
      const list = (result?.[items] ?? []) as unknown[];
      yield* list;
      if (list.length === 0) return;
      pageSize ??= list.length; // the server's default page size, learnt from the first page
      seen += list.length;
      const count = result?.[total];
      if (typeof count === 'number' ? (firstPage - 1) * pageSize + seen >= count : list.length < pageSize) return;
    }
  }

  const client: Record<string, unknown> = {
    paginate,
    withMetadata: call,
    waitFor: (name: WaiterName, params: Record<string, unknown>, waitOptions: WaiterOptions = {}) =>
      runWaiter(name, async (id, signal) => (await call(id, params, { signal })).result, waitOptions, checked),
    use: (...added: VmMiddleware[]) => hooks.push(...added),
    eject: (...removed: VmMiddleware[]) => removed.forEach((m) => hooks.includes(m) && hooks.splice(hooks.indexOf(m), 1)),
  };
  for (const id of Object.keys(table)) {
    client[id] = async (params?: Record<string, unknown>, callOptions?: CallOptions) => (await call(id, params, callOptions)).result;
  }
  return client as unknown as VmClient;
}
