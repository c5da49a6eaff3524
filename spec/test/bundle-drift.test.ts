// dist/ (the bundle) is committed, as the client's generated files are, and the build does not
// rewrite it: `pnpm --filter @jdcloud-vm/spec bundle` does. So under `npm test` this compares the
// committed bundle with a fresh one and fails when someone changed the sources without bundling.
// A bundle must also depend on nothing but the sources (file order, time, the machine): two fresh
// bundles are byte-identical. The last test proves the check fails on a source edit not bundled.
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstDifference } from '../lib/first-difference.js';
import { specRoot } from '../lib/index.js';
import { BUNDLE_FILES, bundle, bundleDrift, compareBundles } from '../scripts/bundle.mjs';

const temps: string[] = [];
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
};
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

let fresh = '';
beforeAll(() => {
  fresh = temp('spec-bundle-a-');
  bundle({ out: fresh });
});

describe('the committed bundle (dist/)', () => {
  it('is what the sources bundle to (run `pnpm --filter @jdcloud-vm/spec bundle` when this fails)', () => {
    expect(compareBundles(join(specRoot, 'dist'), fresh)).toEqual([]);
  });

  it('comes from sources that bundle reproducibly: two fresh bundles are byte-identical', () => {
    const second = temp('spec-bundle-b-');
    bundle({ out: second });
    for (const file of BUNDLE_FILES) {
      const read = (dir: string) => readFileSync(join(dir, file), 'utf8');
      expect(firstDifference(read(fresh), read(second)), `two bundles of the same sources differ in ${file}`).toBeUndefined();
    }
  });

  it('is reported stale, with the first differing line, after a source edit that was not bundled', () => {
    const root = temp('spec-sources-');
    for (const name of ['openapi.yaml', 'redocly.yaml', 'package.json', 'paths', 'components', 'plugins', 'lib']) {
      cpSync(join(specRoot, name), join(root, name), { recursive: true });
    }
    symlinkSync(join(specRoot, 'node_modules'), join(root, 'node_modules'));
    const source = join(root, 'openapi.yaml');
    const text = readFileSync(source, 'utf8');
    const edited = text.replace(/^(info:\n(?:.*\n)*?\s+title: )(.*)$/m, '$1$2 (edited)');
    expect(edited).not.toBe(text);
    writeFileSync(source, edited);
    const drift = bundleDrift({ root, dist: join(specRoot, 'dist') });
    expect(drift).toHaveLength(2);
    expect(drift[0]).toMatch(/^dist\/openapi\.yaml differs from a fresh bundle at line \d+: committed ".*" \/ fresh ".*\(edited\)"$/);
    expect(drift[1]).toMatch(/^dist\/openapi\.json differs from a fresh bundle at line \d+: committed ".*" \/ fresh ".*\(edited\).*"$/);
  });
});
