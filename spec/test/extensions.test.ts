import { describe, expect, it } from 'vitest';
import { listOperations, loadBundle } from '../lib/analysis.mjs';

const doc = loadBundle();
const operations = listOperations(doc);
const schemas = (doc.components?.schemas ?? {}) as Record<string, any>;
const statesOf = (model: string): string[] => schemas[model]?.properties?.status?.['x-jdcloud-known-values'] ?? [];
const STATES: Record<string, string[]> = { instance: statesOf('Instance'), image: statesOf('Image') };

function resultSchema(op: any): any {
  return op.responses?.['200']?.content?.['application/json']?.schema?.properties?.result;
}

describe('vendor extensions the client and the stub are driven by', () => {
  it('instances and images have a status enum to check against', () => {
    expect(STATES.instance).toContain('running');
    expect(STATES.image).toContain('ready');
  });

  const stateful = operations.filter((e) => e.operation['x-jdcloud-preconditions'] || e.operation['x-jdcloud-transition']);
  const entriesOf = (pre: any): any[] => (pre ? [pre, ...(pre.also ?? [])] : []);
  const bodyOf = (op: any): any => op.requestBody?.content?.['application/json']?.schema;
  const pathParams = (op: any): string[] =>
    (op.parameters ?? []).map((p: any) => (p.$ref ? resolve(p.$ref) : p)).filter((p: any) => p.in === 'path').map((p: any) => p.name);
  const resolve = (ref: string): any => ref.slice(2).split('/').reduce((node: any, key) => node?.[key], doc);
  // The record fields `excludes` may name: the answer model of each kind.
  const MODELS: Record<string, string> = { instance: 'Instance', image: 'Image', keypair: 'Keypair', instanceTemplate: 'InstanceTemplate' };
  const PLACEHOLDERS = new Set(['id', 'label', 'state', 'states', 'task']);

  it.each(stateful)('$operationId names real states of its resources', (entry) => {
    const pre = entry.operation['x-jdcloud-preconditions'];
    for (const rule of entriesOf(pre)) {
      if (rule.states) {
        expect(Object.keys(STATES)).toContain(rule.resource);
        for (const state of rule.states) expect(STATES[rule.resource]).toContain(state);
      }
      if (rule.from) {
        expect(bodyOf(entry.operation)?.properties?.[rule.from]?.type, `${rule.from} is a body array`).toBe('array');
      }
    }
    const transition = entry.operation['x-jdcloud-transition'];
    if (transition) {
      const resource = transition.resource ?? pre?.resource;
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
        const property = bodyOf(op)?.properties?.[field];
        expect(property, `${entry.operationId}: when.${field} is a body field`).toBeDefined();
        if (property.enum) expect(property.enum).toContain(value);
        else expect(typeof value === 'boolean' ? 'boolean' : typeof value === 'number' ? ['integer', 'number'] : 'string').toContain(property.type);
      }
      const fields = [...(rule.excludes ?? []).map((e: any) => e.field), ...Object.keys(rule.where ?? {})];
      for (const field of fields) {
        const model = schemas[MODELS[rule.resource] ?? ''];
        expect(model?.properties?.[field.split('.')[0]], `${entry.operationId}: ${rule.resource}.${field}`).toBeDefined();
      }
      for (const link of rule.links ?? []) {
        expect(Object.keys(MODELS)).toContain(link.resource);
        // The held kind is named by the path (detach) or is the operation's own (attach adds one).
        if (link.holdsPathResource) expect(entriesOf(op['x-jdcloud-preconditions']).some((e) => e.resource === link.resource && !e.from)).toBe(true);
      }
      const texts = [...Object.values(rule.messages ?? {}), ...(rule.excludes ?? []).map((e: any) => e.message), ...(rule.links ?? []).map((l: any) => l.message)];
      for (const text of texts as string[]) {
        for (const [, name] of text.matchAll(/\{(\w+)\}/g)) expect(PLACEHOLDERS, `${entry.operationId}: {${name}}`).toContain(name);
      }
      if (!rule.from && !rule.when) expect(pathParams(op).length, `${entry.operationId}: a path resource`).toBeGreaterThan(1);
    }
  });

  // A declared message is the wording of a row of the operation's page: with its placeholders as
  // the page writes them (`xx`), it is one of the error examples written from that page's table.
  const pageErrors = (op: any): string[] =>
    Object.values(op.responses ?? {}).flatMap((response: any) =>
      Object.values(response?.content?.['application/json']?.examples ?? {}).map((example: any) => String(example?.value?.error?.message)),
    );
  const declaredMessages = (pre: any): string[] =>
    entriesOf(pre).flatMap((rule) => [
      ...Object.values(rule.messages ?? {}),
      ...(rule.excludes ?? []).map((e: any) => e.message),
      ...(rule.links ?? []).map((l: any) => l.message),
    ]) as string[];
  const paged = withRules.filter((e) => pageErrors(e.operation).length > 0 && declaredMessages(e.operation['x-jdcloud-preconditions']).length > 0);
  it.each(paged)('$operationId: its declared messages are rows of its page', (entry) => {
    const rows = pageErrors(entry.operation);
    for (const message of declaredMessages(entry.operation['x-jdcloud-preconditions'])) {
      expect(rows, message).toContain(message.replace(/\{\w+\}/g, 'xx'));
    }
  });

  it('a `final: previous` transition has a state to return to', () => {
    const transitions = operations.map((e) => ({ id: e.operationId, t: e.operation['x-jdcloud-transition'] })).filter((e) => e.t);
    const returning = transitions.filter((e) => e.t.final === 'previous').map((e) => e.id);
    expect(returning.sort()).toEqual(['redeployInstance', 'resumeInstance']);
    // resume returns to what suspend saved: suspend is the only way into `suspended`.
    const saving = transitions.filter((e) => e.t.saveState === true);
    expect(saving.map((e) => e.id)).toEqual(['suspendInstance']);
    const resume = operations.find((e) => e.operationId === 'resumeInstance')?.operation['x-jdcloud-preconditions'];
    expect(resume?.states).toEqual([saving[0]?.t.final]);
  });

  it.each(operations.filter((e) => e.operation['x-jdcloud-pagination']))('$operationId pages over real result fields', (entry) => {
    const { items, total } = entry.operation['x-jdcloud-pagination'];
    const result = resultSchema(entry.operation);
    expect(result?.properties?.[items]?.type).toBe('array');
    expect(result?.properties?.[total]?.type).toBe('integer');
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
