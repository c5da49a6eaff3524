// The stand-alone bundle (scripts/build-standalone.mjs): built into a temporary folder with no
// node_modules in it or above it, run there with plain `node`, and called as a user of another
// language would: signed API calls, /docs/, /openapi.json and /openapi.yaml, CORS, a YAML --spec.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createVmClient } from '@jdcloud-vm/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { BUNDLE_NAME, buildStandalone } from '../scripts/build-standalone.mjs';
import { defaultSpecPath } from '../src/spec/load.js';
import { type Listening, spawnListening } from './spawn-listening.js';

const KEYS = { accessKeyId: 'AK_STANDALONE', secretAccessKey: 'standalone-secret' };
/** Well above the ~0.5 s it takes on an idle machine: the machine running the tests is shared. */
const START_BUDGET_MS = 20_000;

type Running = Listening;

/** Starts the bundle from `dir` with a bare environment and waits for its `listening` line. */
function run(dir: string, args: string[]): Promise<Running> {
  return spawnListening([BUNDLE_NAME, '--port', '0', ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: dir },
    budgetMs: START_BUDGET_MS,
  });
}

function stop(running: Running | undefined): Promise<number | null> {
  if (!running || running.child.exitCode !== null) return Promise.resolve(running?.child.exitCode ?? null);
  return new Promise((resolve) => {
    running.child.once('exit', (code) => resolve(code));
    running.child.kill('SIGTERM');
  });
}

describe('what the bundle cannot carry', () => {
  it('only src/assets.ts resolves files or packages at run time (the bundle swaps that one module)', () => {
    // import.meta.url in the bundle is the bundle's own file, and createRequire finds no node_modules
    // there: a module that uses either, other than src/assets.ts, works from dist/ and breaks in the
    // bundle. Give src/assets.ts (and scripts/build-standalone.mjs's twin of it) a function instead.
    const src = fileURLToPath(new URL('../src', import.meta.url));
    const offenders = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && file !== 'assets.ts')
      .filter((file) => /import\.meta\.(url|dirname|filename|resolve)|createRequire|\brequire\(/.test(readFileSync(join(src, file), 'utf8')))
      .map((file) => relative(src, join(src, file)));
    expect(offenders).toEqual([]);
  });
});

