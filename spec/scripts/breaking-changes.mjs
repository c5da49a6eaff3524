// Compares dist/openapi.json with the committed baseline (baseline/openapi.json) and lists the
// changes that break existing callers. Exits 1 when one is not acknowledged in
// breaking-changes.yaml. `--update-baseline` records the current bundle as the new baseline
// (do it when a release ships, and clear the acknowledgements then).
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadBundle, specRoot } from '../lib/index.js';
import { breakingChanges } from '../lib/breaking.mjs';

const current = join(specRoot, 'dist', 'openapi.json');
const baseline = join(specRoot, 'baseline', 'openapi.json');
if (process.argv.includes('--update-baseline')) {
  copyFileSync(current, baseline);
  console.log('baseline/openapi.json updated from dist/openapi.json');
  process.exit(0);
}
const changes = breakingChanges(loadBundle(baseline), loadBundle(current));
const ackFile = join(specRoot, 'breaking-changes.yaml');
const acknowledged = new Set(existsSync(ackFile) ? (parse(readFileSync(ackFile, 'utf8'))?.acknowledged ?? []) : []);
const unmarked = changes.filter((c) => !acknowledged.has(c));
console.log(`breaking changes against the baseline: ${changes.length} (${changes.length - unmarked.length} acknowledged)`);
for (const change of unmarked) console.log(`  unacknowledged: ${change}`);
process.exit(unmarked.length > 0 ? 1 : 0);
