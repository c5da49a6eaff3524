// Issue 7: the stub verifies signatures with node:crypto (src/auth/hmac.ts) instead of the client's
// Web Crypto verifySignature. Both must give the same answer, with the same reason, on valid and
// on tampered requests: the checks are not weakened, only the hashing is done synchronously.
import { type ReceivedRequest, signRequest, verifySignature } from '@jdcloud-vm/client/signing';
import { describe, expect, it } from 'vitest';
import { verifySignatureSync } from '../src/auth/hmac.js';

const KEYS: Record<string, string> = { AK_ONE: 'SK_ONE', AK_TWO: 'sk/two+=' };
const secretFor = (id: string) => KEYS[id];
const HOST = 'http://127.0.0.1:8000';

async function signed(method: string, pathAndQuery: string, body = '', extra: Record<string, string> = {}, key = 'AK_ONE'): Promise<ReceivedRequest> {
  const headers = await signRequest(
    { method, url: `${HOST}${pathAndQuery}`, headers: { 'content-type': 'application/json', ...extra }, body },
    { accessKeyId: key, secretAccessKey: KEYS[key] ?? 'unknown', regionId: 'cn-north-1' },
  );
  // As Node hands them to the server: lower-case names.
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method, url: pathAndQuery, headers: lower, body };
}

const same = async (request: ReceivedRequest) => {
  const expected = await verifySignature(request, secretFor);
  const actual = verifySignatureSync(request, secretFor);
  expect(actual).toEqual(expected);
  return actual;
};

describe('verifySignatureSync agrees with the client\'s verifySignature', () => {
  it('accepts what the client signs: queries, bodies (non-ASCII too), %3A and literal colons, two keys', async () => {
    const requests = [
      await signed('GET', '/v1/regions/cn-north-1/instances?filters.1.name=status&filters.1.values.1=running&pageSize=10'),
      await signed('GET', '/v1/regions/cn-north-1/instances?filters.1.name=name&filters.1.values.1=%E4%B8%AD%20x%2A%21'),
      await signed('POST', '/v1/regions/cn-north-1/instances/i-abc%3AstopInstance', '{}'),
      await signed('POST', '/v1/regions/cn-north-1/instances/i-abc:startInstance', '{}'),
      await signed('POST', '/v1/regions/cn-north-1/keypairs', JSON.stringify({ keyName: 'ключ-密钥' }), {}, 'AK_TWO'),
      await signed('DELETE', '/v1/regions/cn-north-1/keypairs/k1', '', { 'x-extra': '  a   b  ' }),
    ];
    for (const request of requests) expect((await same(request)).ok).toBe(true);
  });

  it('refuses tampered requests with the same reasons', async () => {
    const base = await signed('POST', '/v1/regions/cn-north-1/keypairs?x=1', '{"keyName":"a"}');
    const variants: ReceivedRequest[] = [
      { ...base, body: '{"keyName":"b"}' },
      { ...base, url: '/v1/regions/cn-north-1/keypairs?x=2' },
      { ...base, url: '/v1/regions/cn-north-1/keypairs/other?x=1' },
      { ...base, method: 'PUT' },
      { ...base, headers: { ...base.headers, 'x-jdcloud-nonce': 'another' } },
      { ...base, headers: { ...base.headers, 'content-type': 'text/plain' } },
      { ...base, headers: { ...base.headers, authorization: String(base.headers.authorization).replace(/Signature=\w/, 'Signature=0') } },
      { ...base, headers: { ...base.headers, authorization: String(base.headers.authorization).replace('AK_ONE', 'AK_NOBODY') } },
      { ...base, headers: { ...base.headers, authorization: String(base.headers.authorization).replace('SignedHeaders=', 'SignedHeaders=x-missing;') } },
      { ...base, headers: { ...base.headers, authorization: String(base.headers.authorization).replace(/SignedHeaders=[^,]+/, 'SignedHeaders=content-type;host;x-jdcloud-date') } },
      { ...base, headers: { ...base.headers, 'x-jdcloud-date': '20240101T000000' } },
      { ...base, headers: { ...base.headers, 'x-jdcloud-date': '19990101T000000Z' } },
      { ...base, headers: { ...base.headers, authorization: 'JDCLOUD2-HMAC-SHA256 nonsense' } },
      { ...base, headers: { ...base.headers, authorization: undefined } },
      { ...base, headers: { ...base.headers, host: ['127.0.0.1:8000', 'evil'] } },
    ];
    for (const request of variants) expect((await same(request)).ok).toBe(false);
  });
});
