import { describe, expect, it } from 'vitest';
import { listOperations, loadBundle } from '../lib/analysis.mjs';
import { composedObject, resultSchema } from '../lib/composed.mjs';

const doc = loadBundle();
const operations = listOperations(doc);
const schemas = (doc.components?.schemas ?? {}) as Record<string, any>;
const statesOf = (model: string): string[] => schemas[model]?.properties?.status?.['x-jdcloud-known-values'] ?? [];
const STATES: Record<string, string[]> = { instance: statesOf('Instance'), image: statesOf('Image') };

describe('vendor extensions the client and the stub are driven by', () => {
  it('instances and images have a status enum to check against', () => {
    expect(STATES.instance).toContain('running');
    expect(STATES.image).toContain('ready');
  });

  const stateful = operations.filter((e) => e.operation['x-jdcloud-preconditions'] || e.operation['x-jdcloud-transition']);
  it.each(stateful)('$operationId names real states of its resources', (entry) => {
    const pre = entry.operation['x-jdcloud-preconditions'];
    if (pre?.states) {
      expect(Object.keys(STATES)).toContain(pre.resource);
      for (const state of pre.states) expect(STATES[pre.resource]).toContain(state);
    }
    if (pre?.from) {
      const body = entry.operation.requestBody?.content?.['application/json']?.schema;
      expect(body?.properties?.[pre.from]?.type, `${pre.from} is a body array`).toBe('array');
    }
    const transition = entry.operation['x-jdcloud-transition'];
    if (transition) {
      const resource = transition.resource ?? pre?.resource;
      expect(Object.keys(STATES), `${entry.operationId}: transition of an unknown resource`).toContain(resource);
      expect(STATES[resource]).toContain(transition.transitional);
      if (transition.final !== 'deleted') expect(STATES[resource]).toContain(transition.final);
    }
  });

  it.each(operations.filter((e) => e.operation['x-jdcloud-pagination']))('$operationId pages over real result fields', (entry) => {
    const { items, total } = entry.operation['x-jdcloud-pagination'];
    const result = composedObject(doc, resultSchema(doc, entry.operation));
    expect(result.properties[items]?.type).toBe('array');
    expect(result.properties[total]?.type).toBe('integer');
    expect(result.required).toEqual(expect.arrayContaining([items, total]));
    const names = (entry.operation.parameters ?? []).map((p: any) => p.name ?? p.$ref?.split('/').pop());
    expect(names).toContain('pageNumber');
    expect(names).toContain('pageSize');
  });

  it('every operation with pageNumber/pageSize declares its pagination', () => {
    const missing = operations
      .filter((e) => (e.operation.parameters ?? []).some((p: any) => (p.name ?? p.$ref ?? '').endsWith('pageNumber')))
      .filter((e) => !e.operation['x-jdcloud-pagination'])
      .map((e) => e.operationId);
    expect(missing).toEqual([]);
  });

  it('filter names are unique per operation', () => {
    for (const entry of operations) {
      const filters = (entry.operation.parameters ?? []).find((p: any) => p.name === 'filters');
      const names = (filters?.['x-jdcloud-filters'] ?? []).map((f: any) => f.name);
      expect(new Set(names).size, entry.operationId).toBe(names.length);
    }
  });

  it('every open answer enumeration names its known values in its description (Redoc shows no extension)', () => {
    const missing: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${at}/${i}`));
      else if (node && typeof node === 'object') {
        const schema = node as Record<string, unknown>;
        const known = schema['x-jdcloud-known-values'];
        if (Array.isArray(known)) {
          for (const value of known) {
            for (const key of ['description', 'x-description-zh']) {
              if (!String(schema[key] ?? '').includes(String(value))) missing.push(`${at} ${key}: ${String(value)}`);
            }
          }
        }
        for (const [key, value] of Object.entries(schema)) walk(value, `${at}/${key}`);
      }
    };
    walk(doc.components, '#/components');
    expect(missing).toEqual([]);
  });
});
