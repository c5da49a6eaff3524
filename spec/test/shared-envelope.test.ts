import { describe, expect, it } from 'vitest';
import { lint, messagesAt } from './redocly-lint.js';

describe('jdcloud/shared-envelope', () => {
  const problems = lint('test/fixtures/broken-envelope.yaml').filter((p) => p.ruleId === 'jdcloud/shared-envelope');
  const at = (path: string, method?: string) => messagesAt(problems, path, method);

  it('reports an envelope and a paging wrapper written out by hand', () => {
    expect(at('/instances')).toEqual([
      'The 200 answer builds on the shared envelope: `allOf` with components/schemas/SuccessEnvelope.yaml (or EmptyResultEnvelope.yaml).',
      '`requestId` is written out by hand: it comes from SuccessEnvelope.',
      'A paged result builds on the shared paging base: `allOf` with components/schemas/PagedResult.yaml.',
      '`totalCount` is written out by hand: it comes from PagedResult.',
    ]);
  });

  it('reports a shared field declared again beside its shared part', () => {
    expect(at('/keypairs')).toEqual(['`totalCount` is written out by hand: it comes from PagedResult.']);
    expect(at('/instances/{instanceId}')).toEqual([
      '`requestId` is written out by hand: it comes from SuccessEnvelope.',
      'PagedResult is the base of paged results: declare `x-jdcloud-pagination` or drop it.',
    ]);
  });

  it('accepts the shared envelope, and reports nothing it was not asked to', () => {
    expect(at('/instances/{instanceId}:stopInstance', 'post')).toEqual([]);
    expect(problems).toHaveLength(7);
  });
});
