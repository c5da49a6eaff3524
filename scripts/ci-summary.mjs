// Prints one summary of a test run from the vitest JSON reports each package writes to
// test-results/vitest.json, ending with the plain "N passed, N failed" line, and exits with the
// turbo status it was given (or 1 when a report shows failures turbo did not).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const turboStatus = Number(process.argv[2] ?? 0);
const packages = ['spec', ...readdirSync('packages').map((name) => join('packages', name))];
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
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  console.log(`  ${dir.padEnd(22)} ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
}
console.log(`  lint and tests (turbo): ${turboStatus === 0 ? 'ok' : `failed (exit ${turboStatus})`}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(turboStatus !== 0 ? turboStatus : failed > 0 ? 1 : 0);
