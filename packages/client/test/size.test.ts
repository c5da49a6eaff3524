// The browser bundle budget: an app that imports createVmClient (with both signature versions,
// the indexed query encoding, errors, retries, hooks, credentials, waiters, pagination and the
// operation table) ships at most 8 kB minified and gzipped, with no Node built-in. The raw
// openapi-fetch client (@jdcloud-vm/client/raw) and the Node-only credential sources
// (@jdcloud-vm/client/node) are separate entries and are not in it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { browserBundle } from './helpers/browser-bundle.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const BUDGET = 8 * 1024;

const bundle = (contents: string) => browserBundle({ contents, resolveDir: root });

describe('browser bundle', () => {
  it(`of createVmClient is at most ${BUDGET} bytes minified and gzipped`, async () => {
    const { code, gzip, inputs } = await bundle(
      "import { createVmClient } from './src/index.ts'; export const vm = createVmClient({ accessKeyId: 'a', secretAccessKey: 'b', regionId: 'cn-north-1' });",
    );
    console.log(`createVmClient bundle: ${code.length} bytes minified, ${gzip} bytes gzipped (budget ${BUDGET})`);
    expect(inputs.some((i) => i.includes('openapi-fetch'))).toBe(false);
    expect(inputs.some((i) => i.endsWith('node.ts') || i.endsWith('raw.ts'))).toBe(false);
    expect(inputs.some((i) => i.endsWith('signing.ts'))).toBe(true);
    expect(inputs.some((i) => i.endsWith('waiters.ts'))).toBe(true);
    expect(inputs.some((i) => i.endsWith('operations.ts'))).toBe(true);
    expect(gzip).toBeLessThanOrEqual(BUDGET);
    // node:crypto is looked up at run time (process.getBuiltinModule), never imported: nothing for a bundler to resolve.
    expect(code).toContain('getBuiltinModule');
    expect(code).not.toMatch(/\bfrom\s*["']|\bimport\s*\(\s*["']|\brequire\s*\(/);
  });

  it('the raw openapi-fetch client is an entry of its own, also within the budget', async () => {
    const { gzip, inputs } = await bundle("export { createRawClient } from './src/raw.ts';");
    console.log(`createRawClient bundle: ${gzip} bytes gzipped`);
    expect(inputs.some((i) => i.includes('openapi-fetch'))).toBe(true);
    expect(inputs.some((i) => i.endsWith('waiters.ts'))).toBe(false);
    expect(gzip).toBeLessThanOrEqual(BUDGET);
  });

  it('tree-shakes: signRequest alone does not pull in the client or the operation table', async () => {
    const { gzip, inputs } = await bundle("export { signRequest } from './src/index.ts';");
    expect(inputs.some((i) => i.includes('openapi-fetch'))).toBe(false);
    expect(inputs.some((i) => i.endsWith('operations.ts'))).toBe(false);
    expect(gzip).toBeLessThan(3 * 1024);
  });

  it('has no side effects: importing the package and using nothing bundles to nothing', async () => {
    const { code } = await bundle("import './src/index.ts';");
    expect(code.trim()).toBe('');
  });

  it('src/ imports no Node built-in, except the Node-only entry src/node.ts', () => {
    const files = (readdirSync(join(root, 'src'), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && f !== 'node.ts');
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const text = readFileSync(join(root, 'src', file), 'utf8');
      expect(text, file).not.toMatch(/from\s+['"]node:|require\(|from\s+['"](fs|path|crypto|http|https|url|buffer|stream)['"]/);
    }
  });
});
