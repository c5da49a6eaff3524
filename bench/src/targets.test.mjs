// node --test: the summary table's targets (src/targets.mjs) judge as the issues set them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FIGURES, TARGETS, judge, targetIssues } from './targets.mjs';

test('every target names a known figure and one limit', () => {
  for (const t of TARGETS) {
    assert.ok(FIGURES[t.figure], t.figure);
    assert.equal((t.below === undefined) + (t.atLeast === undefined), 1, JSON.stringify(t));
  }
  assert.deepEqual(targetIssues(), [7, 14]);
});

test('start-up: under 1 s for issue 7, under 400 ms for issue 14', () => {
  assert.deepEqual(judge('startup', 399), ['#7: < 1 s; #14: < 400 ms', 'met (#7); met (#14)']);
  assert.deepEqual(judge('startup', 400), ['#7: < 1 s; #14: < 400 ms', 'met (#7); **missed** (#14)']);
  assert.deepEqual(judge('startup', 1000), ['#7: < 1 s; #14: < 400 ms', '**missed** (#7); **missed** (#14)']);
});

test('RSS just seeded: 200 MB (issue 7), 150 MiB (issue 14); not judged below 10,000 instances', () => {
  assert.deepEqual(judge('rssSeeded', 150 * 2 ** 20 - 1), ['#7: < 200 MB; #14: < 150 MiB', 'met (#7); met (#14)']);
  assert.deepEqual(judge('rssSeeded', 160 * 2 ** 20), ['#7: < 200 MB; #14: < 150 MiB', 'met (#7); **missed** (#14)']);
  assert.deepEqual(judge('rssSeeded', 100, { judged: false }), ['#7: < 200 MB; #14: < 150 MiB', '']);
});

test('throughput against Prism: at least 3x, for both issues', () => {
  assert.deepEqual(judge('vsPrism', 3), ['#7: ≥ 3x Prism; #14: ≥ 3x Prism', 'met (#7); met (#14)']);
  assert.deepEqual(judge('vsPrism', 2.99), ['#7: ≥ 3x Prism; #14: ≥ 3x Prism', '**missed** (#7); **missed** (#14)']);
  assert.deepEqual(judge('vsExpress', 0.5), ['#7: ≥ 70% of express', '**missed** (#7)']);
  assert.deepEqual(judge('p99', Number.NaN), ['#7: < 15 ms', '']);
});
