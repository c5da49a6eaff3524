import { expect, it } from 'vitest';
import { loadBundle } from '../lib/index.js';
import { twinReport } from '../lib/analysis.mjs';

it('every English text has its Chinese twin', () => {
  const report = twinReport(loadBundle());
  const percent = ((100 * report.twinned) / report.total).toFixed(1);
  console.log(`chinese twins: ${report.twinned}/${report.total} (${percent}%)`);
  expect(report.total).toBeGreaterThan(0);
  expect(report.missing).toEqual([]);
});

it('the twin counter notices a missing twin', () => {
  const doc = {
    openapi: '3.0.3',
    info: { title: 'T', 'x-title-zh': '标题', version: '1' },
    paths: {
      '/a': {
        get: {
          summary: 'Get a',
          'x-summary-zh': '获取 a',
          description: 'Only English here.',
          responses: { '200': { description: 'OK', 'x-description-zh': 'not chinese' } },
        },
      },
    },
  };
  const report = twinReport(doc);
  expect(report.total).toBe(4);
  expect(report.missing).toEqual(['#/paths/~1a/get/description', '#/paths/~1a/get/responses/200/description']);
});
