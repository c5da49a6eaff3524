import { describe, expect, it } from 'vitest';
import { filterItems, filterProseProblems } from '../plugins/filter-prose.js';
import { lint, messagesAt } from './redocly-lint.js';

describe('jdcloud/filter-prose', () => {
  const problems = lint('test/fixtures/broken-filter-prose.yaml').filter((p) => p.ruleId === 'jdcloud/filter-prose');
  const at = (path: string, method?: string) => messagesAt(problems, path, method);

  it('reports, in both languages, a missing filter, an extra one and a claim the extension contradicts', () => {
    expect(at('/instances')).toEqual([
      '`description` says filter `name` is an exact match; x-jdcloud-filters says it is a fuzzy match.',
      'Filter `az` of x-jdcloud-filters is not listed in `description`.',
      '`description` lists filter `vpcId`, which x-jdcloud-filters does not name.',
      '`x-description-zh` says filter `instanceId` takes one value only; x-jdcloud-filters says it takes several values.',
      '`x-description-zh` lists filter `az` twice.',
    ]);
  });

  it('accepts prose in step with the extension, item text over several lines included', () => {
    expect(at('/keypairs')).toEqual([]);
    expect(problems).toHaveLength(5);
  });

  it('reads an item with its continuation lines, and ends the list at a blank line or other text', () => {
    const text = '- `a`: one,\n  two.\n\nThe `b` note.\n- `c`：三\n';
    expect(filterItems(text)).toEqual([
      { name: 'a', text: ' one, two.' },
      { name: 'c', text: '三' },
    ]);
    expect(filterProseProblems([{ name: 'a', match: 'exact', multiple: true }], undefined, 'description')).toEqual([
      'Filter `a` of x-jdcloud-filters is not listed in `description`.',
    ]);
  });
});
