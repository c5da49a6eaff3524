// The answers' check (src/http/response-validation.ts) on documents the bundled one does not
// exercise: a response given by $ref, a schema whose $refs form a cycle.
import { describe, expect, it } from 'vitest';
import { ResponseValidator } from '../src/http/response-validation.js';
import { SpecIndex } from '../src/spec/index.js';
import type { OpenApiDocument, OperationSpec } from '../src/spec/types.js';

const document: OpenApiDocument = {
  openapi: '3.0.3',
  info: { title: 't', version: '1' },
  paths: {
    '/things': { get: { operationId: 'listThings', responses: { '200': { $ref: '#/components/responses/Things' } } } },
    '/tree': {
      get: {
        operationId: 'getTree',
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } } },
      },
    },
  },
  components: {
    responses: {
      Things: {
        description: 'things',
        content: {
          'application/json': {
            schema: { type: 'object', required: ['things'], properties: { things: { type: 'array', items: { $ref: '#/components/schemas/Thing' } } } },
          },
        },
      },
    },
    schemas: {
      Thing: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
      Node: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, child: { $ref: '#/components/schemas/Node' } } },
    },
  },
};
const spec = new SpecIndex(document);
const operation = (id: string) => spec.get(id) as OperationSpec;

describe('response validation', () => {
  it('follows a response given by $ref and the $refs in its schema', () => {
    const checks = new ResponseValidator(document);
    expect(checks.check(operation('listThings'), 200, { things: [{ name: 'a' }] })).toBeUndefined();
    expect(checks.check(operation('listThings'), 200, { things: [{ name: 1 }] })).toMatch(/things\/0\/name must be string/);
  });

  it('checks a recursive schema, at any depth', () => {
    const checks = new ResponseValidator(document);
    expect(checks.check(operation('getTree'), 200, { name: 'a', child: { name: 'b', child: { name: 'c' } } })).toBeUndefined();
    expect(checks.check(operation('getTree'), 200, { name: 'a', child: { name: 'b', child: { name: 3 } } })).toMatch(
      /child\/child\/name must be string/,
    );
  });

  it('an undocumented status is reported, not compiled', () => {
    expect(new ResponseValidator(document).check(operation('listThings'), 404, {})).toMatch(/no answer with status 404/);
  });
});
