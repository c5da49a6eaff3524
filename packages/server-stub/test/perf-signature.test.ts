// Issue 7: the stub verifies signatures with the client's verifySignature, which in Node hashes
// synchronously with node:crypto (it used to keep its own node:crypto copy of the checks, because
// the client's Web Crypto hashing cost an async thread-pool job per hash). The requests here are
// signed by the official JD Cloud signer, so the stub is checked against it and not against
// itself: what it signs is accepted, and a tampered request is refused with the reason the stub
// has always given.
import { formatJdcloudDate } from '@jdcloud-vm/client/signing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { officialSign } from '../../client/test/helpers/official-signer.mjs';
import { type RawRequest, createAuthenticator } from '../src/auth/verify.js';
import { ManualClock } from '../src/state/clock.js';

const KEYS: Record<string, string> = { AK_ONE: 'SK_ONE', AK_TWO: 'sk/two+=' };
const NOW = new Date('2024-05-01T08:30:00Z');
let nonce = 0;

/** A request as the stub receives it, signed by the official jdcloud-sdk-js signer. */
function signed(method: string, pathAndQuery: string, body = '', extra: Record<string, string> = {}, key = 'AK_ONE'): RawRequest {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...extra };
  const fresh = `00000000-0000-4000-8000-${String((nonce += 1)).padStart(12, '0')}`;
  const { authorization } = officialSign({
    method,
    url: `http://127.0.0.1:8000${pathAndQuery}`,
    headers,
    body,
    regionId: 'cn-north-1',
    accessKeyId: key,
    secretAccessKey: KEYS[key]!,
    date: NOW,
    nonce: fresh,
  });
  return {
    method,
    rawUrl: pathAndQuery,
    // As Node hands them to the server: lower-case names, plus what the transport adds.
    headers: {
      ...headers,
      host: '127.0.0.1:8000',
      'x-jdcloud-date': formatJdcloudDate(NOW),
      'x-jdcloud-nonce': fresh,
      authorization,
      'user-agent': 'JdcloudSdkNode/1.0.0',
      'content-length': String(Buffer.byteLength(body)),
    },
    rawBody: Buffer.from(body),
    regionId: 'cn-north-1',
  };
}

const authenticator = () =>
  createAuthenticator(
    Object.entries(KEYS).map(([accessKeyId, secretAccessKey]) => ({ accessKeyId, secretAccessKey })),
    new ManualClock(NOW),
  );

/** The 401 message, or `ok <account>`. */
const outcome = (request: RawRequest, auth = authenticator()) =>
  auth.authenticate(request).then(
    (account) => `ok ${account}`,
    (error: Error) => error.message,
  );

