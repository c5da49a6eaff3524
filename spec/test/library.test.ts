// The library every reader of the document uses (lib/index.js): listing, `$ref` resolution and
// inlining (cycles included), properties through allOf, on small documents made for each case.
import { describe, expect, it } from 'vitest';
import {
  inlineRefs,
  jsonPointer,
  listOperations,
  operationParameters,
  pointerTokens,
  resolvePointer,
  resolveRef,
  responseSchemaPointer,
  schemaProperties,
  schemaRequired,
  serverBasePath,
  type OpenApiDocument,
} from '../lib/index.js';

const doc: OpenApiDocument = {
  openapi: '3.0.3',
  info: { title: 't', version: '1' },
  servers: [{ url: 'https://vm.example.com/v1/' }],
  paths: {
    '/regions/{regionId}/things/{id}:do': {
      parameters: [{ $ref: '#/components/parameters/regionId' }, { name: 'id', in: 'path', required: true, description: 'path item' }],
      post: {
        operationId: 'doThing',
        parameters: [{ name: 'id', in: 'path', required: true, description: 'operation' }],
        requestBody: { $ref: '#/components/requestBodies/Thing' },
        responses: { '200': { $ref: '#/components/responses/Ok' }, '204': { description: 'no body' } },
      },
      get: { operationId: 'getThing', responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } } } },
    },
  },
  components: {
    parameters: { regionId: { name: 'regionId', in: 'path', required: true } },
    requestBodies: { Thing: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Wrapped' } } } } },
    responses: { Ok: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } } },
    schemas: {
      Base: { type: 'object', required: ['a'], properties: { a: { type: 'string' }, b: { type: 'string' } } },
      Wrapped: { allOf: [{ $ref: '#/components/schemas/Base' }, { type: 'object', required: ['c'], properties: { b: { type: 'integer' }, c: { type: 'string' } } }] },
      // A tree: a node holds nodes (a cycle through $ref).
      Node: { type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } } },
      'a/b~c': { type: 'string' },
      Alias: { $ref: '#/components/schemas/Base' },
      Loop1: { $ref: '#/components/schemas/Loop2' },
      Loop2: { $ref: '#/components/schemas/Loop1' },
    },
  },
};

describe('the operation list', () => {
  it('lists operations path by path, methods in OpenAPI order, with the path item', () => {
    const entries = listOperations(doc);
    expect(entries.map((e) => [e.operationId, e.method, e.path])).toEqual([
      ['getThing', 'GET', '/regions/{regionId}/things/{id}:do'],
      ['doThing', 'POST', '/regions/{regionId}/things/{id}:do'],
    ]);
    expect(entries[1]!.pathItem).toBe(doc.paths['/regions/{regionId}/things/{id}:do']);
  });

  it('resolves parameters, the operation overriding the path item', () => {
    const params = operationParameters(doc, listOperations(doc)[1]!);
    expect(params.map((p) => [p.name, p.description])).toEqual([['regionId', undefined], ['id', 'operation']]);
  });

  it('refuses an operation without an operationId', () => {
    const broken = structuredClone(doc);
    delete broken.paths['/regions/{regionId}/things/{id}:do']!.get!.operationId;
    expect(() => listOperations(broken)).toThrow('GET /regions/{regionId}/things/{id}:do has no operationId');
  });

  it('gives the base path and the pointer of an answer schema (through a response $ref, none without a body)', () => {
    expect(serverBasePath(doc)).toBe('/v1');
    const [get, post] = listOperations(doc);
    expect(responseSchemaPointer(doc, post!, 200)).toBe('#/components/responses/Ok/content/application~1json/schema');
    expect(responseSchemaPointer(doc, get!, 200)).toBe('#/paths/~1regions~1{regionId}~1things~1{id}:do/get/responses/200/content/application~1json/schema');
    expect(responseSchemaPointer(doc, post!, 204)).toBeUndefined();
    expect(responseSchemaPointer(doc, post!, 404)).toBeUndefined();
  });
});

