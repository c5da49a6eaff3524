// dist/cli.js is one esbuild bundle (scripts/build-cli.mjs) built over tsc's cli.js, for the
// start-up: it must behave as the modules do, finding what src/assets.ts finds from dist/, with the
// start-up shortcuts into express-openapi-validator reaching the bundle's own copy of it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Listening, spawnListening } from './spawn-listening.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const START_BUDGET_MS = 20_000; // ~0.3 s on an idle machine; the test machine is shared

describe('dist/cli.js, the bundled command', () => {
  let stub: Listening;
  let url = '';

  beforeAll(async () => {
    stub = await spawnListening([CLI, '--port', '0', '--log-level', 'debug'], { budgetMs: START_BUDGET_MS });
    url = stub.url;
  }, START_BUDGET_MS + 5_000);
  afterAll(() => {
    stub?.child.kill('SIGTERM');
  });

  it('is one module: it imports only Node built-ins, @jdcloud-vm/docs and yaml', () => {
    // The imports esbuild leaves: static (`import{x}from"node:fs"`, whitespace minified) and import("…").
    const text = readFileSync(CLI, 'utf8');
    const staticImports = [...text.matchAll(/(?<![\w$.])import\s*(?:[\w$*{},\s]*?\bfrom\s*)?"([^"]+)"/g)].map((m) => m[1] as string);
    const dynamicImports = [...text.matchAll(/\bimport\("([^"]+)"\)/g)].map((m) => m[1] as string);
    expect(staticImports.length).toBeGreaterThan(0);
    expect(staticImports.filter((name) => !name.startsWith('node:'))).toEqual([]);
    expect([...new Set(dynamicImports)].sort()).toEqual(['@jdcloud-vm/docs', 'yaml']);
    // No keepNames: its __name() wrappers cost ~6.5 MiB of RSS from the start (scripts/build-cli.mjs).
    expect(text).not.toContain('__name(');
  });

  it('is Latin-1 text, which V8 keeps one byte per character (one other character doubles the whole source)', () => {
    const text = readFileSync(CLI, 'utf8');
    const wide = [...text.matchAll(/[^\u0000-\u00ff]/g)].slice(0, 3).map((m) => `${m[0]} at ${m.index}`);
    expect(wide).toEqual([]);
  });

  it('the start-up shortcuts into express-openapi-validator hold in the bundle', () => {
    // src/assets.ts hands app.ts the validator's schema checker module: the bundle's own copy, which
    // esbuild bundled (a copy loaded from node_modules at run time would be patched in vain).
    expect(readFileSync(CLI, 'utf8')).not.toMatch(/\brequire\("express-openapi-validator/);
    expect(stub.output()).not.toMatch(/schema checker of express-openapi-validator is built|has no metadataMiddleware/);
  });

  it('finds the document, the catalog, the docs, the control API document and yaml from dist/', async () => {
    const images = await fetch(`${url}/v1/regions/cn-north-1/images?imageSource=public`);
    expect(images.status).toBe(200);
    expect(((await images.json()) as { result: { totalCount: number } }).result.totalCount).toBeGreaterThan(0);
    expect((await fetch(`${url}/openapi.yaml`)).status).toBe(200);
    expect((await fetch(`${url}/docs/`)).status).toBe(200);
    const control = await fetch(`${url}/_stub/openapi.json`);
    expect(control.status).toBe(200);
    expect(((await control.json()) as { paths: object }).paths).toHaveProperty('/health');
  });

  it('validates requests and answers as the modules do', async () => {
    const bad = await fetch(`${url}/v1/regions/cn-north-1/keypairs?pageSize=1000`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { status: string } }).error.status).toBe('OUT_OF_RANGE');
    const created = await fetch(`${url}/v1/regions/cn-north-1/keypairs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ keyName: 'bundle-key' }),
    });
    expect(created.status).toBe(200);
    expect(((await created.json()) as { result: { keyName: string } }).result.keyName).toBe('bundle-key');
  });
});
