// The bundle as the bad-input generator sees it: every operation with its path and query
// parameters and its JSON body schema, `$ref`s resolved and `allOf`s merged, plus a valid value
// for each (the document's own examples first).
import { loadSpec } from '../../src/spec/load.js';
import { SpecIndex, resolveRef } from '../../src/spec/index.js';
import type { OpenApiDocument, OperationSpec } from '../../src/spec/types.js';

export const bundle: OpenApiDocument = loadSpec(undefined).document;
export const specIndex = new SpecIndex(bundle);

export interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  minProperties?: number;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  multipleOf?: number;
  example?: unknown;
  default?: unknown;
  [key: string]: unknown;
}

/** Resolves `$ref`s and merges `allOf` (properties and required lists joined) into one schema. */
export function flatten(node: unknown): Schema {
  const schema = resolveRef<Schema>(bundle, node ?? {});
  if (!Array.isArray(schema.allOf)) return schema;
  const out: Schema = { ...schema };
  delete out.allOf;
  for (const part of schema.allOf as unknown[]) {
    const p = flatten(part);
    for (const [key, value] of Object.entries(p)) {
      if (key === 'properties') out.properties = { ...(out.properties ?? {}), ...(value as Record<string, Schema>) };
      else if (key === 'required') out.required = [...new Set([...(out.required ?? []), ...(value as string[])])];
      else if (out[key] === undefined) out[key] = value;
    }
  }
  return out;
}

export interface ParamModel {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  indexed: boolean;
  schema: Schema;
  example: unknown;
}

export interface OperationModel {
  id: string;
  method: string;
  /** Template under the base path: `/regions/{regionId}/instances/{instanceId}:stopInstance`. */
  template: string;
  pathParams: ParamModel[];
  query: ParamModel[];
  body?: { schema: Schema; required: boolean; example: Record<string, unknown> };
  spec: OperationSpec;
}

export const BASE_PATH = specIndex.basePath;

/** Every operation of the bundle, in document order. */
export const operations: OperationModel[] = [...specIndex.operations.values()].map((spec) => {
  const params = spec.parameters.filter((p) => p.in === 'path' || p.in === 'query');
  const model = (p: (typeof params)[number]): ParamModel => {
    const schema = flatten(p.schema);
    return {
      name: p.name,
      in: p.in as 'path' | 'query',
      required: p.required,
      indexed: p.indexed,
      schema,
      example: p.raw.example ?? schema.example ?? sampleValue(schema),
    };
  };
  const op: OperationModel = {
    id: spec.operationId,
    method: spec.method,
    template: spec.path,
    pathParams: params.filter((p) => p.in === 'path').map(model),
    query: params.filter((p) => p.in === 'query').map(model),
    spec,
  };
  const requestBody = spec.raw.requestBody as
    | { required?: boolean; content: Record<string, { schema: unknown; examples?: Record<string, { value: unknown }> }> }
    | undefined;
  if (requestBody) {
    const content = requestBody.content['application/json'];
    if (!content) throw new Error(`${spec.operationId}: a request body that is not application/json`);
    const schema = flatten(content.schema);
    const first = Object.values(content.examples ?? {})[0]?.value;
    op.body = {
      schema,
      required: requestBody.required === true,
      example: structuredClone((first ?? sampleValue(schema)) as Record<string, unknown>),
    };
  }
  return op;
});

export function operation(id: string): OperationModel {
  const op = operations.find((o) => o.id === id);
  if (!op) throw new Error(`no operation ${id} in the bundle`);
  return op;
}

/** Strings that satisfy the id patterns of the document. */
const PATTERN_SAMPLES: Array<[RegExp, string]> = [
  [/^\^vol-/, 'vol-abc0000001'],
  [/^\^i-/, 'i-abc0000001'],
  [/^\^snapshot-/, 'snapshot-abc0000001'],
  [/^\^sg-/, 'sg-abc0000001'],
  [/^\^fip-/, 'fip-abc0000001'],
  [/^\^port-/, 'port-abc0000001'],
  [/^\^vpc-/, 'vpc-abc0000001'],
  [/^\^subnet-/, 'subnet-abc0000001'],
  [/^\^ag-/, 'ag-abc0000001'],
  [/^\^\(img-/, 'img-abc0000001'],
  [/^\^it-/, 'it-abc0000001'],
  [/^\^\[a-z\]\{2\}/, 'cn-north-1'],
  [/^\^\[0-9A-Za-z_-\]/, 'name_01'],
];

/** A valid value for a schema: its example, default or first enum value, else built from its type. */
export function sampleValue(node: unknown): unknown {
  const schema = flatten(node);
  if (schema.example !== undefined) return structuredClone(schema.example);
  if (schema.default !== undefined) return structuredClone(schema.default);
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const name of schema.required ?? []) out[name] = sampleValue(schema.properties?.[name] ?? {});
      return out;
    }
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 0) }, () => sampleValue(schema.items ?? {}));
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'string': {
      if (schema.pattern) {
        const known = PATTERN_SAMPLES.find(([test]) => test.test(schema.pattern as string));
        if (known) return known[1];
      }
      return 'x'.repeat(Math.max(2, schema.minLength ?? 0));
    }
    default:
      return 'x';
  }
}
