// Prints one summary of a test run from the vitest JSON reports each package writes to
// test-results/vitest.json, ending with the plain "N passed, N failed" line, and exits with the
// turbo status it was given (or 1 when a report shows failures turbo did not).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const turboStatus = Number(process.argv[2] ?? 0);
const packages = ['spec', ...readdirSync('packages').map((name) => join('packages', name))];
// The tests that prove generated artifacts match the spec, named in the summary.
const DRIFT_CHECKS = [
  ['committed spec bundle vs sources', /is what the sources bundle to/],
  ['spec bundle reproducible from sources', /two fresh bundles are byte-identical/],
  ['spec extension types vs their JSON Schema', /is what the JSON Schema generates/],
  ['generated client vs spec', /match what the current spec bundle generates/],
  ['breaking changes vs baseline', /no unacknowledged breaking change/],
];
const assertions = [];
let passed = 0;
let failed = 0;
let skipped = 0;
console.log('\nsummary');
for (const dir of packages) {
  const file = join(dir, 'test-results', 'vitest.json');
  if (!existsSync(file)) {
    console.log(`  ${dir.padEnd(22)} no test report`);
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  for (const suite of report.testResults ?? []) assertions.push(...(suite.assertionResults ?? []));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  console.log(`  ${dir.padEnd(22)} ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
}
const coverageFile = join('packages', 'contract', 'test-results', 'contract-coverage.json');
if (existsSync(coverageFile)) {
  const c = JSON.parse(readFileSync(coverageFile, 'utf8'));
  console.log(`  contract coverage: ${c.covered}/${c.total} operations, ${c.errorPaths} with error paths, ${c.exchanges} exchanges`);
} else {
  console.log('  contract coverage: not measured');
}
// Written by packages/conformance: the official SDKs and the pages' examples against the stub.
const conformanceFile = join('packages', 'conformance', 'test-results', 'conformance.json');
console.log(`  ${existsSync(conformanceFile) ? JSON.parse(readFileSync(conformanceFile, 'utf8')).line : 'conformance: not measured'}`);
for (const [label, pattern] of DRIFT_CHECKS) {
  const result = assertions.find((a) => pattern.test(a.title));
  console.log(`  drift, ${label}: ${result ? result.status : 'not run'}`);
}
console.log(`  lint and tests (turbo): ${turboStatus === 0 ? 'ok' : `failed (exit ${turboStatus})`}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(turboStatus !== 0 ? turboStatus : failed > 0 ? 1 : 0);
