import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { JdCloudError, JdCloudNetworkError, JdCloudTimeoutError } from './errors.js';
import { basePath, defaultEndpoint, vmOperations, type VmOperationId } from './generated/operations.js';
import type { operations, paths } from './generated/schema.js';
import type { OperationSpec } from './operation.js';
import { encodeIndexedQuery, rfc3986 } from './query.js';
import { signRequest, type SignatureVersion } from './signing.js';

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

/** What an operation's method resolves to: the `result` of the success envelope. */
export type OperationResult<K extends OperationId> = SuccessBody<K> extends { result?: unknown }
  ? SuccessBody<K>['result'] // includes `undefined` where the envelope's result is optional
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

export interface RetryOptions {
  /** Retries after the first attempt; default 2. */
  retries?: number;
  /** Base of the exponential backoff, in ms; default 200. */
  minDelayMs?: number;
  /** Longest wait between two attempts, in ms (also caps `Retry-After`); default 5000. */
  maxDelayMs?: number;
}

export interface CallOptions {
  /** Cancels the call (and any retry wait); the call rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Limit for one attempt, in ms; overrides the client's. `0` or `Infinity`: none. */
  timeoutMs?: number;
  /** Overrides the client's retry settings for this call; `false` turns retries off. */
  retry?: RetryOptions | false;
  /** Extra headers for this call; they are signed too (except `user-agent`). */
  headers?: Record<string, string>;
}

export interface VmClientOptions {
  accessKeyId: string;
  secretAccessKey: string;
  /** Region used when a call gives no `regionId`, e.g. `cn-north-1`. */
  regionId: string;
  /** Scheme, host and port; default `https://vm.jdcloud-api.com`. The local stub is `http://127.0.0.1:8000`. */
  endpoint?: string;
  /** The `fetch` to use; default `globalThis.fetch`. */
  fetch?: (request: Request) => Promise<Response>;
  /** Limit for one attempt of a call, in ms; default 30000. `0` or `Infinity`: none. */
  timeoutMs?: number;
  /**
   * Retries with exponential backoff and jitter on network errors, timeouts, 429 and 5xx, for GET
   * requests and requests carrying a `clientToken` (never on other 4xx). On by default
   * (2 retries); `false` turns them off.
   */
  retry?: RetryOptions | false;
  /** Headers added to every request (signed, except `user-agent`). */
  headers?: Record<string, string>;
  /**
   * The signature scheme: `JDCLOUD2` (default, as the official Node and Go SDKs sign) or
   * `JDCLOUD3` (as the official Python SDK signs). JD Cloud accepts both.
   */
  signatureVersion?: SignatureVersion;
}

type Args<P> = {} extends P ? [params?: P, options?: CallOptions] : [params: P, options?: CallOptions];

/** The method of one operation: takes its parameters, resolves to its typed `result`. */
export type OperationMethod<K extends OperationId> = (...args: Args<OperationParams<K>>) => Promise<OperationResult<K>>;

export type VmClient = { readonly [K in OperationId]: OperationMethod<K> } & {
  /** The underlying openapi-fetch client (signed, same endpoint) for raw `GET`/`POST` calls. */
  readonly raw: Client<paths>;
  /**
   * Every item of a paged describe operation, fetching pages lazily (`pageNumber` from
   * `params.pageNumber` or 1, `pageSize` as given) until `totalCount` items have been seen.
   */
  paginate<K extends PagedOperationId>(
    operation: K,
    ...args: Args<OperationParams<K>>
  ): AsyncGenerator<PageItem<K>, void, undefined>;
};

// ---------------------------------------------------------------------------------------------
// Runtime.

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRY: Required<RetryOptions> = { retries: 2, minDelayMs: 200, maxDelayMs: 5_000 };
/** Methods that always carry a JSON body (`{}` when empty), as JD Cloud's own SDKs send them. */
const BODY_METHODS = ['POST', 'PUT', 'PATCH'];

