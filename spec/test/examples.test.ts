import { describe, expect, it } from 'vitest';
import { escapePointerToken as escape, jsonPointer, listOperations, loadBundle, resolvePointer, resolveRef as resolveIn, schemaProperties } from '../lib/index.js';
import { schemaValidator } from '../lib/validate.js';

const doc = loadBundle();
const validator = schemaValidator(doc);

interface ExampleCase {
  where: string;
  pointer: string;
  value: unknown;
}

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
    const base = jsonPointer('paths', entry.path, entry.method.toLowerCase());
    const op = entry.operation;
    (op.parameters ?? []).forEach((param: any, i: number) => {
      const pointer = param.$ref ? `${param.$ref}` : `${base}/parameters/${i}`;
      const resolved = param.$ref ? resolveRef(param.$ref) : param;
      fromMedia(resolved, `${pointer}/schema`, `${entry.operationId} parameter ${resolved.name}`);
    });
    const body: any = resolveIn(doc, op.requestBody);
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

const resolveRef = (ref: string): any => resolvePointer(doc, ref);

const cases = collectExamples();

/** Example keys the schema does not declare: Ajv lets them through on open response models. */
function undeclaredKeys(schema: any, value: unknown, at: string): string[] {
  const resolved: any = resolveIn(doc, schema);
  if (!resolved || value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) {
    const items = resolved.items;
    return items ? value.flatMap((item, i) => undeclaredKeys(items, item, `${at}[${i}]`)) : [];
  }
  const props: Record<string, unknown> = schemaProperties(doc, resolved);
  if (!resolved.properties && Object.keys(props).length === 0) return [];
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
    const validate = validator(example.pointer);
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
    const validate = validator('#/components/schemas/ErrorResponse');
    expect(validate({ requestId: 'r', error: { code: '404', status: 'NOT_FOUND' } })).toBe(false);
  });
});
