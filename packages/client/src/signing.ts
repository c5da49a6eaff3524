/**
 * JDCLOUD2-HMAC-SHA256 and JDCLOUD3-HMAC-SHA256, the request signatures of the JD Cloud OpenAPI
 * (JDCLOUD2 is what the official Node and Go SDKs sign with, JDCLOUD3 what the Python SDK signs
 * with; the service accepts both). They differ in the algorithm name, the scope terminator and key
 * derivation (`"JDCLOUD3" + secret`, `jdcloud3_request`), the canonical path and query (JDCLOUD3
 * decodes and re-encodes them, see ./jdcloud3.ts) and header values (JDCLOUD2 folds white space,
 * JDCLOUD3 only strips it at both ends). It runs in Node 20+ and browsers: hashing goes through `node:crypto` where the runtime has it (synchronous, several times
 * faster in Node) and through Web Crypto (`globalThis.crypto.subtle`) everywhere else; see ./hashing.ts.
 *
 * The pieces are exported so that a server can verify with exactly the code that signs:
 * {@link canonicalRequest} → {@link stringToSign} → {@link signatureFor}, or {@link verifySignature}.
 */
import { HEX, deriveKey, syncHashing, terminatorOf, webHmacHex, webSha256Hex } from './hashing.js';
import { canonicalPath3, canonicalQuery3, stripValue } from './jdcloud3.js';
import { parseQueryString, rfc3986 } from './query.js';

/** The two signature versions; JDCLOUD2 is the default everywhere. */
export type SignatureVersion = 'JDCLOUD2' | 'JDCLOUD3';

/** The algorithm name of JDCLOUD2 (see {@link algorithmOf}). */
export const ALGORITHM = 'JDCLOUD2-HMAC-SHA256';
/** `JDCLOUD2-HMAC-SHA256` or `JDCLOUD3-HMAC-SHA256`. */
export const algorithmOf = (version: SignatureVersion = 'JDCLOUD2'): string => `${version}-HMAC-SHA256`;
/** Headers that are sent but never signed. */
const UNSIGNED = new Set(['authorization', 'user-agent']);

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

// The internal forms below return a plain value when node:crypto did the work: no promise and no
// thread-pool job per hash. (Awaiting a plain value costs a microtask turn; measured, it makes no
// difference next to the hashing, so signRequest and verifySignature simply await.)

function bodyHash(text: string): string | Promise<string> {
  if (text === '') return EMPTY_SHA256;
  const sync = syncHashing();
  return sync ? sync.sha256Hex(text) : webSha256Hex(text);
}

/** Hex SHA-256 of the UTF-8 bytes of `text`. */
export async function sha256Hex(text: string): Promise<string> {
  return bodyHash(text);
}

// Derived signing keys, per secret, day, region and service (oldest dropped first): raw bytes for
// node:crypto, CryptoKeys for Web Crypto.
const MAX_KEYS = 32;
const rawKeys = /* @__PURE__ */ new Map<string, Uint8Array>();
const signingKeys = /* @__PURE__ */ new Map<string, Promise<CryptoKey>>();

function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  if (cache.size >= MAX_KEYS) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
  return value;
}

/** Where a derived key is cached: it depends on the version, the secret, the day, the region and the service. */
const keyCacheKey = (secret: string, day: string, regionId: string, service: string, version: string) =>
  `${version}\n${day}\n${regionId}\n${service}\n${secret}`;

/** The string to sign, from the hex SHA-256 of the canonical request. */
const toSignOf = (date: string, scope: string, canonicalHash: string, version?: SignatureVersion) =>
  `${algorithmOf(version)}\n${date}\n${scope}\n${canonicalHash}`;

/**
 * The signing key as a Web Crypto key: kDate = HMAC("JDCLOUD2" + secret, YYYYMMDD) (JDCLOUD3:
 * "JDCLOUD3" + secret), then HMAC with the region, the service and "jdcloud2_request"
 * ("jdcloud3_request") in turn. Cached, since it changes once a day. (Where node:crypto does the
 * hashing, signatures use the same key as raw bytes instead.)
 */
