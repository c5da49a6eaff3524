import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serializePath } from '../src/client.js';
import { syncHashing, useWebCryptoOnly } from '../src/hashing.js';
import { encodeIndexedQuery } from '../src/query.js';
import {
  canonicalQuery,
  canonicalRequest,
  formatJdcloudDate,
  parseAuthorization,
  parseJdcloudDate,
  sha256Hex,
  signatureFor,
  signRequest,
  stringToSign,
  verifySignature,
  type ReceivedRequest,
} from '../src/signing.js';
import { officialSign } from './helpers/official-signer.mjs';

interface Vector {
  name: string;
  method: string;
  url: string;
  host: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string;
  accessKeyId: string;
  secretAccessKey: string;
  regionId: string;
  service: string;
  date: string;
  nonce: string;
  expected: Record<'x-jdcloud-date' | 'x-jdcloud-nonce' | 'host' | 'signedHeaders' | 'canonicalRequest' | 'stringToSign' | 'signature' | 'authorization', string>;
}

// A copy of shared/reference/jdcloud-vm/signing-vectors.json (made by the official signer), kept in
// the repo so the package tests stand alone.
const vectorsFile = new URL('./fixtures/signing-vectors.json', import.meta.url);
const { vectors } = JSON.parse(readFileSync(vectorsFile, 'utf8')) as { vectors: Vector[] };

const credentials = {
  accessKeyId: 'JDC_TESTKEY000000000000000001',
  secretAccessKey: 's3cr3t/With+Odd=Chars_0123456789ab',
  regionId: 'cn-north-1',
  date: new Date('2024-05-01T08:30:00Z'),
  nonce: '0b6c7f02-5d0e-4a8e-9c43-6f1f1b2e7a01',
};
const jsonHeaders = { accept: 'application/json', 'content-type': 'application/json' };

/** Signs with ours and with the official signer; both authorizations must be equal. */
async function bothSign(request: { method: string; url: string; headers?: Record<string, string>; body?: string }) {
  const ours = await signRequest(request, credentials);
  const official = officialSign({ ...request, ...credentials, service: 'vm' });
  return { ours, official };
}

// Every test below runs on both backends: node:crypto (what Node uses) and Web Crypto (what
// browsers use, forced here through the internal test hook).
const BACKENDS = [
  { name: 'node:crypto', webOnly: false },
  { name: 'Web Crypto', webOnly: true },
] as const;

