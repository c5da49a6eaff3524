// JDCLOUD2-HMAC-SHA256 verification with node:crypto. It is @jdcloud-vm/client/signing's
// verifySignature step for step (same checks, same order, same reasons) and builds the canonical
// request with the client's own `canonicalRequest` and `parseAuthorization`; only the hashing
// differs. verifySignature hashes with Web Crypto (it runs in browsers too): every digest and HMAC
// is an async job handed to libuv's thread pool, ~60–80 µs of a ~100 µs verification on the
// bench machine, ~11% of the stub's CPU under load. node:crypto does the same hashes synchronously.
// test/perf-signature.test.ts checks that both verifiers agree on valid and tampered requests.
import { createHash, createHmac } from 'node:crypto';
import {
  ALGORITHM,
  type ReceivedRequest,
  type VerifyResult,
  canonicalRequest,
  parseAuthorization,
  parseJdcloudDate,
} from '@jdcloud-vm/client/signing';

const TERMINATOR = 'jdcloud2_request';
const MAX_KEYS = 32;
// Derived signing keys, per secret, day, region and service (oldest dropped first), as the client does.
const signingKeys = new Map<string, Buffer>();

function signingKey(secret: string, day: string, regionId: string, service: string): Buffer {
  const cacheKey = `${day}\n${regionId}\n${service}\n${secret}`;
  let key = signingKeys.get(cacheKey);
  if (!key) {
    key = createHmac('sha256', `JDCLOUD2${secret}`).update(day).digest();
    for (const part of [regionId, service, TERMINATOR]) key = createHmac('sha256', key).update(part).digest();
    if (signingKeys.size >= MAX_KEYS) signingKeys.delete(signingKeys.keys().next().value as string);
    signingKeys.set(cacheKey, key);
  }
  return key;
}

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Header names lower-cased; several values of one name joined with `, ` (as the client's verifier reads them). */
function lowerCaseHeaders(headers: ReceivedRequest['headers']): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const text = typeof value === 'string' ? value : value.join(', ');
    out[key] = key in out ? `${out[key]}, ${text}` : text;
  }
  return out;
}

/** verifySignature of @jdcloud-vm/client/signing, synchronous, hashing with node:crypto. */
export function verifySignatureSync(
  request: ReceivedRequest,
  secretFor: (accessKeyId: string) => string | undefined,
): VerifyResult {
  const headers = lowerCaseHeaders(request.headers);
  const authorization = parseAuthorization(headers.authorization);
  if (!authorization) return { ok: false, reason: 'missing or malformed authorization header' };
  const fail = (reason: string): VerifyResult => ({ ok: false, reason, authorization });
  for (const required of ['host', 'x-jdcloud-date', 'x-jdcloud-nonce']) {
    if (!authorization.signedHeaders.includes(required)) return fail(`${required} is not signed`);
  }
  for (const name of authorization.signedHeaders) {
    if (headers[name] === undefined) return fail(`signed header ${name} is missing`);
  }
  const dateText = headers['x-jdcloud-date'] as string;
  const date = parseJdcloudDate(dateText);
  if (!date) return fail('malformed x-jdcloud-date');
  if (dateText.slice(0, 8) !== authorization.day) return fail('credential scope day does not match x-jdcloud-date');
  const secret = secretFor(authorization.accessKeyId);
  if (secret === undefined) return fail(`unknown access key ${authorization.accessKeyId}`);
  const q = request.url.indexOf('?');
  const canonical = canonicalRequest({
    method: request.method,
    path: q === -1 ? request.url : request.url.slice(0, q),
    query: q === -1 ? '' : request.url.slice(q + 1),
    headers,
    signedHeaders: authorization.signedHeaders,
    bodyHash: sha256Hex(request.body ?? ''),
  });
  const toSign = `${ALGORITHM}\n${dateText}\n${authorization.scope}\n${sha256Hex(canonical)}`;
  const expected = createHmac('sha256', signingKey(secret, authorization.day, authorization.regionId, authorization.service))
    .update(toSign, 'utf8')
    .digest('hex');
  let diff = expected.length ^ authorization.signature.length;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ authorization.signature.charCodeAt(i);
  if (diff !== 0) return fail('signature does not match');
  return { ok: true, authorization, date, nonce: headers['x-jdcloud-nonce'] as string };
}
