import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { specRoot } from '../lib/analysis.mjs';

const out = mkdtempSync(join(tmpdir(), 'spec-bundle-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

it('dist/ is exactly what the split sources bundle to', () => {
  execFileSync('node', ['scripts/bundle.mjs', '--out', out], { cwd: specRoot, stdio: 'ignore' });
  for (const file of ['openapi.yaml', 'openapi.json']) {
    const fresh = readFileSync(join(out, file), 'utf8');
    const built = readFileSync(join(specRoot, 'dist', file), 'utf8');
    expect(built === fresh, `spec/dist/${file} is stale: run pnpm build`).toBe(true);
  }
});