for (const backend of BACKENDS) {
  describe(`with ${backend.name}`, () => {
    beforeAll(() => useWebCryptoOnly(backend.webOnly));
    afterAll(() => useWebCryptoOnly(false));

    it('hashes through that backend', async () => {
      expect(syncHashing() === undefined).toBe(backend.webOnly);
      const digest = vi.spyOn(globalThis.crypto.subtle, 'digest');
      const sign = vi.spyOn(globalThis.crypto.subtle, 'sign');
      try {
        await signRequest({ method: 'POST', url: 'https://vm.jdcloud-api.com/v1/regions/cn-north-1/keypairs', body: '{}' }, credentials);
        expect(digest.mock.calls.length > 0).toBe(backend.webOnly);
        expect(sign.mock.calls.length > 0).toBe(backend.webOnly);
      } finally {
        digest.mockRestore();
        sign.mockRestore();
      }
    });

    describe('the official vectors', () => {
      it('are all there', () => {
        expect(vectors.length).toBeGreaterThanOrEqual(3);
      });

      for (const v of vectors) {
        describe(v.name, () => {
          it('signRequest reproduces every header', async () => {
            const headers = await signRequest(
              { method: v.method, url: v.url, headers: v.headers, body: v.body },
              {
                accessKeyId: v.accessKeyId,
                secretAccessKey: v.secretAccessKey,
                regionId: v.regionId,
                service: v.service,
                date: new Date(v.date),
                nonce: v.nonce,
              },
            );
            expect(headers).toEqual({
              ...v.headers,
              host: v.expected.host,
              'x-jdcloud-date': v.expected['x-jdcloud-date'],
              'x-jdcloud-nonce': v.expected['x-jdcloud-nonce'],
              authorization: v.expected.authorization,
            });
          });

          it('the pieces reproduce the canonical request, string to sign and signature', async () => {
            const headers = {
              ...v.headers,
              host: v.expected.host,
              'x-jdcloud-date': v.expected['x-jdcloud-date'],
              'x-jdcloud-nonce': v.expected['x-jdcloud-nonce'],
            };
            const canonical = canonicalRequest({
              method: v.method,
              path: v.path,
              query: v.query,
              headers,
              bodyHash: await sha256Hex(v.body),
            });
            expect(canonical).toBe(v.expected.canonicalRequest);
            expect(canonical.split('\n').at(-2)).toBe(v.expected.signedHeaders);
            const scope = `${v.expected['x-jdcloud-date'].slice(0, 8)}/${v.regionId}/${v.service}/jdcloud2_request`;
            expect(await stringToSign(v.expected['x-jdcloud-date'], scope, canonical)).toBe(v.expected.stringToSign);
            expect(
              await signatureFor({
                secretAccessKey: v.secretAccessKey,
                date: v.expected['x-jdcloud-date'],
                regionId: v.regionId,
                service: v.service,
                canonicalRequest: canonical,
              }),
            ).toBe(v.expected.signature);
          });

          it('verifySignature accepts it as a server receives it', async () => {
            const result = await verifySignature(
              {
                method: v.method,
                url: v.path + (v.query ? `?${v.query}` : ''),
                headers: {
                  ...v.headers,
                  host: v.expected.host,
                  'x-jdcloud-date': v.expected['x-jdcloud-date'],
                  'x-jdcloud-nonce': v.expected['x-jdcloud-nonce'],
                  authorization: v.expected.authorization,
                  'content-length': String(Buffer.byteLength(v.body)),
                  connection: 'close',
                },
                body: v.body,
              },
              (id) => (id === v.accessKeyId ? v.secretAccessKey : undefined),
            );
            expect(result).toMatchObject({ ok: true, nonce: v.nonce });
          });
        });
      }
    });

    describe('edge cases, checked against the official signer', () => {
      const base = 'https://vm.jdcloud-api.com/v1/regions/cn-north-1';

      it('sorts query names by their decoded bytes: ids.10 before ids.2', async () => {
        const url = `${base}/images?${encodeIndexedQuery({ ids: Array.from({ length: 11 }, (_, i) => `img-${i + 1}`) }, ['ids'])}`;
        expect(canonicalQuery(new URL(url).search)).toMatch(/^ids\.1=img-1&ids\.10=img-10&ids\.11=img-11&ids\.2=img-2&/);
        const { ours, official } = await bothSign({ method: 'GET', url, headers: jsonHeaders });
        expect(ours.authorization).toBe(official.authorization);
      });

      it('sorts indexed filter keys the same way', async () => {
        const query = encodeIndexedQuery(
          { pageNumber: 1, filters: [{ name: 'instanceId', values: Array.from({ length: 12 }, (_, i) => `i-${i}`) }] },
          ['filters'],
        );
        const { ours, official } = await bothSign({ method: 'GET', url: `${base}/instances?${query}`, headers: jsonHeaders });
        expect(ours.authorization).toBe(official.authorization);
      });

      it('keeps repeated names, ordered by value', async () => {
        const url = `${base}/instances?tag=b&x=1&tag=a&tag=c`;
        expect(canonicalQuery(new URL(url).search)).toBe('tag=a&tag=b&tag=c&x=1');
        const { ours, official } = await bothSign({ method: 'GET', url, headers: jsonHeaders });
        expect(ours.authorization).toBe(official.authorization);
      });

      it("encodes space, *, ', !, (, ), ~ and Chinese strictly in the canonical query", async () => {
        const value = "my vm *'!()~ 中文";
        const expected = 'name=my%20vm%20%2A%27%21%28%29~%20%E4%B8%AD%E6%96%87';
        // However the characters travel (strictly encoded, or as the official SDK sends them), the canonical form is one.
        for (const wire of [`name=${encodeURIComponent(value)}`, "name=my%20vm%20*'!()~%20%E4%B8%AD%E6%96%87", `name=${encodeIndexedQuery({ x: value }).slice(2)}`]) {
          const url = `${base}/instances?${wire}`;
          expect(canonicalQuery(new URL(url).search)).toBe(expected);
          const { ours, official } = await bothSign({ method: 'GET', url, headers: jsonHeaders });
          expect(ours.authorization).toBe(official.authorization);
        }
      });

      it('reads + in the query as a space, like the official signer', async () => {
        expect(canonicalQuery('a=x+y&b=x%2By')).toBe('a=x%20y&b=x%2By');
        const { ours, official } = await bothSign({ method: 'GET', url: `${base}/instances?a=x+y&b=x%2By`, headers: jsonHeaders });
        expect(ours.authorization).toBe(official.authorization);
      });

      it('signs a name without a value as name=', async () => {
        expect(canonicalQuery('flag&a=1')).toBe('a=1&flag=');
        const { ours, official } = await bothSign({ method: 'GET', url: `${base}/instances?flag&a=1`, headers: jsonHeaders });
        expect(ours.authorization).toBe(official.authorization);
      });

      it('orders names by UTF-8 bytes, not UTF-16 units', () => {
        // U+FF01 is EF BC 81 in UTF-8, U+1F600 is F0 9F 98 80: U+FF01 first (UTF-16 would put U+1F600 first).
        expect(canonicalQuery(`${encodeURIComponent('😀')}=1&${encodeURIComponent('！')}=2`)).toBe('%EF%BC%81=2&%F0%9F%98%80=1');
      });

      it('hashes an empty body as the empty string', async () => {
        const { ours, official } = await bothSign({ method: 'POST', url: `${base}/instances/i-abc%3ArebootInstance`, headers: jsonHeaders, body: '' });
        expect(ours.authorization).toBe(official.authorization);
        const none = await signRequest({ method: 'POST', url: `${base}/instances/i-abc%3ArebootInstance`, headers: jsonHeaders }, credentials);
        expect(none.authorization).toBe(ours.authorization);
        expect(await sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
      });

      it('signs DELETE with a query', async () => {
        const { ours, official } = await bothSign({ method: 'DELETE', url: `${base}/images/img-abc?deleteSnapshot=true`, headers: jsonHeaders });
        expect(ours.authorization).toBe(official.authorization);
      });

      it('signs a : custom method as %3A, the way the client sends it', async () => {
        const url = serializePath('https://vm.jdcloud-api.com/v1/regions/{regionId}/instances/{instanceId}:stopInstance', {
          regionId: 'cn-north-1',
          instanceId: 'i-abc',
        });
        expect(url).toBe('https://vm.jdcloud-api.com/v1/regions/cn-north-1/instances/i-abc%3AstopInstance');
        const { ours, official } = await bothSign({ method: 'POST', url, headers: jsonHeaders, body: '{"chargeOnStopped":"stopCharging"}' });
        expect(ours.authorization).toBe(official.authorization);
        expect(official.canonicalRequest.split('\n')[1]).toBe('/v1/regions/cn-north-1/instances/i-abc%3AstopInstance');
      });

      it('signs a : custom method on a collection (GET images:copyImages style)', async () => {
        const url = serializePath('http://127.0.0.1:8000/v1/regions/{regionId}/instanceTemplates/{id}:verify', { regionId: 'cn-east-2', id: 'it-1' });
        expect(url).toBe('http://127.0.0.1:8000/v1/regions/cn-east-2/instanceTemplates/it-1%3Averify');
        const ours = await signRequest({ method: 'GET', url, headers: jsonHeaders }, { ...credentials, regionId: 'cn-east-2' });
        const official = officialSign({ method: 'GET', url, headers: jsonHeaders, ...credentials, regionId: 'cn-east-2' });
        expect(ours.authorization).toBe(official.authorization);
        expect(ours.authorization).toContain('/cn-east-2/vm/jdcloud2_request');
      });

      it('folds white space in header values, and signs every header but authorization and user-agent', async () => {
        const headers = { ...jsonHeaders, 'User-Agent': 'JdcloudSdkNode/1.0.0  vm/1.5.2', 'X-Custom': '  a \t  b  ', 'x-jdcloud-security-token': 'tok' };
        const { ours, official } = await bothSign({ method: 'GET', url: `${base}/instances`, headers });
        expect(ours.authorization).toBe(official.authorization);
        expect(parseAuthorization(ours.authorization)?.signedHeaders).toEqual([
          'accept',
          'content-type',
          'host',
          'x-custom',
          'x-jdcloud-date',
          'x-jdcloud-nonce',
          'x-jdcloud-security-token',
        ]);
        expect(ours['user-agent']).toBe('JdcloudSdkNode/1.0.0  vm/1.5.2');
        expect(ours['x-custom']).toBe('  a \t  b  ');
      });

      it('signs the host with its port, from the URL', async () => {
        const ours = await signRequest({ method: 'GET', url: 'http://127.0.0.1:8000/v1/regions/cn-north-1/keypairs' }, credentials);
        expect(ours.host).toBe('127.0.0.1:8000');
        const https = await signRequest({ method: 'GET', url: 'https://vm.jdcloud-api.com:443/v1/regions/cn-north-1/keypairs' }, credentials);
        expect(https.host).toBe('vm.jdcloud-api.com');
      });

      it('agrees with the official signer on random requests', async () => {
        let seed = 7;
        const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
        const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
        const alphabet = ['a', 'B', '7', '-', '_', '.', '~', ' ', '*', "'", '!', '(', ')', '中', '文', ':', '/', '@', ',', ';', '$', '&', '=', '+', '%'];
        const text = () => Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick(alphabet)).join('');
        for (let i = 0; i < 150; i++) {
          const method = pick(['GET', 'POST', 'DELETE', 'PATCH']);
          const params: Record<string, unknown> = {};
          const count = method === 'GET' || method === 'DELETE' ? Math.floor(random() * 6) : 0;
          for (let j = 0; j < count; j++) params[pick(['ids', 'name', 'filters', 'pageSize', text()])] = pick([[text(), text()], text(), [{ name: text(), values: [text()] }]]);
          const query = encodeIndexedQuery(params, ['ids', 'filters']);
          const url = serializePath(`http://127.0.0.1:8000/v1/regions/{regionId}/things/{id}${pick(['', ':doIt'])}`, { regionId: 'cn-north-1', id: text() }) + (query ? `?${query}` : '');
          const body = method === 'POST' || method === 'PATCH' ? JSON.stringify({ name: text(), n: i }) : '';
          const { ours, official } = await bothSign({ method, url, headers: jsonHeaders, body });
          expect(ours.authorization, `${method} ${url}`).toBe(official.authorization);
        }
      });
    });

    describe('signRequest', () => {
      it('makes a fresh UUID v4 nonce and the current date when none is given', async () => {
        const before = Date.now();
        const a = await signRequest({ method: 'GET', url: 'https://vm.jdcloud-api.com/v1/regions/cn-north-1/keypairs' }, { ...credentials, date: undefined, nonce: undefined });
        const b = await signRequest({ method: 'GET', url: 'https://vm.jdcloud-api.com/v1/regions/cn-north-1/keypairs' }, { ...credentials, date: undefined, nonce: undefined });
        expect(a['x-jdcloud-nonce']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(a['x-jdcloud-nonce']).not.toBe(b['x-jdcloud-nonce']);
        const signedAt = parseJdcloudDate(a['x-jdcloud-date']!)!.getTime();
        expect(signedAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
        expect(signedAt).toBeLessThanOrEqual(Date.now());
      });

      it('returns lower-case names and replaces a given authorization, date and nonce', async () => {
        const headers = await signRequest(
          { method: 'get', url: 'https://vm.jdcloud-api.com/v1/regions/cn-north-1/keypairs', headers: { Accept: 'application/json', Authorization: 'old', 'X-JDCLOUD-NONCE': 'old' } },
          credentials,
        );
        expect(Object.keys(headers).sort()).toEqual(['accept', 'authorization', 'host', 'x-jdcloud-date', 'x-jdcloud-nonce']);
        expect(headers['x-jdcloud-nonce']).toBe(credentials.nonce);
        expect(headers.authorization).toMatch(/^JDCLOUD2-HMAC-SHA256 Credential=JDC_TESTKEY000000000000000001\/20240501\/cn-north-1\/vm\/jdcloud2_request, SignedHeaders=accept;host;x-jdcloud-date;x-jdcloud-nonce, Signature=[0-9a-f]{64}$/);
      });

      it('uses the service given', async () => {
        const headers = await signRequest({ method: 'GET', url: 'https://disk.jdcloud-api.com/v1/regions/cn-north-1/disks' }, { ...credentials, service: 'disk' });
        expect(headers.authorization).toContain('/20240501/cn-north-1/disk/jdcloud2_request');
      });

      it('formats and parses x-jdcloud-date', () => {
        expect(formatJdcloudDate(new Date('2024-05-01T23:59:59.999Z'))).toBe('20240501T235959Z');
        expect(parseJdcloudDate('20240501T235959Z')?.toISOString()).toBe('2024-05-01T23:59:59.000Z');
        expect(parseJdcloudDate('2024-05-01')).toBeUndefined();
        expect(parseJdcloudDate('20241301T000000Z')).toBeUndefined();
      });
    });

    describe('verifySignature', () => {
      const secretFor = (id: string) => (id === credentials.accessKeyId ? credentials.secretAccessKey : undefined);
      const url = 'http://127.0.0.1:8000/v1/regions/cn-north-1/instances/i-abc%3AstopInstance?x=1';
      const body = '{"chargeOnStopped":"stopCharging"}';

      async function received(): Promise<ReceivedRequest & { headers: Record<string, string | undefined> }> {
        const headers = await signRequest({ method: 'POST', url, headers: jsonHeaders, body }, credentials);
        return { method: 'POST', url: '/v1/regions/cn-north-1/instances/i-abc%3AstopInstance?x=1', headers: { ...headers, 'user-agent': 'undici', 'content-length': '35' }, body };
      }

      it('accepts what signRequest signed, and returns what a server checks next', async () => {
        const result = await verifySignature(await received(), secretFor);
        expect(result.ok).toBe(true);
        if (result.ok) {
          expect(result.nonce).toBe(credentials.nonce);
          expect(result.date.toISOString()).toBe('2024-05-01T08:30:00.000Z');
          expect(result.authorization).toMatchObject({ accessKeyId: credentials.accessKeyId, regionId: 'cn-north-1', service: 'vm', day: '20240501' });
        }
      });

      it.each([
        ['a changed body', (r: Awaited<ReturnType<typeof received>>) => ({ ...r, body: '{}' }), 'signature does not match'],
        ['a changed query', (r: Awaited<ReturnType<typeof received>>) => ({ ...r, url: r.url.replace('x=1', 'x=2') }), 'signature does not match'],
        ['the colon sent unencoded', (r: Awaited<ReturnType<typeof received>>) => ({ ...r, url: r.url.replace('%3A', ':') }), 'signature does not match'],
        ['another method', (r: Awaited<ReturnType<typeof received>>) => ({ ...r, method: 'PUT' }), 'signature does not match'],
        ['a changed signed header', (r: Awaited<ReturnType<typeof received>>) => ({ ...r, headers: { ...r.headers, host: 'evil:8000' } }), 'signature does not match'],
        ['a missing signed header', (r: Awaited<ReturnType<typeof received>>) => ({ ...r, headers: { ...r.headers, accept: undefined } }), 'signed header accept is missing'],
        ['no authorization', (r: Awaited<ReturnType<typeof received>>) => ({ ...r, headers: { ...r.headers, authorization: undefined } }), 'missing or malformed authorization header'],
        ['a garbled authorization', (r: Awaited<ReturnType<typeof received>>) => ({ ...r, headers: { ...r.headers, authorization: 'Bearer x' } }), 'missing or malformed authorization header'],
        ['an unknown key', (r: Awaited<ReturnType<typeof received>>) => ({ ...r, headers: { ...r.headers, authorization: String(r.headers.authorization).replace('JDC_TESTKEY', 'JDC_OTHER') } }), 'unknown access key'],
        ['a scope day that is not the date', (r: Awaited<ReturnType<typeof received>>) => ({ ...r, headers: { ...r.headers, 'x-jdcloud-date': '20240502T000000Z' } }), 'credential scope day'],
        ['an unsigned host', (r: Awaited<ReturnType<typeof received>>) => ({ ...r, headers: { ...r.headers, authorization: String(r.headers.authorization).replace('host;', '') } }), 'host is not signed'],
      ])('refuses %s', async (_, change, reason) => {
        const result = await verifySignature(change(await received()), secretFor);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.reason).toContain(reason);
      });
    });
  });
}

describe('the two backends', () => {
  afterAll(() => useWebCryptoOnly(false));

  /** Runs `fn` with node:crypto, then with Web Crypto. */
  async function onBoth<T>(fn: () => Promise<T>): Promise<[T, T]> {
    useWebCryptoOnly(false);
    const node = await fn();
    useWebCryptoOnly(true);
    try {
      return [node, await fn()];
    } finally {
      useWebCryptoOnly(false);
    }
  }

  it('agree on random requests: non-ASCII bodies and secrets, queries, many headers', async () => {
    let seed = 11;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const alphabet = ['a', 'Z', '0', ' ', '\t', '"', '\\', '/', '+', '=', '%', '&', '中', 'é', 'ß', '😀', '\u{10FFFF}', '\n', '\u0000', '\uD800'];
    const text = (max: number, from = alphabet) => Array.from({ length: Math.floor(random() * max) }, () => pick(from)).join('');
    const encodable = alphabet.filter((c) => c !== '\uD800'); // encodeURIComponent refuses a lone surrogate
    for (let i = 0; i < 120; i++) {
      const method = pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']);
      const headers: Record<string, string> = { ...jsonHeaders };
      for (let j = Math.floor(random() * 12); j > 0; j--) headers[`X-Extra-${j}-${pick(['a', 'B', 'c'])}`] = `  v ${j}\t${pick(['x', 'y  z', ''])} `;
      const query = encodeIndexedQuery({ name: text(8, encodable), ids: [text(4, encodable), text(4, encodable)], pageSize: i }, ['ids']);
      // Bodies up to ~12 kB, across many SHA-256 blocks; lone surrogates become U+FFFD in both.
      const body = method === 'GET' || method === 'DELETE' ? '' : JSON.stringify({ text: text(i % 7 === 0 ? 4000 : 40), n: i });
      const signer = {
        ...credentials,
        secretAccessKey: `${text(20)}sk-${i}`,
        regionId: pick(['cn-north-1', 'cn-east-2']),
        service: pick(['vm', 'disk']),
        date: new Date(Date.UTC(2024, i % 12, 1 + (i % 28), i % 24)),
        nonce: `nonce-${i}`,
      };
      const request = { method, url: `https://vm.jdcloud-api.com/v1/regions/${signer.regionId}/things/t-${i}?${query}`, headers, body };
      const [node, web] = await onBoth(() => signRequest(request, signer));
      expect(node, `${method} ${request.url}`).toEqual(web);
      const [a, b] = await onBoth(() => sha256Hex(body));
      expect(a).toBe(b);
      // What one backend signed, the other verifies.
      const received = { method, url: `/v1/regions/${signer.regionId}/things/t-${i}?${query}`, headers: { ...web, 'user-agent': 'test' }, body };
      const results = await onBoth(() => verifySignature(received, () => signer.secretAccessKey));
      expect(results.map((r) => r.ok)).toEqual([true, true]);
      const tampered = { ...received, body: `${body} ` };
      const refusals = await onBoth(() => verifySignature(tampered, () => signer.secretAccessKey));
      expect(refusals.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(['signature does not match', 'signature does not match']);
    }
  });

  it('agree on the signing key and the signature of any canonical request', async () => {
    for (const secret of ['s', 'ключ-密钥', 'x'.repeat(100), '']) {
      const input = { secretAccessKey: secret, date: '20240501T083000Z', regionId: 'cn-north-1', service: 'vm', canonicalRequest: `GET\n/\n\n${secret}\n` };
      const [node, web] = await onBoth(() => signatureFor(input));
      expect(node).toMatch(/^[0-9a-f]{64}$/);
      expect(node).toBe(web);
    }
  });

  describe('choosing the backend', () => {
    type Process = { getBuiltinModule?: unknown };
    /** A fresh copy of the hashing module (the backend is looked up once per module), with process.getBuiltinModule replaced. */
    async function freshWith(getBuiltinModule: unknown) {
      vi.resetModules();
      const hashing = await import('../src/hashing.js');
      const proc = process as Process;
      const saved = proc.getBuiltinModule;
      proc.getBuiltinModule = getBuiltinModule;
      try {
        return hashing.syncHashing();
      } finally {
        proc.getBuiltinModule = saved;
      }
    }

    it('uses node:crypto in Node, through process.getBuiltinModule', async () => {
      expect(typeof (process as Process).getBuiltinModule).toBe('function');
      const sync = await freshWith((process as Process).getBuiltinModule);
      expect(sync?.sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    });

    it('hashes with createHash where node:crypto has no one-shot hash() (Node before 20.12)', async () => {
      const real = (process as Process & { getBuiltinModule: (id: string) => Record<string, unknown> }).getBuiltinModule('node:crypto');
      const withoutHash = { createHash: real.createHash, createHmac: real.createHmac };
      const sync = await freshWith(() => withoutHash);
      expect(sync?.sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
      expect(sync?.sha256Hex('云主机')).toBe(await freshWith((process as Process).getBuiltinModule).then((s) => s?.sha256Hex('云主机')));
    });

    it('falls back to Web Crypto where process.getBuiltinModule is missing, throws or returns nothing', async () => {
      expect(await freshWith(undefined)).toBeUndefined();
      expect(await freshWith(() => undefined)).toBeUndefined();
      expect(await freshWith(() => ({}))).toBeUndefined();
      expect(
        await freshWith(() => {
          throw new Error('no built-ins here');
        }),
      ).toBeUndefined();
    });
  });
});
