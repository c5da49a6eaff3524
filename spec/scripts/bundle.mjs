// Bundles the split document into dist/openapi.yaml and dist/openapi.json with Redocly. Both
// files come from one bundle so they can never disagree. dist/ is committed, as the client's
// generated files are: `pnpm --filter @jdcloud-vm/spec bundle` rewrites it after a change to the
// sources, and test/bundle-drift.test.ts fails when the committed bundle is not what the sources
// give (the build does not rewrite it, so that check can fail).
//
//   node scripts/bundle.mjs [--check] [--out DIR] [entry]
//     --check  bundle into a temporary folder and compare with dist/; exit 1 on a difference
//     --out    write into DIR instead of dist/
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { firstDifference } from '../lib/first-difference.js';

const specRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE_FILES = ['openapi.yaml', 'openapi.json'];

/** Bundles the sources under `root` (a spec folder) into `out`; returns the number of operations. */
export function bundle({ root = specRoot, out = join(root, 'dist'), entry = 'openapi.yaml' } = {}) {
  mkdirSync(out, { recursive: true });
  const redocly = join(root, 'node_modules', '.bin', 'redocly');
  execFileSync(redocly, ['bundle', entry, '--config', 'redocly.yaml', '--output', join(out, 'openapi.yaml')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  const doc = parse(readFileSync(join(out, 'openapi.yaml'), 'utf8'));
  writeFileSync(join(out, 'openapi.json'), `${JSON.stringify(doc, null, 2)}\n`);
  return Object.values(doc.paths ?? {}).flatMap((item) => Object.keys(item)).length;
}

/**
 * How the bundle in `dist` differs from a fresh bundle of the sources under `root`: one line per
 * file that differs (or is missing), empty when the committed bundle is current.
 */
export function bundleDrift({ root = specRoot, dist = join(root, 'dist') } = {}) {
  const out = mkdtempSync(join(tmpdir(), 'spec-bundle-check-'));
  try {
    bundle({ root, out });
    return compareBundles(dist, out);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** How the bundle files in `committed` differ from those in `fresh`: one line per file, empty when equal. */
export function compareBundles(committed, fresh) {
  return BUNDLE_FILES.flatMap((file) => {
    let text;
    try {
      text = readFileSync(join(committed, file), 'utf8');
    } catch {
      return [`dist/${file} is missing`];
    }
    const difference = firstDifference(text, readFileSync(join(fresh, file), 'utf8'));
    return difference ? [`dist/${file} differs from a fresh bundle at ${difference}`] : [];
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const outAt = args.indexOf('--out');
  const out = outAt >= 0 ? resolve(args[outAt + 1]) : undefined;
  const entry = args.filter((arg, i) => !arg.startsWith('--') && i !== outAt + 1)[0];
  if (check) {
    const drift = bundleDrift();
    for (const line of drift) console.error(line);
    if (drift.length > 0) {
      console.error('the committed bundle is stale: run pnpm --filter @jdcloud-vm/spec bundle and commit dist/');
      process.exit(1);
    }
    console.log('dist/ is the bundle of the sources');
  } else {
    const operations = bundle({ out, entry });
    console.log(`bundled ${operations} operations into ${out ?? 'dist'}/openapi.yaml and openapi.json`);
  }
}
