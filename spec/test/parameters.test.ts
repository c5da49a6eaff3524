import { expect, it } from 'vitest';
import { loadBundle } from '../lib/index.js';
import { parameterCoverage } from '../lib/analysis.mjs';

it('declares the reference parameters (path, query, top-level body) by name', () => {
  const coverage = parameterCoverage(loadBundle());
  const percent = ((100 * coverage.found) / coverage.expected).toFixed(1);
  console.log(`reference parameters: ${coverage.found}/${coverage.expected} (${percent}%)`);
  expect(coverage.missing).toEqual([]);
});
