import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { specRoot } from '../lib/analysis.mjs';

interface Problem {
  ruleId: string;
  message: string;
}

function lint(file: string): Problem[] {
  const redocly = join(specRoot, 'node_modules', '.bin', 'redocly');
  let out: string;
  try {
    out = execFileSync(redocly, ['lint', file, '--config', 'redocly.yaml', '--format', 'json'], {
      cwd: specRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    });
  } catch (error) {
    // redocly exits 1 when it finds problems; the JSON report is still on stdout.
    out = (error as { stdout: string }).stdout;
  }
  return (JSON.parse(out) as { problems: Problem[] }).problems;
}

it('every house rule fires on a document that breaks it', () => {
  const problems = lint('test/fixtures/broken.yaml');
  const fired = new Set(problems.map((p) => p.ruleId));
  for (const rule of [
    'jdcloud/bilingual-twins',
    'jdcloud/zh-style',
    'jdcloud/described-properties',
    'jdcloud/id-patterns',
    'jdcloud/open-answer-enums',
    'jdcloud/shared-error-responses',
    'jdcloud/indexed-query-params',
    'jdcloud/known-extensions',
  ]) {
    expect(fired, `${rule} did not fire`).toContain(rule);
  }
  const messages = problems.map((p) => p.message);
  expect(messages).toContain('Operation has `description` but no `x-description-zh`.');
  expect(messages).toContain('A space between Chinese characters: "查询实例 列表，按启动模".');
  expect(messages).toContain("Use JD Cloud's term: 启动模板 → 实例模板.");
  expect(messages).toContain('No source states a pattern (^i-.*$); describe the allowed characters in prose.');
  expect(messages.some((m) => m.startsWith('Path parameter `instanceId` comes before a `:` custom method'))).toBe(true);
  for (const message of [
    '`partial: true` goes with `from` (a list of ids answered one by one).',
    '`when` maps request fields to the values the entry applies to.',
    'A `links` rule has one of `max` and `holdsPathResource`.',
    '`messages.stateMessage` is not one of notFound, task, state, imageSource with a text.',
    '`saveState` is `true` or absent.',
  ]) {
    expect(messages).toContain(message);
  }
  expect(messages.some((m) => m.startsWith('An answer field lists its documented values in `x-jdcloud-known-values`'))).toBe(true);
});
