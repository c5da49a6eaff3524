import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { listOperations, loadBundle } from '../lib/analysis.mjs';

const doc = loadBundle();
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
for (const format of ['int32', 'int64', 'float', 'double']) ajv.addFormat(format, true);
ajv.addSchema(doc as object, 'openapi.json');

interface ExampleCase {
  where: string;
  pointer: string;
  value: unknown;
}

const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** Every example of the document with the JSON pointer of the schema it must satisfy. */
function collectExamples(): ExampleCase[] {
  const cases: ExampleCase[] = [];
  const fromMedia = (media: any, schemaPointer: string, where: string) => {
    if (!media) return;
    if (media.example !== undefined) cases.push({ where: `${where} example`, pointer: schemaPointer, value: media.example });
    for (const [name, example] of Object.entries<any>(media.examples ?? {})) {
      const resolved = example.$ref ? resolveRef(example.$ref) : example;
      cases.push({ where: `${where} examples.${name}`, pointer: schemaPointer, value: resolved.value });
    }
  };
  for (const entry of listOperations(doc)) {
    const base = `#/paths/${escape(entry.path)}/${entry.method.toLowerCase()}`;
    const op = entry.operation;
    (op.parameters ?? []).forEach((param: any, i: number) => {
      const pointer = param.$ref ? `${param.$ref}` : `${base}/parameters/${i}`;
      const resolved = param.$ref ? resolveRef(param.$ref) : param;
      fromMedia(resolved, `${pointer}/schema`, `${entry.operationId} parameter ${resolved.name}`);
    });
    const body = op.requestBody?.$ref ? resolveRef(op.requestBody.$ref) : op.requestBody;
    if (body) {
      fromMedia(body.content?.['application/json'], `${base}/requestBody/content/application~1json/schema`, `${entry.operationId} request`);
    }
    for (const [status, response] of Object.entries<any>(op.responses ?? {})) {
      const pointer = response.$ref ? response.$ref : `${base}/responses/${status}`;
      const resolved = response.$ref ? resolveRef(response.$ref) : response;
      fromMedia(resolved.content?.['application/json'], `${pointer}/content/application~1json/schema`, `${entry.operationId} ${status}`);
    }
  }
  for (const [name, schema] of Object.entries<any>(doc.components?.schemas ?? {})) {
    collectSchemaExamples(schema, `#/components/schemas/${escape(name)}`, name, cases);
  }
  return cases;
}

function collectSchemaExamples(schema: any, pointer: string, where: string, cases: ExampleCase[]) {
  if (!schema || typeof schema !== 'object' || schema.$ref) return;
  if (schema.example !== undefined) cases.push({ where: `${where} schema example`, pointer, value: schema.example });
  for (const [name, prop] of Object.entries<any>(schema.properties ?? {})) {
    collectSchemaExamples(prop, `${pointer}/properties/${escape(name)}`, `${where}.${name}`, cases);
  }
  if (schema.items) collectSchemaExamples(schema.items, `${pointer}/items`, `${where}[]`, cases);
}

function resolveRef(ref: string): any {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<any>((node, key) => node?.[key], doc);
}

const cases = collectExamples();

/** The declared properties of a schema, through $ref and allOf. */
function propertiesOf(schema: any): Record<string, any> | undefined {
  const resolved = schema?.$ref ? resolveRef(schema.$ref) : schema;
  if (!resolved || typeof resolved !== 'object') return undefined;
  let props: Record<string, any> | undefined = resolved.properties ? { ...resolved.properties } : undefined;
  for (const part of resolved.allOf ?? []) {
    const inner = propertiesOf(part);
    if (inner) props = { ...(props ?? {}), ...inner };
  }
  return props;
}

/** Example keys the schema does not declare: Ajv lets them through on open response models. */
function undeclaredKeys(schema: any, value: unknown, at: string): string[] {
  const resolved = schema?.$ref ? resolveRef(schema.$ref) : schema;
  if (!resolved || value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) {
    const items = resolved.items;
    return items ? value.flatMap((item, i) => undeclaredKeys(items, item, `${at}[${i}]`)) : [];
  }
  const props = propertiesOf(resolved);
  if (!props) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) =>
    key in props ? undeclaredKeys(props[key], inner, `${at}.${key}`) : [`${at}.${key}`],
  );
}

describe('examples', () => {
  it('every operation has a request example and a 200 example', () => {
    const lacking: string[] = [];
    for (const entry of listOperations(doc)) {
      const mine = cases.filter((c) => c.where.startsWith(`${entry.operationId} `));
      const hasRequest = mine.some((c) => / (request|parameter) /.test(c.where));
      const hasResponse = mine.some((c) => c.where.startsWith(`${entry.operationId} 200 `));
      if (!hasRequest) lacking.push(`${entry.operationId}: no request example`);
      if (!hasResponse) lacking.push(`${entry.operationId}: no 200 example`);
    }
    expect(lacking).toEqual([]);
  });

  it.each(cases.map((c) => [c.where, c] as const))('%s validates against its schema', (_where, example) => {
    const validate = ajv.getSchema(`openapi.json${example.pointer}`) ?? ajv.compile({ $ref: `openapi.json${example.pointer}` });
    const ok = validate(example.value);
    expect(validate.errors ?? [], JSON.stringify(example.value).slice(0, 300)).toEqual([]);
    expect(ok).toBe(true);
    expect(undeclaredKeys(resolveRef(example.pointer), example.value, '$'), 'keys the schema does not declare').toEqual([]);
  });

  it('every request id in the examples has the service\'s 32-character form', () => {
    const found: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === 'requestId' && typeof value === 'string') found.push(value);
          walk(value);
        }
      }
    };
    for (const example of cases) walk(example.value);
    expect(found.length).toBeGreaterThan(100);
    expect(found.filter((id) => !/^[0-9a-z]{32}$/.test(id))).toEqual([]);
  });

  it('the validator rejects an example that breaks its schema', () => {
    const validate = ajv.compile({ $ref: 'openapi.json#/components/schemas/ErrorResponse' });
    expect(validate({ requestId: 'r', error: { code: '404', status: 'NOT_FOUND' } })).toBe(false);
  });
});
