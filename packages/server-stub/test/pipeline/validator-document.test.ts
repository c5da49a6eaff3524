// The copy of the document that express-openapi-validator gets (src/pipeline/validator-document.ts):
// with the bundled document it holds the requests only; with a document given with `spec` (checked
// at start) all of it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validatorDocument } from '../../src/pipeline/validator-document.js';
import { defaultSpecPath } from '../../src/spec/load.js';
import type { OpenApiDocument } from '../../src/spec/types.js';

const bundled = JSON.parse(readFileSync(defaultSpecPath(), 'utf8')) as OpenApiDocument;
type Node = Record<string, unknown>;
const operationsOf = (document: Node) =>
  Object.values(document.paths as Record<string, Node>).flatMap((item) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([, operation]) => operation as Node),
  );

describe('the validator document', () => {
  it('requests only: every $ref inlined, answers reduced to their descriptions, parameters and bodies whole', () => {
    const copy = validatorDocument(bundled, { requestsOnly: true }) as Node;
    expect(JSON.stringify(copy.paths)).not.toContain('"$ref"');
    expect(copy.components).toEqual({ securitySchemes: bundled.components?.securitySchemes });
    expect(copy.info).toEqual(bundled.info);
    const operations = operationsOf(copy);
    expect(operations.length).toBe(operationsOf(bundled as unknown as Node).length);
    for (const operation of operations) {
      for (const response of Object.values(operation.responses as Record<string, Node>)) {
        expect(Object.keys(response)).toEqual(['description']);
        expect(typeof response.description).toBe('string');
      }
    }
    // A request body keeps its schema, inlined: createKeypair's keyName is there.
    const createKeypair = operations.find((o) => o.operationId === 'createKeypair') as Node;
    expect(JSON.stringify(createKeypair.requestBody)).toContain('"keyName"');
  });

  it('whole (a document checked at start): the answers keep their schemas', () => {
    const copy = validatorDocument(bundled, { requestsOnly: false }) as Node;
    const describeKeypairs = operationsOf(copy).find((o) => o.operationId === 'describeKeypairs') as Node;
    const ok = (describeKeypairs.responses as Record<string, Node>)['200'] as Node;
    expect(JSON.stringify(ok.content)).toContain('"keypairs"');
    expect(JSON.stringify(copy.paths)).not.toContain('"$ref"');
  });

  it('is a copy: changing it (as the validator does) leaves the document as it was', () => {
    const before = JSON.stringify(bundled);
    const copy = validatorDocument(bundled, { requestsOnly: true }) as Node;
    for (const operation of operationsOf(copy)) delete operation.parameters;
    (copy.info as Node).title = 'changed';
    expect(JSON.stringify(bundled)).toBe(before);
  });

  it('a document whose $refs form a cycle goes whole, as a copy', () => {
    const cyclic: OpenApiDocument = {
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: {
        '/nodes': {
          post: {
            operationId: 'createNode',
            requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } },
            responses: { '200': { description: 'ok' } },
          },
        },
      },
      components: { schemas: { Node: { type: 'object', properties: { child: { $ref: '#/components/schemas/Node' } } } } },
    };
    const copy = validatorDocument(cyclic, { requestsOnly: true });
    expect(copy).toEqual(cyclic);
    expect(copy).not.toBe(cyclic);
  });
});