describe('$ref resolution', () => {
  it('escapes and unescapes pointer tokens', () => {
    expect(jsonPointer('components', 'schemas', 'a/b~c')).toBe('#/components/schemas/a~1b~0c');
    expect(pointerTokens('#/components/schemas/a~1b~0c')).toEqual(['components', 'schemas', 'a/b~c']);
    expect(resolvePointer(doc, jsonPointer('components', 'schemas', 'a/b~c'))).toEqual({ type: 'string' });
  });

  it('follows chains of references and returns other nodes as they are', () => {
    expect(resolveRef(doc, { $ref: '#/components/schemas/Alias' })).toBe(doc.components!.schemas!.Base);
    const plain = { type: 'string' };
    expect(resolveRef(doc, plain)).toBe(plain);
    expect(resolveRef(doc, undefined)).toBeUndefined();
  });

  it('throws on a reference that names nothing, a remote one, and a loop', () => {
    expect(() => resolveRef(doc, { $ref: '#/components/schemas/Missing' })).toThrow('unresolvable $ref #/components/schemas/Missing');
    expect(() => resolveRef(doc, { $ref: 'other.yaml#/x' })).toThrow('only local references');
    expect(() => resolveRef(doc, { $ref: '#/components/schemas/Loop1' })).toThrow('circular $ref');
  });

  it('reads properties and required names through $ref and allOf, the later part winning', () => {
    expect(schemaProperties(doc, { $ref: '#/components/schemas/Wrapped' })).toEqual({
      a: { type: 'string' },
      b: { type: 'integer' },
      c: { type: 'string' },
    });
    expect(schemaRequired(doc, { $ref: '#/components/schemas/Wrapped' })).toEqual(['a', 'c']);
    expect(schemaProperties(doc, { type: 'string' })).toEqual({});
  });
});

describe('inlining', () => {
  const acyclic = structuredClone(doc);
  delete acyclic.components!.schemas!.Node;
  delete acyclic.components!.schemas!.Loop1;
  delete acyclic.components!.schemas!.Loop2;
  acyclic.components!.responses = { Ok: { description: 'ok' } };

  it('replaces every reference by one shared object per target, siblings merged over it', () => {
    const withSibling = structuredClone(acyclic);
    withSibling.components!.schemas!.Described = { $ref: '#/components/schemas/Base', description: 'mine' };
    const { document, circular } = inlineRefs(withSibling);
    expect(circular).toEqual([]);
    expect(JSON.stringify(document)).not.toContain('$ref');
    const schemas = document.components!.schemas as Record<string, { allOf?: unknown[] }>;
    expect(schemas.Wrapped!.allOf![0]).toBe(schemas.Alias);
    expect(schemas.Described).toEqual({ ...acyclic.components!.schemas!.Base as object, description: 'mine' });
    expect(withSibling.components!.schemas!.Alias).toEqual({ $ref: '#/components/schemas/Base' }); // the input is left alone
  });

  it('with a root, inlines that part of the document only', () => {
    const wrapped = acyclic.components!.schemas!.Wrapped;
    const { document, circular } = inlineRefs(acyclic, wrapped);
    expect(circular).toEqual([]);
    expect(JSON.stringify(document)).not.toContain('$ref');
    expect(document).toEqual(inlineRefs(acyclic).document.components!.schemas!.Wrapped);
    expect(document).not.toHaveProperty('components');
  });

  it('keeps a reference that closes a cycle, and names it', () => {
    const recursive = structuredClone(doc);
    delete recursive.components!.schemas!.Loop1;
    delete recursive.components!.schemas!.Loop2;
    const { document, circular } = inlineRefs(recursive);
    expect(circular).toEqual(['#/components/schemas/Node']);
    type Tree = { properties: { children: { items: unknown } } };
    const ok = (document.components!.responses as Record<string, { content: Record<string, { schema: Tree }> }>).Ok!;
    const tree = ok.content['application/json']!.schema;
    expect(tree.properties.children.items).toEqual({ $ref: '#/components/schemas/Node' });
    // Finite: it serialises, and the component is the tree one level down.
    expect(() => JSON.stringify(document)).not.toThrow();
    expect((document.components!.schemas!.Node as Tree).properties.children.items).toBe(tree);
  });
});
