// --cors: preflights answered before the signature check, CORS headers on every answer (errors
// too) for the configured origins only, and nothing at all without --cors. The same in a real
// browser: test/cors-browser.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optionsFromCli } from '../src/cli-options.js';
import { startStub } from '../src/index.js';
import { EXPOSED_HEADERS, normalizeCorsOrigins } from '../src/http/cors.js';
import { type Signer, type TestStub, call, errorOf, start } from './helpers.js';

const ALICE: Signer = { accessKeyId: 'AK_CORS', secretAccessKey: 'cors-secret' };
const PAGE = 'http://localhost:5173';
const OTHER = 'http://evil.example:8080';
/** What the client's browser build asks for in a preflight of a signed POST. */
const CLIENT_HEADERS = 'content-type,x-jdcloud-algorithm,x-jdcloud-date,x-jdcloud-nonce,authorization';

function preflight(url: string, origin: string, method = 'POST', headers = CLIENT_HEADERS): Promise<Response> {
  return fetch(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
  });
}

function corsHeaders(response: { headers: Headers }): string[] {
  const names: string[] = [];
  response.headers.forEach((_value, name) => {
    if (name.startsWith('access-control-')) names.push(name);
  });
  return names;
}

describe('CORS with --cors ORIGIN', () => {
  let stub: TestStub;
  beforeAll(async () => {
    stub = await start({ accessKeys: [`${ALICE.accessKeyId}:${ALICE.secretAccessKey}`], cors: [PAGE, 'https://console.example'] });
  });
  afterAll(() => stub.close());

  it('answers a preflight from an allowed origin with 204, before any signature check', async () => {
    const response = await preflight(stub.api('/instances/i-abc%3AstopInstance'), PAGE);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(response.headers.get('access-control-allow-origin')).toBe(PAGE);
    expect(response.headers.get('access-control-allow-methods')?.split(', ')).toEqual(
      expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
    );
    const allowed = response.headers.get('access-control-allow-headers')?.split(', ') ?? [];
    expect(allowed).toEqual(expect.arrayContaining(CLIENT_HEADERS.split(',')));
    expect(Number(response.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(response.headers.get('vary')).toMatch(/Origin/);
    expect(response.headers.get('x-jdcloud-request-id')).toBeTruthy();
    const line = stub.logs.find((l) => l.requestId === response.headers.get('x-jdcloud-request-id'));
    expect(line).toMatchObject({ method: 'OPTIONS', status: 204, account: null });
  });

  it('grants the headers a preflight asks for and the client headers it did not', async () => {
    const response = await preflight(stub.api('/keypairs'), PAGE, 'GET', 'X-JDCloud-Security-Token, x-app-trace');
    const allowed = response.headers.get('access-control-allow-headers')?.split(', ') ?? [];
    expect(allowed).toEqual(expect.arrayContaining(['x-jdcloud-security-token', 'x-app-trace', 'authorization', 'content-type']));
  });

  it('allows a private-network preflight (Chrome, a page on the LAN calling localhost) from an allowed origin only', async () => {
    const ask = (origin: string) =>
      fetch(stub.api('/keypairs'), {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-private-network': 'true' },
      });
    const allowed = await ask(PAGE);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-private-network')).toBe('true');
    const refused = await ask(OTHER);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-private-network')).toBeNull();
    await refused.arrayBuffer();
    const plain = await preflight(stub.api('/keypairs'), PAGE);
    expect(plain.headers.get('access-control-allow-private-network')).toBeNull();
  });

  it('matches origins as browsers send them: scheme, host and port, host in any case', async () => {
    expect((await preflight(stub.api('/keypairs'), 'https://CONSOLE.example')).status).toBe(204);
    expect((await preflight(stub.api('/keypairs'), 'https://console.example:8443')).status).toBe(403);
    expect((await preflight(stub.api('/keypairs'), 'http://console.example')).status).toBe(403);
  });

  it('refuses a preflight from another origin: 403 envelope, no CORS headers, a log line that says why', async () => {
    const response = await preflight(stub.api('/keypairs'), OTHER);
    const json = await response.json();
    const error = errorOf({ status: response.status, headers: response.headers, json });
    expect(error).toMatchObject({ code: 403, status: 'PERMISSION_DENIED' });
    expect(error.message).toContain(OTHER);
    expect(corsHeaders(response)).toEqual([]);
    expect(stub.logs.some((l) => l.msg === 'CORS preflight from an origin not allowed' && l.origin === OTHER)).toBe(true);
  });

  it('a signed call from an allowed origin is answered with the CORS headers, request id and warnings exposed', async () => {
    const result = await call('POST', stub.api('/keypairs'), {
      body: { keyName: 'cors-key', colour: 'blue' },
      headers: { origin: PAGE },
      sign: ALICE,
    });
    expect(result.status).toBe(200);
    expect(result.headers.get('access-control-allow-origin')).toBe(PAGE);
    const exposed = result.headers.get('access-control-expose-headers')?.split(', ');
    expect(exposed).toEqual(expect.arrayContaining(['x-jdcloud-request-id', 'x-jdcloud-stub-warnings']));
    expect(result.headers.get('x-jdcloud-stub-warnings')).toMatch(/colour/);
    expect(result.headers.get('access-control-allow-methods')).toBeNull(); // only on preflights
  });

  it('errors carry the CORS headers too, so the page can read the envelope', async () => {
    const unsigned = await call('GET', stub.api('/keypairs'), { headers: { origin: PAGE } });
    expect(errorOf(unsigned).status).toBe('UNAUTHENTICATED');
    expect(unsigned.headers.get('access-control-allow-origin')).toBe(PAGE);
    expect(unsigned.headers.get('access-control-expose-headers')).toBe(EXPOSED_HEADERS.join(', '));
    const missing = await call('GET', stub.api('/instances/i-nothere1'), { headers: { origin: PAGE }, sign: ALICE });
    expect(errorOf(missing).status).toBe('NOT_FOUND');
    expect(missing.headers.get('access-control-allow-origin')).toBe(PAGE);
  });

  it('answers a call from another origin as always, without CORS headers (the browser withholds it)', async () => {
    const result = await call('GET', stub.api('/keypairs'), { headers: { origin: OTHER }, sign: ALICE });
    expect(result.status).toBe(200);
    expect(corsHeaders(result)).toEqual([]);
  });

  it('covers the public resources: the document', async () => {
    const response = await fetch(`${stub.url}/openapi.json`, { headers: { origin: PAGE } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(PAGE);
    await response.arrayBuffer();
  });

  it('an OPTIONS without Access-Control-Request-Method is no preflight: it goes through the pipeline', async () => {
    const response = await fetch(stub.api('/keypairs'), { method: 'OPTIONS', headers: { origin: PAGE } });
    expect(response.status).toBe(401); // unsigned, as any other method
    expect(response.headers.get('access-control-allow-origin')).toBe(PAGE);
    await response.arrayBuffer();
  });
});

describe('CORS with * and without --cors', () => {
  it('* allows any origin', async () => {
    const stub = await start({ cors: ['*'] });
    try {
      const response = await preflight(stub.api('/keypairs'), OTHER, 'GET');
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(OTHER);
      const result = await call('GET', stub.api('/keypairs'), { headers: { origin: 'null' } });
      expect(result.status).toBe(200);
      expect(result.headers.get('access-control-allow-origin')).toBe('null');
    } finally {
      await stub.close();
    }
  });

  it('without --cors nothing changes: a preflight meets the signature check, no CORS headers anywhere', async () => {
    const stub = await start({ accessKeys: [`${ALICE.accessKeyId}:${ALICE.secretAccessKey}`] });
    try {
      const response = await preflight(stub.api('/keypairs'), PAGE);
      const json = await response.json();
      expect(errorOf({ status: response.status, headers: response.headers, json }).status).toBe('UNAUTHENTICATED');
      expect(corsHeaders(response)).toEqual([]);
      const signed = await call('GET', stub.api('/keypairs'), { headers: { origin: PAGE }, sign: ALICE });
      expect(signed.status).toBe(200);
      expect(corsHeaders(signed)).toEqual([]);
      expect(signed.headers.get('vary')).toBeNull();
    } finally {
      await stub.close();
    }
  });
});

describe('configuring the origins', () => {
  it('normalises origins and refuses what is not one', () => {
    expect(normalizeCorsOrigins(['http://LocalHost:3000/', '*', 'https://a.example:443'])).toEqual([
      'http://localhost:3000',
      '*',
      'https://a.example',
    ]);
    for (const bad of ['localhost:3000', 'http://a.example/app', 'ftp://a.example', 'http://u:p@a.example', 'http://a.example/?q', '']) {
      expect(() => normalizeCorsOrigins([bad]), bad).toThrow(/CORS origin/);
    }
  });

  it('startStub refuses a bad origin', async () => {
    await expect(startStub({ port: 0, logLevel: 'silent', docsDir: false, cors: ['http://a.example/app'] })).rejects.toThrow(
      /no path/,
    );
  });

  it('--cors is repeatable, JDCLOUD_VM_STUB_CORS takes a list, a bad origin is a usage error', () => {
    expect(optionsFromCli(['--cors', 'http://localhost:3000', '--cors', 'http://127.0.0.1:8080'], {})).toMatchObject({
      cors: ['http://localhost:3000', 'http://127.0.0.1:8080'],
    });
    expect(optionsFromCli([], { JDCLOUD_VM_STUB_CORS: 'http://localhost:3000, *' })).toMatchObject({
      cors: ['http://localhost:3000', '*'],
    });
    expect(optionsFromCli(['--cors', '*'], { JDCLOUD_VM_STUB_CORS: 'http://ignored.example' })).toMatchObject({ cors: ['*'] });
    expect(optionsFromCli([], {})).not.toHaveProperty('cors');
    expect(() => optionsFromCli(['--cors', 'localhost:3000'], {})).toThrow(/CORS origin/);
  });
});
