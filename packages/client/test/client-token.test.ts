// The operations that get a generated clientToken are exactly those whose request body takes one
// in the spec bundle (the generated operation table does not say it; this keeps the list true).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLIENT_TOKEN_OPERATIONS } from '../src/index.js';

type Schema = { $ref?: string; properties?: Record<string, unknown>; allOf?: Schema[] };
const spec = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('@jdcloud-vm/spec/openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, { operationId?: string; requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
};

function takesClientToken(schema: Schema | undefined): boolean {
  if (!schema) return false;
  if (schema.$ref) return takesClientToken(spec.components.schemas[schema.$ref.split('/').pop()!]);
  return 'clientToken' in (schema.properties ?? {}) || (schema.allOf ?? []).some(takesClientToken);
}

describe('CLIENT_TOKEN_OPERATIONS', () => {
  it('lists every operation whose body has a clientToken, and no other', () => {
    const fromSpec = Object.values(spec.paths)
      .flatMap((item) => Object.values(item))
      .filter((op) => takesClientToken(op.requestBody?.content?.['application/json']?.schema))
      .map((op) => op.operationId)
      .sort();
    expect(fromSpec.length).toBeGreaterThan(0);
    expect([...CLIENT_TOKEN_OPERATIONS].sort()).toEqual(fromSpec);
  });
});
