// dist/ is never committed and `npm test` rebuilds it first (turbo), so comparing dist/ with one
// fresh bundle could not fail there. What can go wrong is a bundle that depends on more than the
// sources (file order, time, the machine): two fresh bundles must be byte-identical, and dist/
// must be one of them (it is stale when someone ran the tests without `pnpm build`).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { specRoot } from '../lib/analysis.mjs';

const outs = [mkdtempSync(join(tmpdir(), 'spec-bundle-a-')), mkdtempSync(join(tmpdir(), 'spec-bundle-b-'))];
afterAll(() => outs.forEach((out) => rmSync(out, { recursive: true, force: true })));

it('the sources bundle reproducibly, and dist/ is that bundle', () => {
  for (const out of outs) execFileSync('node', ['scripts/bundle.mjs', '--out', out], { cwd: specRoot, stdio: 'ignore' });
  for (const file of ['openapi.yaml', 'openapi.json']) {
    const [first, second] = outs.map((out) => readFileSync(join(out, file), 'utf8'));
    expect(first === second, `two bundles of the same sources differ in ${file}`).toBe(true);
    const built = readFileSync(join(specRoot, 'dist', file), 'utf8');
    expect(built === first, `spec/dist/${file} is stale: run pnpm build`).toBe(true);
  }
});
