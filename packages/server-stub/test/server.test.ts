// startStub, the public resources (/openapi.json, /openapi.yaml, /docs/) and the command line.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { pinsOf, resolveAccounts } from '../src/auth/keys.js';
import { HELP, optionsFromCli } from '../src/cli-options.js';
import { type OpenApiDocument, startStub } from '../src/index.js';
import { call, errorOf, start } from './helpers.js';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('startStub', () => {
  it('port 0 picks a free port; two stubs run side by side; close() frees it', async () => {
    const a = await start();
    const b = await start();
    try {
      expect(a.port).toBeGreaterThan(0);
      expect(a.port).not.toBe(b.port);
      expect(a.url).toBe(`http://127.0.0.1:${a.port}`);
      expect((await call('GET', a.api('/keypairs'))).status).toBe(200);
    } finally {
      await b.close();
    }
    await a.close();
    await expect(fetch(`${a.url}/openapi.json`)).rejects.toThrow();
  });

  it('a port in use makes startStub reject', async () => {
    const a = await start();
    try {
      await expect(startStub({ port: a.port, logLevel: 'silent', docsDir: false })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await a.close();
    }
  });

  it('a document the validator cannot use stops the start', async () => {
    const broken = {
      openapi: '3.0.3',
      info: { title: 'broken', version: '1' },
      servers: [{ url: '/v1' }],
      paths: { '/things': { get: { operationId: 'listThings', responses: { '200': { $ref: '#/components/responses/Missing' } } } } },
    };
    await expect(startStub({ port: 0, spec: broken, logLevel: 'silent', docsDir: false })).rejects.toThrow(
      /cannot use the OpenAPI document|Missing/,
    );
  });

  it('runs any document: the operations come from it, not from a list in the code', async () => {
    const tiny: OpenApiDocument = {
      openapi: '3.0.3',
      info: { title: 'tiny', version: '1' },
      servers: [{ url: 'http://localhost/v1' }],
      paths: {
        '/regions/{regionId}/keypairs': {
          get: {
            operationId: 'describeKeypairs',
            'x-jdcloud-pagination': { items: 'keypairs', total: 'totalCount' },
            parameters: [
              { name: 'regionId', in: 'path', required: true, schema: { type: 'string' } },
              { name: 'pageSize', in: 'query', schema: { type: 'integer', default: 1, minimum: 1 } },
            ],
            responses: {
              '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } },
            },
          },
        },
      },
    };
    const stub = await start({ spec: tiny });
    try {
      expect(stub.unimplemented).toEqual([]);
      await call('POST', stub.api('/keypairs'), { body: { keyName: 'x' } }).then((r) => expect(r.status).toBe(405));
      stub.store.scope('default', 'cn-north-1').keypairs.insert('a', { keyName: 'a', publicKey: 'ssh-rsa AAAA', keyFingerprint: 'f', createTime: '2024-05-01T16:30:00+08:00' });
      stub.store.scope('default', 'cn-north-1').keypairs.insert('b', { keyName: 'b', publicKey: 'ssh-rsa AAAA', keyFingerprint: 'f', createTime: '2024-05-01T16:30:00+08:00' });
      // pageSize defaults to 1 in this document.
      const page = await call('GET', stub.api('/keypairs'));
      expect(page.json.result).toEqual({ keypairs: [expect.objectContaining({ keyName: 'a' })], totalCount: 2 });
    } finally {
      await stub.close();
    }
  });

  it('serves the bundled document as /openapi.json and /openapi.yaml', async () => {
    const stub = await start();
    try {
      const bundle = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('@jdcloud-vm/spec/openapi.json'), 'utf8'));
      const json = await fetch(`${stub.url}/openapi.json`);
      expect(json.status).toBe(200);
      expect(json.headers.get('content-type')).toMatch(/application\/json/);
      expect(await json.json()).toEqual(bundle);
      const yaml = await fetch(`${stub.url}/openapi.yaml`);
      expect(yaml.headers.get('content-type')).toMatch(/yaml/);
      expect(parseYaml(await yaml.text())).toEqual(bundle);
      // Every operation of the document is routed (none answers 404).
      const operations = Object.values(bundle.paths as Record<string, object>).flatMap((item) => Object.keys(item));
      expect(operations.length).toBeGreaterThanOrEqual(5);
    } finally {
      await stub.close();
    }
  });

  it('serves /docs/ from a docs folder, and a 404 envelope without one', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'stub-docs-'));
    writeFileSync(join(folder, 'index.html'), '<!doctype html><title>JD Cloud VM API</title>');
    const withDocs = await start({ docsDir: folder });
    const without = await start({ docsDir: false });
    try {
      const page = await fetch(`${withDocs.url}/docs/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('JD Cloud VM API');
      const missing = await call('GET', `${without.url}/docs/`);
      expect(errorOf(missing)).toMatchObject({ code: 404, status: 'NOT_FOUND' });
      expect(errorOf(missing).message).toMatch(/docs are not available/);
    } finally {
      await withDocs.close();
      await without.close();
    }
  });

  it('routes every operation of the document to the dispatcher (handler or 500 "not implemented", never 404/405)', async () => {
    const stub = await start({ modules: [] });
    try {
      const doc = (await (await fetch(`${stub.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { operationId: string }>> };
      for (const [template, item] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(item)) {
          const path = template.replace(/\{regionId\}/g, 'cn-north-1').replace(/\{(\w+)\}/g, (_m, name: string) =>
            name === 'imageId' ? 'img-abcdefghij' : name === 'instanceTemplateId' ? 'it-abcdefghij' : name === 'instanceId' ? 'i-abcdefghij' : 'k1',
          );
          const result = await fetch(`${stub.url}/v1${path}`, { method: method.toUpperCase(), headers: { 'content-type': 'application/json' } });
          const body = await result.json();
          expect([400, 500], `${method} ${template}: ${JSON.stringify(body)}`).toContain(result.status);
          if (result.status === 500) expect(body.error.message).toContain(`'${op.operationId}' is not implemented`);
        }
      }
    } finally {
      await stub.close();
    }
  });
});

