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
  type PreconditionEntry,
  type Preconditions,
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
  const entriesOf = (pre: Preconditions | undefined): PreconditionEntry[] => (pre ? [pre, ...(pre.also ?? [])] : []);
  /** The body's properties (through `$ref` and `allOf`), each resolved. */
  const bodyProperties = (op: OperationObject): Record<string, SchemaObject> => {
    const body = resolveRef<{ content?: Record<string, { schema?: unknown }> }>(doc, op.requestBody);
    const props = schemaProperties(doc, body?.content?.['application/json']?.schema);
    return Object.fromEntries(Object.entries(props).map(([name, schema]) => [name, resolveRef<SchemaObject>(doc, schema)]));
  };
  // The record fields `excludes` and `where` may name: the answer model of each kind.
  const MODELS: Record<string, string> = { instance: 'Instance', image: 'Image', keypair: 'Keypair', instanceTemplate: 'InstanceTemplate' };
  const PLACEHOLDERS = new Set(['id', 'label', 'state', 'states', 'task']);

  it.each(stateful)('$operationId names real states of its resources', (entry) => {
    const pre = entry.operation['x-jdcloud-preconditions'];
    for (const rule of entriesOf(pre)) {
      if (rule.states) {
        expect(Object.keys(STATES)).toContain(rule.resource);
        for (const state of rule.states) expect(STATES[rule.resource]).toContain(state);
      }
      if (rule.from) expect(bodyProperties(entry.operation)[rule.from]?.type, `${rule.from} is a body array`).toBe('array');
    }
    const transition = entry.operation['x-jdcloud-transition'];
    if (transition) {
      const resource = transition.resource ?? pre?.resource ?? '';
      expect(Object.keys(STATES), `${entry.operationId}: transition of an unknown resource`).toContain(resource);
      expect(STATES[resource]).toContain(transition.transitional);
      if (transition.final !== 'deleted' && transition.final !== 'previous') expect(STATES[resource]).toContain(transition.final);
    }
  });

  const withRules = operations.filter((e) => entriesOf(e.operation['x-jdcloud-preconditions']).length > 0);
  it.each(withRules)('$operationId: its precondition entries name real fields, kinds and placeholders', (entry) => {
    const op = entry.operation;
    for (const rule of entriesOf(op['x-jdcloud-preconditions'])) {
      for (const [field, value] of Object.entries(rule.when ?? {})) {
        const property = bodyProperties(op)[field];
        expect(property, `${entry.operationId}: when.${field} is a body field`).toBeDefined();
        if (property?.enum) expect(property.enum).toContain(value);
        else expect(typeof value === 'boolean' ? 'boolean' : typeof value === 'number' ? ['integer', 'number'] : 'string').toContain(property?.type);
      }
      const fields = [...(rule.excludes ?? []).map((e) => e.field), ...Object.keys(rule.where ?? {})];
      for (const field of fields) {
        const model = schemas[MODELS[rule.resource] ?? ''];
        expect(schemaProperties(doc, model)[field.split('.')[0] ?? ''], `${entry.operationId}: ${rule.resource}.${field}`).toBeDefined();
      }
      for (const link of rule.links ?? []) {
        expect(Object.keys(MODELS)).toContain(link.resource);
        // The held kind is named by the path (detach) or is the operation's own (attach adds one).
        if ('holdsPathResource' in link) expect(entriesOf(op['x-jdcloud-preconditions']).some((e) => e.resource === link.resource && !e.from)).toBe(true);
      }
      const texts = [...Object.values(rule.messages ?? {}), ...(rule.excludes ?? []).map((e) => e.message), ...(rule.links ?? []).map((l) => l.message)];
      for (const text of texts) {
        for (const [, name] of text.matchAll(/\{(\w+)\}/g)) expect(PLACEHOLDERS, `${entry.operationId}: {${name}}`).toContain(name);
      }
      const pathParams = operationParameters(doc, entry).filter((p) => p.in === 'path');
      if (!rule.from && !rule.when) expect(pathParams.length, `${entry.operationId}: a path resource`).toBeGreaterThan(1);
    }
  });

  // A declared message is the wording of a row of the operation's page: with its placeholders as
  // the page writes them (`xx`), it is one of the error examples written from that page's table.
  type Examples = Record<string, { value?: { error?: { message?: unknown } } }>;
  const pageErrors = (op: OperationObject): string[] =>
    Object.values(op.responses ?? {}).flatMap((declared) => {
      const response = resolveRef<{ content?: Record<string, { examples?: Examples }> }>(doc, declared);
      return Object.values(response?.content?.['application/json']?.examples ?? {}).map((example) => String(example?.value?.error?.message));
    });
  const declaredMessages = (pre: Preconditions | undefined): string[] =>
    entriesOf(pre).flatMap((rule) => [
      ...Object.values(rule.messages ?? {}),
      ...(rule.excludes ?? []).map((e) => e.message),
      ...(rule.links ?? []).map((l) => l.message),
    ]);
  const paged = withRules.filter((e) => pageErrors(e.operation).length > 0 && declaredMessages(e.operation['x-jdcloud-preconditions']).length > 0);
  it.each(paged)('$operationId: its declared messages are rows of its page', (entry) => {
    const rows = pageErrors(entry.operation);
    for (const message of declaredMessages(entry.operation['x-jdcloud-preconditions'])) {
      expect(rows, message).toContain(message.replace(/\{\w+\}/g, 'xx'));
    }
  });

  it('a `final: previous` transition has a state to return to', () => {
    const transitions = operations.flatMap((e) => {
      const t = e.operation['x-jdcloud-transition'];
      return t ? [{ id: e.operationId, t }] : [];
    });
    const returning = transitions.filter((e) => e.t.final === 'previous').map((e) => e.id);
    expect(returning.sort()).toEqual(['redeployInstance', 'resumeInstance']);
    // resume returns to what suspend saved: suspend is the only way into `suspended`.
    const saving = transitions.filter((e) => e.t.saveState === true);
    expect(saving.map((e) => e.id)).toEqual(['suspendInstance']);
    const resume = operations.find((e) => e.operationId === 'resumeInstance')?.operation['x-jdcloud-preconditions'];
    expect(resume?.states).toEqual([saving[0]?.t.final]);
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
