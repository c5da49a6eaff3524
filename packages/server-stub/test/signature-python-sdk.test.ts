// The official JD Cloud Python SDK (../shared/vendor/jdcloud-sdk-python beside the clone,
// unmodified) signs requests with its own JDCLOUD3 signer; the stub must accept them and refuse
// them tampered. The SDK runs for real (test/python/sign-with-python-sdk.py): only the final
// `requests.request` call is captured, and this test sends what it would have sent.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestStub, start } from './helpers.js';
import { type RawAnswer, rawSend } from './raw-send.js';

const SDK = fileURLToPath(new URL('../../../../shared/vendor/jdcloud-sdk-python', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./python/sign-with-python-sdk.py', import.meta.url));
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const KEY = { accessKey: 'AK_PYTHON', secretKey: 'SK:python/secret' };

function whyUnavailable(): string | undefined {
  if (!existsSync(`${SDK}/jdcloud_sdk/core/signer.py`)) return `the official Python SDK is not at ${SDK} (the shared folder beside the clone)`;
  const version = spawnSync(PYTHON, ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) return `${PYTHON} does not run (${version.error?.message ?? version.stderr})`;
  return undefined;
}
const unavailable = whyUnavailable();

if (unavailable && process.env.CI) {
  it('runs the official Python SDK (required in CI)', () => {
    throw new Error(`CI must run this test, but ${unavailable}`);
  });
}

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

type Item =
  | { api: string; params: Record<string, unknown>; header?: Record<string, string> }
  | { signer: { method: string; path: string; regionId: string; body: string } };

describe.skipIf(unavailable !== undefined)(`the official Python SDK's JDCLOUD3 signatures${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let stub: TestStub;
  beforeAll(async () => {
    stub = await start({ accessKeys: [`${KEY.accessKey}:${KEY.secretKey}`] });
  });
  afterAll(() => stub?.close());

  /** Runs the SDK on these calls, with this secret; returns what it would send, in order. */
  function pythonSigns(items: Item[], secretKey = KEY.secretKey): Sent[] {
    const run = spawnSync(PYTHON, [SCRIPT], {
      input: JSON.stringify({ endpoint: `127.0.0.1:${stub.port}`, accessKey: KEY.accessKey, secretKey, requests: items }),
      encoding: 'utf8',
      env: { ...process.env, PYTHONPATH: SDK, PYTHONIOENCODING: 'utf-8' },
      timeout: 60_000,
    });
    if (run.status !== 0) throw new Error(`the Python SDK failed (${run.status}): ${run.stderr || run.error?.message}`);
    return JSON.parse(run.stdout) as Sent[];
  }

  const send = (sent: Sent, change: Partial<Sent> = {}): Promise<RawAnswer> => {
    const { method, url, headers, body } = { ...sent, ...change };
    const u = new URL(url);
    return rawSend(stub.port, method, url.slice(u.origin.length), headers, body);
  };

  const calls: Array<[string, Item]> = [
    ['a GET with indexed filters and a Chinese value, on a literal-colon path', { api: 'DescribeBriefInstances', params: { regionId: 'cn-north-1', filters: [{ name: 'status', values: ['running', '中文'] }] } }],
    ['a GET with paging', { api: 'DescribeKeypairs', params: { regionId: 'cn-north-1', pageNumber: 1, pageSize: 10 } }],
    ['a POST custom method with a literal colon (path parameters and nulls in the body)', { api: 'StopInstance', params: { regionId: 'cn-north-1', instanceId: 'i-nowhere' } }],
    ['a POST with Chinese text (\\u-escaped, as the SDK writes JSON) and a security token', { api: 'ModifyInstanceAttribute', params: { regionId: 'cn-north-1', instanceId: 'i-nowhere', description: '中文描述' }, header: { 'x-jdcloud-security-token': 'session-token' } }],
    ['a POST with a raw UTF-8 Chinese body (signer called directly)', { signer: { method: 'POST', path: '/v1/regions/cn-north-1/instances/i-nowhere:modifyInstanceAttribute', regionId: 'cn-north-1', body: '{"description":"中文描述，云主机"}' } }],
  ];

  /** Past the signature check: anything but a 401 (the body shape is another matter, see the wire-fidelity suite). */
  const accepted = (answer: RawAnswer, label: string) => {
    expect(answer.status, `${label}: ${answer.text}`).not.toBe(401);
    expect(answer.json?.error?.status, label).not.toBe('UNAUTHENTICATED');
  };
  const refused = (answer: RawAnswer, label: string, pattern = /does not match/) => {
    expect(answer.status, `${label}: ${answer.text}`).toBe(401);
    expect(answer.json.error.status).toBe('UNAUTHENTICATED');
    expect(answer.json.error.message, label).toMatch(pattern);
  };

  it('signs with JDCLOUD3, only content-type and host (and a base64 security token) signed', () => {
    const [get, , , withToken] = pythonSigns(calls.map(([, item]) => item));
    expect(get!.headers.Authorization).toMatch(/^JDCLOUD3-HMAC-SHA256 Credential=AK_PYTHON\/\d{8}\/cn-north-1\/vm\/jdcloud3_request, SignedHeaders=content-type;host, Signature=[0-9a-f]{64}$/);
    expect(get!.url).toContain('instances:describeBriefInstances?filters.1.name=status');
    expect(withToken!.headers['x-jdcloud-security-token']).toBe(Buffer.from('session-token').toString('base64'));
    expect(withToken!.headers.Authorization).toContain('SignedHeaders=content-type;host;x-jdcloud-security-token,');
  });

  it('every request is accepted; the GETs answer 200', async () => {
    const sent = pythonSigns(calls.map(([, item]) => item));
    for (const [i, [label]] of calls.entries()) {
      const answer = await send(sent[i]!);
      accepted(answer, label);
      if (sent[i]!.method === 'GET') expect(answer.status, `${label}: ${answer.text}`).toBe(200);
    }
  });

  it('the same bytes twice: the nonce is spent', async () => {
    const [sent] = pythonSigns([calls[1]![1]]);
    expect((await send(sent!)).status).toBe(200);
    refused(await send(sent!), 'replay', /already used/);
  });

  it('refuses every request signed with another secret', async () => {
    const sent = pythonSigns(calls.map(([, item]) => item), 'not-the-secret');
    for (const [i, [label]] of calls.entries()) refused(await send(sent[i]!), label);
  });

  it('refuses every request changed after signing: body, query, path, content-type, date, token', async () => {
    const before = JSON.stringify(stub.store.toJSON());
    for (const [label, item] of calls) {
      const [sent] = pythonSigns([item]);
      const s = sent!;
      const withHeader = (name: string, value: string) => ({ headers: { ...s.headers, [name]: value } });
      const date = s.headers['x-jdcloud-date']!;
      const tampered: Array<[string, Partial<Sent>]> = [
        ['content-type', withHeader('Content-Type', 'text/plain')],
        ['date', withHeader('x-jdcloud-date', date.replace(/\d(?=Z$)/, (d) => String((Number(d) + 1) % 10)))],
        ['path', { url: s.url.replace('i-nowhere', 'i-elsewhere').replace('describeBriefInstances', 'describeInstances').replace('/keypairs', '/keypairs/x') }],
        ['query', { url: s.url.includes('?') ? s.url.replace(/=running/, '=stopped').replace('pageSize=10', 'pageSize=20') : `${s.url}?force=1` }],
      ];
      if (s.body) tampered.push(['body', { body: s.body.replace('}', ', "x": 1}') }]);
      if (s.headers['x-jdcloud-security-token']) tampered.push(['token', withHeader('x-jdcloud-security-token', 'b3RoZXI=')]);
      for (const [what, change] of tampered) {
        // A fresh nonce each time, so that only the change can be what is refused.
        refused(await send(s, { ...change, headers: { ...(change.headers ?? s.headers), 'x-jdcloud-nonce': `${what}-${Math.random()}` } }), `${label}, ${what} changed`);
      }
    }
    expect(JSON.stringify(stub.store.toJSON())).toBe(before);
  });
});