describe('command line', () => {
  it('maps options and environment variables to StubOptions (options win)', () => {
    expect(
      optionsFromCli(
        ['--port', '0', '--access-key', 'AK1:SK1', '--access-key', 'AK2:SK:2', '--transition-ms', '50', '--no-response-validation'],
        { JDCLOUD_VM_STUB_PORT: '9000', JDCLOUD_VM_STUB_HOST: '0.0.0.0', JDCLOUD_VM_STUB_LOG_LEVEL: 'warn' },
      ),
    ).toEqual({
      host: '0.0.0.0',
      port: 0,
      accessKeys: ['AK1:SK1', 'AK2:SK:2'],
      transitionMs: 50,
      logLevel: 'warn',
      responseValidation: false,
    });
    expect(
      optionsFromCli([], {
        JDCLOUD_VM_STUB_ACCESS_KEYS: 'A:1, B:2',
        JDCLOUD_VM_STUB_STATE_FILE: '/tmp/s.json',
        JDCLOUD_VM_STUB_RESPONSE_VALIDATION: 'false',
      }),
    ).toEqual({ accessKeys: ['A:1', 'B:2'], stateFile: '/tmp/s.json', responseValidation: false });
    expect(optionsFromCli(['--help'], {})).toBe('help');
    expect(HELP).toMatch(/--access-key AK:SK/);
  });

  it('maps --account, JDCLOUD_VM_STUB_ACCOUNTS and --strict', () => {
    expect(optionsFromCli(['--account', 'jd_alice=AK1:SK1,AK2:SK:2', '--account', 'jd_bob', '--strict'], {})).toEqual({
      accounts: [
        { pin: 'jd_alice', accessKeys: [{ accessKeyId: 'AK1', secretAccessKey: 'SK1' }, { accessKeyId: 'AK2', secretAccessKey: 'SK:2' }] },
        { pin: 'jd_bob', accessKeys: [] },
      ],
      strict: true,
    });
    expect(optionsFromCli([], { JDCLOUD_VM_STUB_ACCOUNTS: 'a=K1:S1, K2:S2; b=K3:S3', JDCLOUD_VM_STUB_STRICT: 'true' })).toEqual({
      accounts: [
        { pin: 'a', accessKeys: [{ accessKeyId: 'K1', secretAccessKey: 'S1' }, { accessKeyId: 'K2', secretAccessKey: 'S2' }] },
        { pin: 'b', accessKeys: [{ accessKeyId: 'K3', secretAccessKey: 'S3' }] },
      ],
      strict: true,
    });
    expect(optionsFromCli([], { JDCLOUD_VM_STUB_STRICT: 'false' })).toEqual({});
    expect(() => optionsFromCli(['--account', 'a b=K:S'], {})).toThrow(/not a usable PIN/);
    expect(() => optionsFromCli(['--account', 'a='], {})).toThrow(/names no access key/);
    expect(() => optionsFromCli(['--account', 'a=K'], {})).toThrow(/expects ACCESS_KEY_ID:SECRET_ACCESS_KEY/);
    expect(HELP).toMatch(/--account PIN=AK:SK/);
    expect(HELP).toMatch(/--strict/);
  });

  it('accounts: merged by PIN, --access-key as shorthand, one owner per key', () => {
    expect(resolveAccounts(['p=K1:S1', 'p=K2:S2'], ['K3:S3', 'K1:S1'])).toEqual([
      { pin: 'p', accessKeys: [{ accessKeyId: 'K1', secretAccessKey: 'S1' }, { accessKeyId: 'K2', secretAccessKey: 'S2' }] },
      { pin: 'K3', accessKeys: [{ accessKeyId: 'K3', secretAccessKey: 'S3' }] },
    ]);
    expect(() => resolveAccounts(['p=K1:S1', 'q=K1:S1'], [])).toThrow(/given for two accounts/);
    expect(() => resolveAccounts(['p=K1:S1'], ['K1:other'])).toThrow(/different secrets/);
    expect(() => resolveAccounts([{ pin: 'a/b', accessKeys: [] }], [])).toThrow(/not usable/);
    // Open mode: the default account exists beside the configured ones.
    expect(pinsOf(resolveAccounts(['friend'], []))).toEqual(['default', 'friend']);
    expect(pinsOf(resolveAccounts(['p=K1:S1', 'friend'], []))).toEqual(['p', 'friend']);
  });

  it('rejects bad values with a clear message', () => {
    expect(() => optionsFromCli(['--port', 'eighty'], {})).toThrow(/--port must be an integer/);
    expect(() => optionsFromCli(['--log-level', 'loud'], {})).toThrow(/--log-level must be one of/);
    expect(() => optionsFromCli(['--frobnicate'], {})).toThrow(/frobnicate/);
  });

  const cli = join(packageRoot, 'dist', 'cli.js');
  const run = (args: string[], until?: RegExp) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      if (!existsSync(cli)) reject(new Error(`${cli} is missing: run \`pnpm --filter @jdcloud-vm/server-stub build\` first`));
      const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, JDCLOUD_VM_STUB_LOG_LEVEL: '' } });
      let stdout = '';
      let stderr = '';
      let signalled = false;
      child.stdout.on('data', (d) => {
        stdout += d;
        if (until?.test(stdout) && !signalled) {
          signalled = true;
          child.kill('SIGTERM');
        }
      });
      child.stderr.on('data', (d) => (stderr += d));
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
      setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
    });

  it('the compiled bin prints --help', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: jdcloud-vm-stub');
  });

  it('the compiled bin starts, logs JSON lines, and stops cleanly on SIGTERM', async () => {
    const { code, stdout } = await run(['--port', '0', '--log-level', 'info'], /"msg":"listening"/);
    expect(code).toBe(0);
    const listening = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'listening');
    expect(listening?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('the compiled bin refuses a corrupt state file with exit code 1', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'stub-cli-')), 'state.json');
    writeFileSync(file, 'not json');
    const { code, stderr } = await run(['--port', '0', '--state-file', file]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/Refusing to start: the state file .* is not valid JSON/);
    expect(readFileSync(file, 'utf8')).toBe('not json');
  });
});
