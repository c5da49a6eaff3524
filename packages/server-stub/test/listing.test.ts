// The generic describe helpers, driven by the vendor extensions of a (synthetic) operation.
import { describe, expect, it } from 'vitest';
import { applyFilters, applyTagFilters, listResult, paginate, valuesAt } from '../src/domain/listing.js';
import type { OperationContext } from '../src/domain/types.js';
import type { FilterDefinition, OperationSpec } from '../src/spec/types.js';

const DEFINITIONS: FilterDefinition[] = [
  { name: 'instanceId', match: 'exact', multiple: true },
  { name: 'name', match: 'fuzzy', multiple: false },
  { name: 'privateIpAddress', field: 'networkInterfaces.privateIp', match: 'fuzzy', multiple: true },
  { name: 'status', match: 'exact', multiple: true },
];

const ITEMS = [
  { instanceId: 'i-a', name: 'Web-01', status: 'running', networkInterfaces: [{ privateIp: '10.0.0.4' }], tags: [{ key: 'env', value: 'prod' }] },
  { instanceId: 'i-b', name: 'web-02', status: 'stopped', networkInterfaces: [{ privateIp: '10.0.1.9' }, { privateIp: '192.168.0.7' }], tags: [{ key: 'env', value: 'dev' }, { key: 'team', value: 'core' }] },
  { instanceId: 'i-c', name: 'db-01', status: 'running', networkInterfaces: [], tags: [] },
];

const ids = (items: Array<{ instanceId: string }>) => items.map((i) => i.instanceId);

describe('filters', () => {
  it('exact match with several values (OR), conditions combined with AND', () => {
    expect(ids(applyFilters(ITEMS, [{ name: 'instanceId', values: ['i-a', 'i-c', 'i-z'] }], DEFINITIONS))).toEqual(['i-a', 'i-c']);
    expect(
      ids(
        applyFilters(
          ITEMS,
          [
            { name: 'instanceId', values: ['i-a', 'i-b'] },
            { name: 'status', values: ['stopped'] },
          ],
          DEFINITIONS,
        ),
      ),
    ).toEqual(['i-b']);
    expect(ids(applyFilters(ITEMS, [{ name: 'instanceId', values: ['i'] }], DEFINITIONS))).toEqual([]);
  });

  it('fuzzy match is a case-insensitive substring, also through nested lists via `field`', () => {
    expect(ids(applyFilters(ITEMS, [{ name: 'name', values: ['WEB'] }], DEFINITIONS))).toEqual(['i-a', 'i-b']);
    expect(ids(applyFilters(ITEMS, [{ name: 'privateIpAddress', values: ['192.168'] }], DEFINITIONS))).toEqual(['i-b']);
    expect(valuesAt(ITEMS[1], 'networkInterfaces.privateIp')).toEqual(['10.0.1.9', '192.168.0.7']);
  });

  it('refuses unknown names, other operators and several values where one is allowed', () => {
    expect(() => applyFilters(ITEMS, [{ name: 'colour', values: ['red'] }], DEFINITIONS)).toThrow(
      /Unknown filter name 'colour'; this operation accepts: instanceId, name, privateIpAddress, status/,
    );
    expect(() => applyFilters(ITEMS, [{ name: 'status', operator: 'like', values: ['x'] }], DEFINITIONS)).toThrow(/only 'eq'/);
    expect(() => applyFilters(ITEMS, [{ name: 'name', values: ['a', 'b'] }], DEFINITIONS)).toThrow(/takes one value/);
  });

  it('custom accessors read computed fields', () => {
    const out = applyFilters(ITEMS, [{ name: 'status', values: ['RUNNING'] }], DEFINITIONS, {
      status: (item) => item.status.toUpperCase(),
    });
    expect(ids(out)).toEqual(['i-a', 'i-c']);
  });
});

describe('tag filters', () => {
  it('key alone, key with values, several conditions', () => {
    expect(ids(applyTagFilters(ITEMS, [{ key: 'env' }]))).toEqual(['i-a', 'i-b']);
    expect(ids(applyTagFilters(ITEMS, [{ key: 'env', values: ['dev', 'qa'] }]))).toEqual(['i-b']);
    expect(ids(applyTagFilters(ITEMS, [{ key: 'env' }, { key: 'team', values: ['core'] }]))).toEqual(['i-b']);
    expect(ids(applyTagFilters(ITEMS, [{ key: 'owner' }]))).toEqual([]);
  });
});

describe('paging and listResult', () => {
  const operation = {
    operationId: 'describeThings',
    pagination: { items: 'things', total: 'totalCount' },
    filters: DEFINITIONS,
    parameters: [
      { name: 'pageNumber', in: 'query', required: false, schema: { type: 'integer', default: 1 }, indexed: false, raw: {} },
      { name: 'pageSize', in: 'query', required: false, schema: { type: 'integer', default: 2 }, indexed: false, raw: {} },
    ],
  } as unknown as OperationSpec;
  const ctx = (query: Record<string, unknown>) =>
    ({ operationId: 'describeThings', operation, params: { path: {}, query, body: {} } }) as unknown as OperationContext<'describeInstances'>;

  it('uses the document defaults when the query has none', () => {
    expect(paginate(ctx({}), ITEMS)).toMatchObject({ pageNumber: 1, pageSize: 2, totalCount: 3 });
    expect(ids(paginate(ctx({ pageNumber: 2 }), ITEMS).items)).toEqual(['i-c']);
  });

  it('filters, tags, then pages, under the names x-jdcloud-pagination gives', () => {
    const result = listResult(
      ctx({ filters: [{ name: 'status', values: ['running'] }], tags: [{ key: 'env' }], pageSize: 10 }),
      ITEMS,
      { present: (item) => ({ instanceName: item.name }) },
    );
    expect(result).toEqual({ things: [{ instanceName: 'Web-01' }], totalCount: 1 });
  });
});
