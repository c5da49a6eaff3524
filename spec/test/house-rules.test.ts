import { expect, it } from 'vitest';
import { lint } from './redocly-lint.js';

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
  expect(messages.some((m) => m.startsWith('An answer field lists its documented values in `x-jdcloud-known-values`'))).toBe(true);
});
