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
  // The preconditions and transition of stopInstance break the extension schema in five ways.
  for (const message of [
    '`x-jdcloud-preconditions` must have property from when property partial is present.',
    '`x-jdcloud-preconditions`/also/0/when/balance must match a schema in anyOf.',
    '`x-jdcloud-preconditions`/also/0/links/0 must match exactly one schema in oneOf.',
    '`x-jdcloud-preconditions`/also/0/messages must NOT have additional properties ("stateMessage").',
    '`x-jdcloud-transition`/saveState must be equal to constant.',
  ]) {
    expect(messages).toContain(message);
  }
  expect(messages.some((m) => m.startsWith('An answer field lists its documented values in `x-jdcloud-known-values`'))).toBe(true);
});