export function deriveSigningKey(
  secretAccessKey: string,
  day: string,
  regionId: string,
  service: string,
  version: SignatureVersion = 'JDCLOUD2',
): Promise<CryptoKey> {
  const cacheKey = keyCacheKey(secretAccessKey, day, regionId, service, version);
  let key = signingKeys.get(cacheKey);
  if (!key) {
    key = remember(signingKeys, cacheKey, deriveKey(secretAccessKey, day, regionId, service, version));
    key.catch(() => signingKeys.delete(cacheKey));
  }
  return key;
}

/** `Date` → the `x-jdcloud-date` form, `YYYYMMDDTHHMMSSZ` (UTC). */
export function formatJdcloudDate(date: Date): string {
  return date.toISOString().replace(/[-:]|\.\d{3}/g, '');
}

/** The `x-jdcloud-date` form `YYYYMMDDTHHMMSSZ` → `Date`; `undefined` when malformed. */
export function parseJdcloudDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The credential scope: `<YYYYMMDD>/<regionId>/<service>/jdcloud2_request` (JDCLOUD3: `jdcloud3_request`). */
export function credentialScope(day: string, regionId: string, service: string, version: SignatureVersion = 'JDCLOUD2'): string {
  return `${day}/${regionId}/${service}/${terminatorOf(version)}`;
}

/** Compares strings by Unicode code point, which is the byte order of their UTF-8 encodings. */
function byCodePoint(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/**
 * The canonical query. JDCLOUD2: parameters sorted by decoded name (byte order, so `ids.10` before
 * `ids.2`; repeated names by encoded value), names and values strictly RFC 3986 encoded, joined
 * with `&`. JDCLOUD3: as the Python signer builds it (each part decoded and encoded again, pairs
 * sorted by encoded name and value, empty names and parts without `=` left out; see ./jdcloud3.ts).
 * `search` is the raw query as sent, with or without `?`.
 */
export function canonicalQuery(search: string, version: SignatureVersion = 'JDCLOUD2'): string {
  return canonicalQueryOf(search.startsWith('?') ? search.slice(1) : search, version);
}

/** The canonical path. JDCLOUD2: the path exactly as sent. JDCLOUD3: decoded, `/` runs folded, encoded again (a `:` and `%3A` are one). */
export function canonicalPath(path: string, version: SignatureVersion = 'JDCLOUD2'): string {
  return version === 'JDCLOUD3' ? canonicalPath3(path) : path || '/';
}

/** canonicalQuery of a raw query without its `?`. */
function canonicalQueryOf(query: string, version: SignatureVersion | undefined): string {
  if (version === 'JDCLOUD3') return canonicalQuery3(query);
  return parseQueryString(query)
    .map(([name, value]) => [name, rfc3986(name), rfc3986(value)] as const)
    .sort((a, b) => byCodePoint(a[0], b[0]) || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0))
    .map(([, name, value]) => `${name}=${value}`)
    .join('&');
}

/** Header names lower-cased; several values of one name joined with `, ` (as `Headers` and Node do). */
function lowerCaseHeaders(
  headers: Record<string, string | readonly string[] | undefined> | undefined,
): Record<string, string> {
  // No prototype: a (signed) header named `constructor` or `__proto__` reads as absent, never as Object's.
  const out: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const text = typeof value === 'string' ? value : value.join(', ');
    out[key] = key in out ? `${out[key]}, ${text}` : text;
  }
  return out;
}

/** Every header name that is signed: all present except `authorization` and `user-agent`, sorted, lower case. */
export function signableHeaderNames(headers: Record<string, unknown>): string[] {
  return Object.keys(headers)
    .map((h) => h.toLowerCase())
    .filter((h) => !UNSIGNED.has(h))
    .sort();
}

