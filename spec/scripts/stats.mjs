// Prints the figures the spec is judged by: seed operations present with the right method
// and path, reference parameters declared, and Chinese twins. Exits 1 when any falls short.
import { listOperations, loadBundle, loadFixture } from '../lib/index.js';
import { parameterCoverage, sdkOperationCoverage, twinReport } from '../lib/analysis.mjs';

const doc = loadBundle(process.argv[2]);
const seeds = loadFixture('seed-operations.json').operations;
const ops = new Map(listOperations(doc).map((e) => [e.operationId, e]));
const exact = seeds.filter((s) => ops.get(s.operationId)?.method === s.method && ops.get(s.operationId)?.path === s.path);
const coverage = parameterCoverage(doc);
const twins = twinReport(doc);
const sdk = sdkOperationCoverage(doc);
const pct = (a, b) => (b === 0 ? 100 : (100 * a) / b).toFixed(1);

console.log(`seed operations: ${exact.length}/${seeds.length} with the reference method and path (${ops.size} in the bundle)`);
console.log(`SDK operations: ${sdk.present.length}/${sdk.total} in the bundle${sdk.missing.length ? ` (to come: ${sdk.missing.join(', ')})` : ''}`);
console.log(`reference parameters: ${coverage.found}/${coverage.expected} (${pct(coverage.found, coverage.expected)}%)`);
console.log(`chinese twins: ${twins.twinned}/${twins.total} (${pct(twins.twinned, twins.total)}%)`);
for (const name of coverage.missing.slice(0, 50)) console.log(`  missing parameter: ${name}`);
for (const where of twins.missing.slice(0, 50)) console.log(`  missing twin: ${where}`);
const ok = exact.length === seeds.length && coverage.found / coverage.expected >= 0.98 && twins.twinned === twins.total;
process.exit(ok ? 0 : 1);