describe("the stub verifies with the client's verifySignature", () => {
  afterEach(() => vi.restoreAllMocks());

  it('accepts what the official signer signs: queries, bodies (non-ASCII too), %3A and literal colons, two keys', async () => {
    const requests = [
      signed('GET', '/v1/regions/cn-north-1/instances?filters.1.name=status&filters.1.values.1=running&pageSize=10'),
      signed('GET', '/v1/regions/cn-north-1/instances?filters.1.name=name&filters.1.values.1=%E4%B8%AD%20x%2A%21'),
      signed('POST', '/v1/regions/cn-north-1/instances/i-abc%3AstopInstance', '{}'),
      signed('POST', '/v1/regions/cn-north-1/instances/i-abc:startInstance', '{}'),
      signed('POST', '/v1/regions/cn-north-1/keypairs', JSON.stringify({ keyName: 'ключ-密钥' }), {}, 'AK_TWO'),
      signed('DELETE', '/v1/regions/cn-north-1/keypairs/k1', '', { 'x-extra': '  a   b  ' }),
    ];
    const auth = authenticator();
    for (const request of requests) expect(await outcome(request, auth), request.rawUrl).toMatch(/^ok AK_(ONE|TWO)$/);
  });

  it('refuses tampered requests with the same reasons as before', async () => {
    const base = signed('POST', '/v1/regions/cn-north-1/keypairs?x=1', '{"keyName":"a"}');
    const authorization = String(base.headers.authorization);
    const failed = (reason: string) => `Signature verification failed: ${reason}.`;
    const cases: Array<[RawRequest, string]> = [
      [{ ...base, rawBody: Buffer.from('{"keyName":"b"}') }, failed('signature does not match')],
      [{ ...base, rawUrl: '/v1/regions/cn-north-1/keypairs?x=2' }, failed('signature does not match')],
      [{ ...base, rawUrl: '/v1/regions/cn-north-1/keypairs/other?x=1' }, failed('signature does not match')],
      [{ ...base, method: 'PUT' }, failed('signature does not match')],
      [{ ...base, headers: { ...base.headers, 'x-jdcloud-nonce': 'another' } }, failed('signature does not match')],
      [{ ...base, headers: { ...base.headers, 'content-type': 'text/plain' } }, failed('signature does not match')],
      [{ ...base, headers: { ...base.headers, authorization: authorization.replace(/Signature=\w/, 'Signature=0') } }, failed('signature does not match')],
      [{ ...base, headers: { ...base.headers, authorization: authorization.replace('AK_ONE', 'AK_NOBODY') } }, failed('unknown access key AK_NOBODY')],
      [
        { ...base, headers: { ...base.headers, authorization: authorization.replace('SignedHeaders=', 'SignedHeaders=x-missing;') } },
        failed('signed header x-missing is missing'),
      ],
      [
        { ...base, headers: { ...base.headers, authorization: authorization.replace(/SignedHeaders=[^,]+/, 'SignedHeaders=content-type;host;x-jdcloud-date') } },
        // The nonce need not be signed (the Python SDK does not), but the signature covers the declared set.
        failed('signature does not match'),
      ],
      [{ ...base, headers: { ...base.headers, 'x-jdcloud-date': '20240101T000000' } }, failed('malformed x-jdcloud-date')],
      [{ ...base, headers: { ...base.headers, 'x-jdcloud-date': '19990101T000000Z' } }, failed('credential scope day does not match x-jdcloud-date')],
      [{ ...base, headers: { ...base.headers, authorization: 'JDCLOUD2-HMAC-SHA256 nonsense' } }, failed('missing or malformed authorization header')],
      [{ ...base, headers: { ...base.headers, authorization: undefined } }, 'The request is not signed: the authorization header is missing.'],
      [{ ...base, headers: { ...base.headers, host: ['127.0.0.1:8000', 'evil'] as unknown as string } }, failed('signature does not match')],
      [{ ...base, rawBody: Buffer.from([0x7b, 0xff, 0x7d]) }, 'Signature does not match: the body is not valid UTF-8.'],
    ];
    for (const [request, message] of cases) expect(await outcome(request)).toBe(message);
    // And the untouched request passes, once.
    const auth = authenticator();
    expect(await outcome(base, auth)).toBe('ok AK_ONE');
    expect(await outcome(base, auth)).toMatch(/x-jdcloud-nonce '.*' was already used/);
  });

  it('hashes with node:crypto: no Web Crypto job per request', async () => {
    const digest = vi.spyOn(globalThis.crypto.subtle, 'digest');
    const sign = vi.spyOn(globalThis.crypto.subtle, 'sign');
    const importKey = vi.spyOn(globalThis.crypto.subtle, 'importKey');
    const auth = authenticator();
    expect(await outcome(signed('POST', '/v1/regions/cn-north-1/keypairs', '{"keyName":"a"}', {}, 'AK_TWO'), auth)).toBe('ok AK_TWO');
    expect(await outcome(signed('GET', '/v1/regions/cn-north-1/keypairs?pageSize=10'), auth)).toBe('ok AK_ONE');
    expect(digest).not.toHaveBeenCalled();
    expect(sign).not.toHaveBeenCalled();
    expect(importKey).not.toHaveBeenCalled();
  });
});