export interface CanonicalRequestInput {
  /** Default `JDCLOUD2`. */
  version?: SignatureVersion;
  /** HTTP method; upper-cased. */
  method: string;
  /** The path exactly as sent on the wire, e.g. `/v1/regions/cn-north-1/instances/i-abc%3AstopInstance`. */
  path: string;
  /** The raw query as sent (with or without `?`); empty or omitted when there is none. */
  query?: string;
  /** The request headers (any case; several values are joined with `, `). */
  headers: Record<string, string | readonly string[] | undefined>;
  /** Which headers to sign, lower case. Defaults to every given header except `authorization` and `user-agent`. */
  signedHeaders?: readonly string[];
  /** Hex SHA-256 of the body (see {@link sha256Hex}); the empty body's hash when omitted. */
  bodyHash?: string;
}

/** The canonical request (six parts joined with `\n`), exactly as JD Cloud's signers build it. */
export function canonicalRequest(input: CanonicalRequestInput): string {
  const query = input.query ?? '';
  return canonicalOf({ ...input, query: query.startsWith('?') ? query.slice(1) : query }, lowerCaseHeaders(input.headers));
}

/** canonicalRequest for headers lower-cased already and a query without `?` (signRequest and verifySignature have them). */
function canonicalOf(input: Omit<CanonicalRequestInput, 'headers'>, headers: Record<string, string>): string {
  const names = input.signedHeaders ? [...input.signedHeaders].map((h) => h.toLowerCase()).sort() : signableHeaderNames(headers);
  const v3 = input.version === 'JDCLOUD3';
  let canonicalHeaders = '';
  for (const name of names) {
    const value = headers[name] ?? '';
    canonicalHeaders += `${name}:${v3 ? stripValue(value) : value.replace(/\s+/g, ' ').trim()}\n`;
  }
  return [
    input.method.toUpperCase(),
    canonicalPath(input.path, input.version),
    canonicalQueryOf(input.query ?? '', input.version),
    canonicalHeaders,
    names.join(';'),
    input.bodyHash ?? EMPTY_SHA256,
  ].join('\n');
}

/** The string to sign: algorithm, `x-jdcloud-date`, scope and the hex SHA-256 of the canonical request. */
export async function stringToSign(date: string, scope: string, canonical: string, version?: SignatureVersion): Promise<string> {
  return toSignOf(date, scope, await sha256Hex(canonical), version);
}

export interface SignatureInput {
  /** Default `JDCLOUD2`. */
  version?: SignatureVersion;
  secretAccessKey: string;
  /** The `x-jdcloud-date` value, `YYYYMMDDTHHMMSSZ`. */
  date: string;
  regionId: string;
  /** Service name in the scope; `vm` for this API. */
  service: string;
  /** The canonical request (see {@link canonicalRequest}). */
  canonicalRequest: string;
}

function signatureOf(input: SignatureInput): string | Promise<string> {
  const { secretAccessKey, regionId, service, version = 'JDCLOUD2' } = input;
  const day = input.date.slice(0, 8);
  const scope = credentialScope(day, regionId, service, version);
  const sync = syncHashing();
  if (!sync) {
    return Promise.all([
      deriveSigningKey(secretAccessKey, day, regionId, service, version),
      stringToSign(input.date, scope, input.canonicalRequest, version),
    ]).then(([key, toSign]) => webHmacHex(key, toSign));
  }
  const cacheKey = keyCacheKey(secretAccessKey, day, regionId, service, version);
  const key = rawKeys.get(cacheKey) ?? remember(rawKeys, cacheKey, sync.deriveKey(secretAccessKey, day, regionId, service, version));
  return sync.hmacHex(key, toSignOf(input.date, scope, sync.sha256Hex(input.canonicalRequest), version));
}

/** The hex signature of a canonical request. */
export async function signatureFor(input: SignatureInput): Promise<string> {
  return signatureOf(input);
}

