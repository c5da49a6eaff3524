import { describe, expect, it } from 'vitest';
import { extensionProblems } from '../lib/extension-check.js';
import {
  EXTENSIONS,
  jsonPointer,
  listOperations,
  loadBundle,
  operationParameters,
  resolveRef,
  schemaProperties,
  type OperationObject,
  type SchemaObject,
} from '../lib/index.js';

const doc = loadBundle();
const operations = listOperations(doc);
const schemas = (doc.components?.schemas ?? {}) as Record<string, SchemaObject>;
const statesOf = (model: string): string[] => {
  const status = resolveRef<SchemaObject>(doc, schemaProperties(doc, schemas[model]).status);
  return (status?.['x-jdcloud-known-values'] ?? []).map(String);
};
const STATES: Record<string, string[]> = { instance: statesOf('Instance'), image: statesOf('Image') };

/** The properties of the `result` of an operation's 200 answer (through `$ref` and `allOf`). */
function resultProperties(op: OperationObject): Record<string, SchemaObject> {
  const ok = resolveRef<{ content?: Record<string, { schema?: unknown }> }>(doc, op.responses?.['200']);
  const result = schemaProperties(doc, ok?.content?.['application/json']?.schema).result;
  const props = schemaProperties(doc, result);
  return Object.fromEntries(Object.entries(props).map(([name, schema]) => [name, resolveRef<SchemaObject>(doc, schema)]));
}

/** Every `x-jdcloud-*` key of the document, where it is and the kind of node that holds it. */
function occurrences(): Array<{ at: string; name: string; value: unknown; on: 'Operation' | 'Parameter' | 'Schema' | 'other' }> {
  const found: ReturnType<typeof occurrences> = [];
  const operationNodes = new Set<unknown>(operations.map((e) => e.operation));
  const parameterNodes = new Set<unknown>();
  for (const entry of operations) for (const p of operationParameters(doc, entry)) parameterNodes.add(p);
  for (const p of Object.values(doc.components?.parameters ?? {})) parameterNodes.add(p);
  const walk = (node: unknown, keys: string[], schema: boolean): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, [...keys, String(i)], schema));
      return;
    }
    if (!node || typeof node !== 'object') return;
    const parent = keys.at(-1);
    const on = operationNodes.has(node) ? 'Operation' : parameterNodes.has(node) ? 'Parameter' : schema ? 'Schema' : 'other';
    for (const [key, value] of Object.entries(node)) {
      // Keys of these maps are names (a header may be called x-jdcloud-request-id), and examples are data.
      const names = parent === 'headers' || parent === 'properties';
      if (!names && key.startsWith('x-jdcloud-')) found.push({ at: jsonPointer(...keys, key), name: key, value, on });
      if (key === 'example' || key === 'examples' || key === 'default' || key === 'enum' || key.startsWith('x-')) continue;
      const intoSchema = key === 'schema' || key === 'items' || key === 'additionalProperties';
      const stillSchema = schema && (key === 'properties' || key === 'allOf' || key === 'oneOf' || key === 'anyOf' || key === 'not');
      walk(value, [...keys, key], intoSchema || stillSchema || (names && schema) || (parent === 'schemas' && keys.at(-2) === 'components'));
    }
  };
  walk(doc, [], false);
  return found;
}

const found = occurrences();

describe('vendor extensions against their JSON Schema (lib/extensions.js)', () => {
  it('the document uses every extension the schema defines, and no other', () => {
    expect(new Set(found.map((o) => o.name))).toEqual(new Set(Object.keys(EXTENSIONS)));
  });

  it('every occurrence is on the kind of node it belongs to and valid against the schema', () => {
    expect(found.length).toBeGreaterThan(100);
    const problems = found.flatMap((o) => extensionProblems(o.name, o.value, o.on === 'other' ? undefined : o.on).map((p) => `${o.at}: ${p}`));
    expect(found.filter((o) => o.on === 'other').map((o) => o.at)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('the schema refuses what the readers could not use', () => {
    expect(extensionProblems('x-jdcloud-preconditions', { resource: 'disk' }, 'Operation')).not.toEqual([]);
    expect(extensionProblems('x-jdcloud-transition', { transitional: 'stopping' }, 'Operation')).not.toEqual([]);
    expect(extensionProblems('x-jdcloud-pagination', { items: 'instances', total: 'totalCount', page: 1 }, 'Operation')).not.toEqual([]);
    expect(extensionProblems('x-jdcloud-filters', [{ name: 'az', match: 'exact' }], 'Parameter')).not.toEqual([]);
    expect(extensionProblems('x-jdcloud-encoding', 'csv', 'Parameter')).not.toEqual([]);
    expect(extensionProblems('x-jdcloud-known-values', [], 'Schema')).not.toEqual([]);
    expect(extensionProblems('x-jdcloud-known-values', ['a'], 'Operation')).not.toEqual([]);
    expect(extensionProblems('x-jdcloud-unknown', true)).not.toEqual([]);
  });
});

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
      const body = resolveRef<{ content?: Record<string, { schema?: unknown }> }>(doc, entry.operation.requestBody);
      const field = resolveRef<SchemaObject>(doc, schemaProperties(doc, body?.content?.['application/json']?.schema)[pre.from]);
      expect(field?.type, `${pre.from} is a body array`).toBe('array');
    }
    const transition = entry.operation['x-jdcloud-transition'];
    if (transition) {
      const resource = transition.resource ?? pre?.resource ?? '';
      expect(Object.keys(STATES), `${entry.operationId}: transition of an unknown resource`).toContain(resource);
      expect(STATES[resource]).toContain(transition.transitional);
      if (transition.final !== 'deleted') expect(STATES[resource]).toContain(transition.final);
    }
  });

  it.each(operations.filter((e) => e.operation['x-jdcloud-pagination']))('$operationId pages over real result fields', (entry) => {
    const { items, total } = entry.operation['x-jdcloud-pagination']!;
    const result = resultProperties(entry.operation);
    expect(result[items]?.type).toBe('array');
    expect(result[total]?.type).toBe('integer');
    const names = operationParameters(doc, entry).map((p) => p.name);
    expect(names).toContain('pageNumber');
    expect(names).toContain('pageSize');
  });

  it('every operation with pageNumber/pageSize declares its pagination', () => {
    const missing = operations
      .filter((e) => operationParameters(doc, e).some((p) => p.name === 'pageNumber'))
      .filter((e) => !e.operation['x-jdcloud-pagination'])
      .map((e) => e.operationId);
    expect(missing).toEqual([]);
  });

  it('filter names are unique per operation', () => {
    for (const entry of operations) {
      const filters = operationParameters(doc, entry).find((p) => p.name === 'filters');
      const names = (filters?.['x-jdcloud-filters'] ?? []).map((f) => f.name);
      expect(new Set(names).size, entry.operationId).toBe(names.length);
    }
  });

  it('every open answer enumeration names its known values in its description (Redoc shows no extension)', () => {
    const missing = found
      .filter((o) => o.name === 'x-jdcloud-known-values')
      .flatMap((o) => {
        const schema = resolveRef<SchemaObject>(doc, { $ref: o.at.replace(/\/x-jdcloud-known-values$/, '') });
        return (o.value as unknown[]).flatMap((value) =>
          ['description', 'x-description-zh']
            .filter((key) => !String(schema[key] ?? '').includes(String(value)))
            .map((key) => `${o.at} ${key}: ${String(value)}`),
        );
      });
    expect(missing).toEqual([]);
  });
});
