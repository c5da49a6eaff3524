// Bundles the split document into dist/openapi.yaml and dist/openapi.json with Redocly
// (`--out DIR` writes elsewhere; the drift test uses it).
// Both files come from one bundle so they can never disagree.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const dist = outAt >= 0 ? args.splice(outAt, 2)[1] : join(root, 'dist');
const entry = args[0] ?? 'openapi.yaml';
mkdirSync(dist, { recursive: true });

const redocly = join(root, 'node_modules', '.bin', 'redocly');
execFileSync(redocly, ['bundle', entry, '--config', 'redocly.yaml', '--output', join(dist, 'openapi.yaml')], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
});
const doc = parse(readFileSync(join(dist, 'openapi.yaml'), 'utf8'));
writeFileSync(join(dist, 'openapi.json'), `${JSON.stringify(doc, null, 2)}\n`);
const operations = Object.values(doc.paths ?? {}).flatMap((item) => Object.keys(item)).length;
console.log(`bundled ${operations} operations into dist/openapi.yaml and dist/openapi.json`);