/** The `authorization` header value. */
export function authorizationHeader(
  accessKeyId: string,
  scope: string,
  signedHeaders: readonly string[],
  signature: string,
  version?: SignatureVersion,
): string {
  return `${algorithmOf(version)} Credential=${accessKeyId}/${scope}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`;
}

export interface ParsedAuthorization {
  /** Which scheme signed: the algorithm name and the scope terminator agree. */
  version: SignatureVersion;
  accessKeyId: string;
  /** `YYYYMMDD` from the scope. */
  day: string;
  regionId: string;
  service: string;
  /** The full scope, `<day>/<regionId>/<service>/jdcloud2_request` (or `jdcloud3_request`). */
  scope: string;
  signedHeaders: string[];
  signature: string;
}

/**
 * Reads a `JDCLOUD2-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` header (or its
 * JDCLOUD3 twin, whose scope ends in `jdcloud3_request`); `undefined` when malformed.
 */
export function parseAuthorization(header: string | undefined): ParsedAuthorization | undefined {
  const m =
    /^JDCLOUD([23])-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/jdcloud([23])_request\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-f]{64})$/.exec(
      header?.trim() ?? '',
    );
  if (!m || m[1] !== m[6]) return undefined;
  const [, digit, accessKeyId, day, regionId, service, , signed, signature] = m as unknown as string[];
  const version: SignatureVersion = digit === '3' ? 'JDCLOUD3' : 'JDCLOUD2';
  return {
    version,
    accessKeyId: accessKeyId!,
    day: day!,
    regionId: regionId!,
    service: service!,
    scope: credentialScope(day!, regionId!, service!, version),
    signedHeaders: signed!.split(';'),
    signature: signature!,
  };
}

/** A fresh UUID v4 (also where `crypto.randomUUID` is missing: browsers outside secure contexts). */
export function fresh(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  // randomUUID is missing outside secure contexts in browsers: build a v4 UUID by hand.
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => HEX[x]!).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export interface SignableRequest {
  method: string;
  /** Absolute URL, exactly as it will be sent (the path and query are signed as they appear in it). */
  url: string;
  headers?: Record<string, string>;
  /** The body exactly as it will be sent; none or `''` for no body. */
  body?: string;
}

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Region in the scope: the region of the request path. */
  regionId: string;
  /** Service in the scope; default `vm`. */
  service?: string;
  /** Signing time; default now. */
  date?: Date;
  /** `x-jdcloud-nonce`; default a fresh UUID v4. */
  nonce?: string;
  /** `JDCLOUD2` (default, as the official Node and Go SDKs) or `JDCLOUD3` (as the official Python SDK). */
  signatureVersion?: SignatureVersion;
}

/**
 * Signs a request with JDCLOUD2-HMAC-SHA256 (or JDCLOUD3, see `signatureVersion`) and returns
 * every header to send, names lower case: the given ones plus `host`, `x-jdcloud-date`,
 * `x-jdcloud-nonce` and `authorization`. Every header except `authorization` and `user-agent` is
 * signed. JDCLOUD2 signs the URL's path and query as they appear in it, so encode them before
 * signing (the client sends a custom method's `:` as `%3A`); JDCLOUD3 decodes and re-encodes them.
 */
export async function signRequest(
  request: SignableRequest,
  credentials: SigningCredentials,
): Promise<Record<string, string>> {
  const url = new URL(request.url);
  const headers = lowerCaseHeaders(request.headers);
  headers.host ??= url.host;
  const date = formatJdcloudDate(credentials.date ?? new Date());
  headers['x-jdcloud-date'] = date;
  headers['x-jdcloud-nonce'] = credentials.nonce ?? fresh();
  delete headers.authorization;
  const service = credentials.service ?? 'vm';
  const version = credentials.signatureVersion;
  const signed = signableHeaderNames(headers);
  const canonical = canonicalOf(
    {
      version,
      method: request.method,
      path: url.pathname,
      query: url.search.slice(1),
      signedHeaders: signed,
      bodyHash: await bodyHash(request.body ?? ''),
    },
    headers,
  );
  const signature = await signatureOf({
    version,
    secretAccessKey: credentials.secretAccessKey,
    date,
    regionId: credentials.regionId,
    service,
    canonicalRequest: canonical,
  });
  headers.authorization = authorizationHeader(
    credentials.accessKeyId,
    credentialScope(date.slice(0, 8), credentials.regionId, service, version),
    signed,
    signature,
    version,
  );
  return headers;
}

