import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstDifference } from '@jdcloud-vm/spec';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without type declarations
import { defaultOutDir, defaultSpecPath, generate, operationTable, renderOperations } from '../scripts/generate.mjs';

const fixture = JSON.parse(await readFile(new URL('./fixtures/mini-openapi.json', import.meta.url), 'utf8'));
const temp = await mkdtemp(join(tmpdir(), 'jdcloud-vm-client-'));
afterAll(() => rm(temp, { recursive: true, force: true }));

describe('generated files', () => {
  it('match what the current spec bundle generates (run `pnpm --filter @jdcloud-vm/client generate` when this fails)', async () => {
    const { files } = await generate({ spec: defaultSpecPath(), outDir: temp });
    expect(Object.keys(files).sort()).toEqual(['operations.ts', 'schema.ts']);
    for (const name of Object.keys(files)) {
      const committed = await readFile(join(defaultOutDir, name), 'utf8');
      const fresh = await readFile(join(temp, name), 'utf8');
      expect(firstDifference(committed, fresh), `src/generated/${name} differs from a fresh generation (edited by hand, or the spec changed)`).toBeUndefined();
    }
  });
});

describe('the operation table', () => {
  it('is read from the document: methods, paths, parameter locations, indexed names, bodies, client tokens, paging', () => {
    expect(operationTable(fixture)).toEqual({
      createInstances: { method: 'POST', path: '/regions/{regionId}/instances', pathParams: ['regionId'], body: true, clientToken: true },
      deleteImage: {
        method: 'DELETE',
        path: '/regions/{regionId}/images/{imageId}',
        pathParams: ['regionId', 'imageId'],
        query: ['deleteSnapshot'],
      },
      describeBriefInstances: {
        method: 'GET',
        path: '/regions/{regionId}/instances:describeBriefInstances',
        pathParams: ['regionId'],
        query: ['tags'],
        indexed: ['tags'],
      },
      describeImages: {
        method: 'GET',
        path: '/regions/{regionId}/images',
        pathParams: ['regionId'],
        query: ['pageNumber', 'ids', 'filters'],
        indexed: ['ids', 'filters'],
        pagination: { items: 'images', total: 'totalCount' },
      },
      updateInstanceTemplate: {
        method: 'PATCH',
        path: '/regions/{regionId}/instanceTemplates/{instanceTemplateId}',
        pathParams: ['regionId', 'instanceTemplateId'],
        body: true,
      },
      verifyInstanceTemplate: {
        method: 'GET',
        path: '/regions/{regionId}/instanceTemplates/{instanceTemplateId}:verify',
        pathParams: ['regionId', 'instanceTemplateId'],
      },
    });
  });

  it('renders sorted TypeScript with the server’s endpoint and base path', () => {
    const text: string = renderOperations(fixture);
    expect(text).toContain('export const defaultEndpoint = "https://example.jdcloud-api.com";');
    expect(text).toContain('export const basePath = "/v2";');
    expect(text).toContain('export const apiVersion = "9.9.9";');
    const order = [...text.matchAll(/^ {2}(\w+): \{$/gm)].map((m) => m[1]);
    expect(order).toEqual([...order].sort());
    expect(text).toContain('} as const satisfies Record<string, OperationSpec>;');
  });

  const broken = (change: (doc: typeof fixture) => void) => {
    const doc = structuredClone(fixture);
    change(doc);
    return () => operationTable(doc);
  };

  it.each([
    ['an operation without operationId', (d: typeof fixture) => delete d.paths['/regions/{regionId}/images'].get.operationId, /no operationId/],
    ['a duplicate operationId', (d: typeof fixture) => (d.paths['/regions/{regionId}/images/{imageId}'].delete.operationId = 'describeImages'), /duplicate operationId/],
    ['a reserved operationId', (d: typeof fixture) => (d.paths['/regions/{regionId}/images'].get.operationId = 'paginate'), /reserved/],
    ['an indexed parameter that is not an array', (d: typeof fixture) => (d.paths['/regions/{regionId}/images'].get.parameters[1] = { name: 'x', in: 'query', 'x-jdcloud-encoding': 'indexed', schema: { type: 'string' } }), /not an array/],
    ['an unknown encoding', (d: typeof fixture) => (d.paths['/regions/{regionId}/images'].get.parameters[2]['x-jdcloud-encoding'] = 'csv'), /unknown x-jdcloud-encoding/],
    ['an undeclared path parameter', (d: typeof fixture) => d.paths['/regions/{regionId}/images/{imageId}'].delete.parameters.splice(1, 1), /\{imageId\} is not declared/],
    ['a header parameter', (d: typeof fixture) => d.paths['/regions/{regionId}/images/{imageId}'].delete.parameters.push({ name: 'x-a', in: 'header' }), /not supported/],
    ['a body property named like a path parameter', (d: typeof fixture) => (d.components.schemas.Spec.properties.regionId = { type: 'string' }), /collides/],
    ['a malformed x-jdcloud-pagination', (d: typeof fixture) => (d.paths['/regions/{regionId}/images'].get['x-jdcloud-pagination'] = { items: 'images' }), /x-jdcloud-pagination/],
  ])('refuses %s', (_, change, message) => {
    expect(broken(change as (doc: typeof fixture) => void)).toThrow(message);
  });

  it('generates types for any document (here the fixture)', async () => {
    const { writeFile } = await import('node:fs/promises');
    const spec = join(temp, 'fixture.json');
    await writeFile(spec, JSON.stringify(fixture));
    const out = join(temp, 'fixture-out');
    const { operations } = await generate({ spec, outDir: out });
    expect(operations).toBe(6);
    const schema = await readFile(join(out, 'schema.ts'), 'utf8');
    expect(schema).toContain('describeImages: {');
    expect(schema).toContain('"/regions/{regionId}/instanceTemplates/{instanceTemplateId}:verify"');
  });
});