describe('the stand-alone bundle, from a folder without node_modules', () => {
  let dir: string;
  let built: Awaited<ReturnType<typeof buildStandalone>>;
  let stub: Running;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jdcloud-vm-stub-standalone-'));
    built = await buildStandalone({ outDir: dir });
    stub = await run(dir, [
      '--access-key',
      `${KEYS.accessKeyId}:${KEYS.secretAccessKey}`,
      '--cors',
      'http://localhost:3000',
      '--log-level',
      'debug',
    ]);
    console.log(
      `stand-alone bundle: ${(built.bytes / 1024 / 1024).toFixed(2)} MiB, built in ${built.ms} ms, listening ${stub.startMs} ms after spawn`,
    );
  }, 120_000);
  afterAll(async () => {
    await stop(stub);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is one module beside the document and the docs, with no node_modules in reach', () => {
    for (let at = dir; ; at = dirname(at)) {
      expect(existsSync(join(at, 'node_modules')), at).toBe(false);
      if (dirname(at) === at) break;
    }
    expect(existsSync(join(dir, BUNDLE_NAME))).toBe(true);
    expect(existsSync(join(dir, 'openapi.json'))).toBe(true);
    expect(existsSync(join(dir, 'control-api.yaml'))).toBe(true);
    expect(built.docs).toBe(true); // the docs are built before the stub (turbo's ^build)
    expect(existsSync(join(dir, 'docs', 'index.html'))).toBe(true);
    // A budget that catches a dependency pulled in by mistake (it is ~1.7 MB).
    expect(built.bytes).toBeLessThan(4 * 1024 * 1024);
  });

  it('starts as fast as the stub does: the start-up shortcuts into express-openapi-validator hold in the bundle', () => {
    // app.ts says at debug level when it cannot reach the validator's schema checker module or its
    // route lookup middleware (both found at run time: by module path, by function name).
    expect(stub.output()).toMatch(/"msg":"listening"/);
    expect(stub.output()).not.toMatch(/schema checker of express-openapi-validator is built|has no metadataMiddleware/);
  });

  it('answers signed API calls: describeImages through the client', async () => {
    const vm = createVmClient({ endpoint: stub.url, ...KEYS, regionId: 'cn-north-1', retry: false });
    const { images, totalCount } = await vm.describeImages({ imageSource: 'public' });
    expect(totalCount).toBeGreaterThan(0);
    expect(images?.length).toBeGreaterThan(0);
    const unsigned = await fetch(`${stub.url}/v1/regions/cn-north-1/images`);
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as { error: { status: string } }).error.status).toBe('UNAUTHENTICATED');
  });

  it('serves the document it carries and the docs', async () => {
    const document = (await (await fetch(`${stub.url}/openapi.json`)).json()) as { paths: object };
    expect(document).toEqual(JSON.parse(readFileSync(defaultSpecPath(), 'utf8')));
    const yamlText = await (await fetch(`${stub.url}/openapi.yaml`)).text();
    expect(yamlText).toMatch(/^openapi: 3\.0\.3/m);
    const docs = await fetch(`${stub.url}/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toMatch(/<html/i);
    expect((await fetch(`${stub.url}/docs/en/`)).status).toBe(200);
  });

  it('answers the control API: /_stub/health', async () => {
    const health = await fetch(`${stub.url}/_stub/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ operations: expect.any(Number) });
  });

  it('answers CORS preflights (--cors)', async () => {
    const preflight = await fetch(`${stub.url}/v1/regions/cn-north-1/images`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
  });

  it('reads a YAML --spec (checked against the OpenAPI schema at start) and stops cleanly on SIGTERM', async () => {
    const yamlSpec = join(dir, 'copy.yaml');
    writeFileSync(yamlSpec, stringify(JSON.parse(readFileSync(join(dir, 'openapi.json'), 'utf8'))));
    const other = await run(dir, ['--spec', yamlSpec]);
    try {
      const answer = await fetch(`${other.url}/v1/regions/cn-north-1/keypairs`);
      expect(answer.status).toBe(200);
    } finally {
      expect(await stop(other)).toBe(0);
    }
    expect(other.output()).not.toMatch(/"level":"error"/);
  });

  it('fits the Dockerfile: what it copies, what it runs, a HEALTHCHECK command that works', () => {
    const dockerfile = readFileSync(fileURLToPath(new URL('../Dockerfile', import.meta.url)), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20[\w.-]*$/m);
    expect(dockerfile).toMatch(/^COPY dist-standalone\/ \.\/$/m);
    const workdir = /^WORKDIR (\S+)$/m.exec(dockerfile)?.[1];
    const entrypoint = JSON.parse(/^ENTRYPOINT (\[.*\])$/m.exec(dockerfile)?.[1] ?? '[]') as string[];
    expect(entrypoint[0]).toBe('node');
    expect(dirname(entrypoint[1] ?? '')).toBe(workdir);
    expect(basename(entrypoint[1] ?? '')).toBe(BUNDLE_NAME);
    // The check asks /_stub/health (the control API) on the port of JDCLOUD_VM_STUB_PORT; run here,
    // against /openapi.json, the same command says 0 for a stub that answers and 1 for none.
    const check = JSON.parse(/^\s*CMD (\[.*\])$/m.exec(dockerfile)?.[1] ?? '[]') as string[];
    expect(check.join(' ')).toContain("/_stub/health'");
    const port = new URL(stub.url).port;
    const probe = (path: string, env: Record<string, string>) =>
      spawnSync(process.execPath, check.slice(1).map((arg) => arg.replace('/_stub/health', path)), {
        env: { PATH: process.env.PATH ?? '', ...env },
        timeout: 15_000,
      }).status;
    expect(probe('/_stub/health', { JDCLOUD_VM_STUB_PORT: port })).toBe(0);
    expect(probe('/openapi.json', { JDCLOUD_VM_STUB_PORT: port })).toBe(0);
    expect(probe('/no-such-path', { JDCLOUD_VM_STUB_PORT: port })).toBe(1);
    expect(probe('/openapi.json', { JDCLOUD_VM_STUB_PORT: '1' })).toBe(1);
  });
});