export interface ReceivedRequest {
  method: string;
  /** The request target as received: path and query, e.g. `req.url` in Node (`/v1/...%3AstopInstance?x=1`). */
  url: string;
  /** The received headers (Node's `req.headers` fits). */
  headers: Record<string, string | readonly string[] | undefined>;
  /** The raw body as received; none or `''` for no body. */
  body?: string;
}

export type VerifyResult =
  /** `nonce`: the `x-jdcloud-nonce` sent, signed or not; `undefined` when none was sent. */
  | { ok: true; authorization: ParsedAuthorization; date: Date; nonce: string | undefined }
  | { ok: false; reason: string; authorization?: ParsedAuthorization };

/**
 * Checks a received request's signature, JDCLOUD2 or JDCLOUD3 (the `authorization` header says
 * which), with the same code that signs. `secretFor` returns the secret of an access key (or
 * `undefined` for an unknown key). The signed headers are the ones the client declared: `host`
 * must be among them, every one must be present, and `x-jdcloud-date` must be sent (signed or
 * not: it is part of the string to sign anyway) with the scope's day. The official Python SDK signs
 * only `content-type;host`, so neither the date nor the nonce has to be signed. Clock skew and nonce
 * reuse are left to the caller (`date`, `nonce`).
 */
export async function verifySignature(
  request: ReceivedRequest,
  secretFor: (accessKeyId: string) => string | undefined | Promise<string | undefined>,
): Promise<VerifyResult> {
  const headers = lowerCaseHeaders(request.headers);
  const authorization = parseAuthorization(headers.authorization);
  if (!authorization) return { ok: false, reason: 'missing or malformed authorization header' };
  const fail = (reason: string): VerifyResult => ({ ok: false, reason, authorization });
  if (!authorization.signedHeaders.includes('host')) return fail('host is not signed');
  for (const name of authorization.signedHeaders) {
    if (headers[name] === undefined) return fail(`signed header ${name} is missing`);
  }
  const dateText = headers['x-jdcloud-date'];
  if (dateText === undefined) return fail('x-jdcloud-date is missing');
  const date = parseJdcloudDate(dateText);
  if (!date) return fail('malformed x-jdcloud-date');
  if (dateText.slice(0, 8) !== authorization.day) return fail('credential scope day does not match x-jdcloud-date');
  const secret = await secretFor(authorization.accessKeyId);
  if (secret === undefined) return fail(`unknown access key ${authorization.accessKeyId}`);
  const q = request.url.indexOf('?');
  const { version } = authorization;
  const expected = await signatureOf({
    version,
    secretAccessKey: secret,
    date: dateText,
    regionId: authorization.regionId,
    service: authorization.service,
    canonicalRequest: canonicalOf(
      {
        version,
        method: request.method,
        path: q === -1 ? request.url : request.url.slice(0, q),
        query: q === -1 ? '' : request.url.slice(q + 1),
        signedHeaders: authorization.signedHeaders,
        bodyHash: await bodyHash(request.body ?? ''),
      },
      headers,
    ),
  });
  let diff = expected.length ^ authorization.signature.length;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ authorization.signature.charCodeAt(i);
  if (diff !== 0) return fail('signature does not match');
  return { ok: true, authorization, date, nonce: headers['x-jdcloud-nonce'] };
}