/** Errors thrown while signing, so they are rethrown as they are and never retried. */
const signingErrors = /* @__PURE__ */ new WeakSet<object>();

/** Splits a URL into what precedes its path and its path. */
const ORIGIN = /^([a-z][a-z\d+.-]*:\/\/[^/?#]*)?(.*)$/i;

/**
 * openapi-fetch path serializer: fills `{name}` with the raw values, then percent-encodes every path
 * segment strictly per RFC 3986, as JD Cloud's SDKs do (`i-abc:stopInstance` → `i-abc%3AstopInstance`).
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

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** `Retry-After` in ms (seconds or an HTTP date), or 0. */
function retryAfterMs(response: Response): number {
  const value = response.headers.get('retry-after');
  if (!value) return 0;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
  return ms > 0 ? ms : 0;
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

type UntypedClient = {
  request(
    method: string,
    path: string,
    init: Record<string, unknown>,
  ): Promise<{ data?: unknown; error?: unknown; response: Response }>;
};

/**
 * A typed client of the JD Cloud VM API: one method per operation, named after its operationId,
 * every request signed with JDCLOUD2-HMAC-SHA256.
 *
 * ```ts
 * const vm = createVmClient({ accessKeyId, secretAccessKey, regionId: 'cn-north-1' });
 * await vm.stopInstance({ instanceId: 'i-eumm0kd4k1' });
 * ```
 */
export function createVmClient(options: VmClientOptions): VmClient {
  const { accessKeyId, secretAccessKey, regionId } = options;
  if (!accessKeyId || !secretAccessKey || !regionId) {
    throw new TypeError('createVmClient needs accessKeyId, secretAccessKey and regionId');
  }
  const signatureVersion = options.signatureVersion ?? 'JDCLOUD2';
  if (!/^JDCLOUD[23]$/.test(signatureVersion)) throw new TypeError(`signatureVersion ${signatureVersion}?`);
  const table: Record<string, OperationSpec> = vmOperations;
  const endpoint = (options.endpoint ?? defaultEndpoint).replace(/\/+$/, '');
  const allIndexed = new Set(Object.values(table).flatMap((op) => op.indexed ?? []));

  const raw = createClient<paths>({
    baseUrl: endpoint + basePath,
    // Read at call time, so a fetch installed later (or a test double) is used.
    fetch: options.fetch ?? ((request: Request) => globalThis.fetch(request)),
    headers: { accept: 'application/json', 'content-type': 'application/json', ...options.headers },
    querySerializer: (query: Record<string, unknown>) => encodeIndexedQuery(query, allIndexed),
    pathSerializer: serializePath,
  });

  const signer: Middleware = {
    async onRequest({ request, params }) {
      try {
        const headers: Record<string, string> = {};
        request.headers.forEach((value, name) => {
          headers[name] = value;
        });
        const signed = await signRequest(
          {
            method: request.method,
            url: request.url,
            headers,
            body: request.body ? await request.clone().text() : '',
          },
          {
            accessKeyId,
            secretAccessKey,
            signatureVersion,
            // The scope names the region of the request path.
            regionId: String((params.path as Record<string, unknown> | undefined)?.regionId ?? regionId),
          },
        );
        // host is derived from the URL by fetch (and may not be set in browsers).
        for (const [name, value] of Object.entries(signed)) if (name !== 'host') request.headers.set(name, value);
      } catch (error) {
        if (typeof error === 'object' && error !== null) signingErrors.add(error);
        throw error;
      }
    },
  };
  raw.use(signer);

  async function call(id: string, params: Record<string, unknown> = {}, callOptions: CallOptions = {}): Promise<unknown> {
    const op = table[id]!;
    const path: Record<string, unknown> = {};
    const query: Record<string, unknown> = {};
    const body: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(params)) {
      if (op.pathParams.includes(key)) path[key] = value;
      else if (op.query?.includes(key)) query[key] = value;
      else if (op.body) body[key] = value;
      else if (value !== undefined) throw new TypeError(`${id} has no parameter "${key}"`);
    }
    if (op.pathParams.includes('regionId')) path.regionId ??= regionId;
    for (const name of op.pathParams) {
      if (path[name] === undefined || path[name] === null || path[name] === '') {
        throw new TypeError(`${id} needs the path parameter "${name}"`);
      }
    }
    const init = {
      params: { path, query },
      body: op.body || BODY_METHODS.includes(op.method) ? body : undefined,
      headers: callOptions.headers,
      parseAs: 'text',
      querySerializer: (q: Record<string, unknown>) => encodeIndexedQuery(q, op.indexed ?? []),
    };
    const retrySetting = callOptions.retry ?? options.retry;
    const retry = retrySetting === false ? { ...DEFAULT_RETRY, retries: 0 } : { ...DEFAULT_RETRY, ...retrySetting };
    // Safe to repeat: reads, and writes that carry an idempotency token.
    const repeatable = op.method === 'GET' || (params.clientToken !== undefined && params.clientToken !== null && params.clientToken !== '');
    const timeoutMs = callOptions.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const signal = callOptions.signal;

    for (let attempt = 0; ; attempt++) {
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
      let failure: Error;
      let wait = 0;
      try {
        const { data, error, response } = await (raw as unknown as UntypedClient).request(op.method, op.path, {
          ...init,
          signal: controller.signal,
        });
        if (response.ok) {
          if (typeof data !== 'string' || data.trim() === '') return undefined;
          let envelope: Record<string, unknown>;
          try {
            envelope = JSON.parse(data) as Record<string, unknown>;
          } catch {
            throw errorFrom(response, `the answer is not JSON: ${data}`);
          }
          // An error envelope is an error whatever the status says.
          if (typeof envelope?.error === 'object' && envelope.error !== null) throw errorFrom(response, envelope);
          return envelope?.result;
        }
        failure = errorFrom(response, error);
        if (response.status !== 429 && response.status < 500) throw failure;
        wait = retryAfterMs(response);
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (error instanceof JdCloudError) throw error;
        if (typeof error === 'object' && error !== null && signingErrors.has(error)) throw error;
        failure = timedOut
          ? new JdCloudTimeoutError(timeoutMs)
          : new JdCloudNetworkError(`${op.method} ${op.path} failed: ${describe(error)}`, { cause: error });
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }
      if (!repeatable || attempt >= retry.retries) throw failure;
      const cap = Math.min(retry.maxDelayMs, retry.minDelayMs * 2 ** attempt);
      // Equal jitter: half the backoff, plus a random part of the other half.
      await sleep(Math.min(retry.maxDelayMs, Math.max(wait, cap / 2 + (Math.random() * cap) / 2)), signal);
    }
  }

  async function* paginate(id: string, params: Record<string, unknown> = {}, callOptions?: CallOptions) {
    const { items, total } = table[id]!.pagination!;
    const firstPage = Number(params.pageNumber ?? 1);
    let pageSize = params.pageSize === undefined ? undefined : Number(params.pageSize);
    let seen = 0;
    for (let page = firstPage; ; page++) {
      const result = (await call(id, { ...params, pageNumber: page }, callOptions)) as
        | Record<string, unknown>
        | undefined;
      const list = (result?.[items] ?? []) as unknown[];
      yield* list;
      if (list.length === 0) return;
      pageSize ??= list.length; // the server's default page size, learnt from the first page
      seen += list.length;
      const count = result?.[total];
      if (typeof count === 'number' ? (firstPage - 1) * pageSize + seen >= count : list.length < pageSize) return;
    }
  }

  const client: Record<string, unknown> = { raw, paginate };
  for (const id of Object.keys(table)) {
    client[id] = (params?: Record<string, unknown>, options?: CallOptions) => call(id, params, options);
  }
  return client as unknown as VmClient;
}
