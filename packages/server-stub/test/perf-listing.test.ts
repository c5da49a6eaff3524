// Issue 7: applyFilters works out each condition once (lower-cased values, a Set, the split path)
// and reads top-level fields without intermediate arrays. Its answers must be those of the plain
// algorithm it replaced, kept here as the oracle, on items with lists, nesting, nulls and numbers.
import { describe, expect, it } from 'vitest';
import { type Accessors, type FilterCondition, applyFilters, valuesAt } from '../src/domain/listing.js';
import type { FilterDefinition } from '../src/spec/types.js';

/** The previous applyFilters, verbatim in behaviour (filter checks left out). */
function oracle<T>(items: readonly T[], conditions: readonly FilterCondition[], defs: readonly FilterDefinition[], accessors: Accessors<T> = {}): T[] {
  return items.filter((item) =>
    conditions.every((condition) => {
      const definition = defs.find((d) => d.name === condition.name) as FilterDefinition;
      const accessor = accessors[condition.name];
      const raw = accessor ? [accessor(item)].flat(Infinity) : valuesAt(item, definition.field ?? definition.name);
      const actual = raw.filter((v) => v !== undefined && v !== null).map(String);
      if (definition.match === 'fuzzy') {
        return condition.values.some((wanted) => actual.some((a) => a.toLowerCase().includes(wanted.toLowerCase())));
      }
      return condition.values.some((wanted) => actual.includes(wanted));
    }),
  );
}

const DEFS: FilterDefinition[] = [
  { name: 'id', match: 'exact', multiple: true },
  { name: 'name', match: 'fuzzy', multiple: false },
  { name: 'keyNames', match: 'exact', multiple: true },
  { name: 'size', match: 'exact', multiple: true },
  { name: 'nicIp', field: 'nics.ip', match: 'fuzzy', multiple: true },
  { name: 'agId', field: 'ag.id', match: 'exact', multiple: true },
  { name: 'flag', match: 'exact', multiple: false },
  { name: 'computed', match: 'exact', multiple: true },
];

const ITEMS: Array<Record<string, unknown>> = [
  { id: 'a', name: 'Web-01', keyNames: ['k1', 'k2'], size: 10, nics: [{ ip: '10.0.0.1' }, { ip: '192.168.1.2' }], ag: { id: 'ag-1' }, flag: true },
  { id: 'b', name: 'web-02', keyNames: [], size: '10', nics: [], ag: null, flag: false },
  { id: 'c', name: null, keyNames: [['k3'], null, 'k4'], size: 0, nics: [{ ip: null }, { other: 1 }], ag: { id: ['ag-1', 'ag-2'] } },
  { id: 'd', keyNames: 'k1', size: null, nics: { ip: '10.9.9.9' }, ag: [{ id: 'ag-3' }, { id: null }], flag: 'true' },
  { id: 'e', name: 'ΑΛΦΑ server', keyNames: undefined, size: 1.5, nics: [[{ ip: '172.16.0.1' }]] },
];

const CASES: FilterCondition[][] = [
  [{ name: 'id', values: ['a', 'c', 'zz'] }],
  [{ name: 'name', values: ['WEB'] }],
  [{ name: 'name', values: ['αλφα'] }],
  [{ name: 'name', values: [''] }],
  [{ name: 'keyNames', values: ['k1'] }],
  [{ name: 'keyNames', values: ['k3', 'k4'] }],
  [{ name: 'size', values: ['10'] }],
  [{ name: 'size', values: ['0', '1.5'] }],
  [{ name: 'size', values: ['null'] }],
  [{ name: 'nicIp', values: ['10.'] }],
  [{ name: 'nicIp', values: ['172.16'] }],
  [{ name: 'agId', values: ['ag-1'] }],
  [{ name: 'agId', values: ['ag-3', 'ag-2'] }],
  [{ name: 'flag', values: ['true'] }],
  [{ name: 'flag', values: ['false'] }],
  [
    { name: 'name', values: ['web'] },
    { name: 'size', values: ['10'] },
    { name: 'keyNames', values: ['k2'] },
  ],
  [{ name: 'computed', values: ['A!', 'x'] }],
];

const ACCESSORS: Accessors<Record<string, unknown>> = {
  computed: (item) => (item.id === 'a' ? [`${String(item.id).toUpperCase()}!`, [null]] : item.id === 'b' ? undefined : ['x']),
};

describe('applyFilters gives the answers of the plain algorithm', () => {
  it.each(CASES.map((c) => [JSON.stringify(c), c] as const))('%s', (_label, conditions) => {
    const ids = (items: Array<Record<string, unknown>>) => items.map((i) => i.id);
    expect(ids(applyFilters(ITEMS, conditions, DEFS, ACCESSORS))).toEqual(ids(oracle(ITEMS, conditions, DEFS, ACCESSORS)));
  });
});
