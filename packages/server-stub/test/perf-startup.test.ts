// Issue 7, start-up: the stub no longer has express-openapi-validator check the bundled document
// against the OpenAPI 3 schema at every start (the spec package's lint checks it, and this test
// does, with the validator's own checker). A document given with `spec` is still checked at start.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startStub } from '../src/index.js';
import { defaultSpecPath } from '../src/spec/load.js';
import { start } from './helpers.js';

const requireFromValidator = createRequire(createRequire(import.meta.url).resolve('express-openapi-validator'));
const { OpenAPISchemaValidator } = requireFromValidator('./framework/openapi.schema.validator') as {
  OpenAPISchemaValidator: new (options: { version: string; validateApiSpec: boolean }) => {
    validate(document: unknown): { errors: unknown[] };
  };
};

describe('start-up checks of the document', () => {
  it('the bundled document passes the check the validator would run at start (validateApiSpec)', () => {
    const document = JSON.parse(readFileSync(defaultSpecPath(), 'utf8')) as { openapi: string };
    const checker = new OpenAPISchemaValidator({ version: document.openapi, validateApiSpec: true });
    expect(checker.validate(document).errors).toEqual([]);
  });

  it('a document given with `spec` that breaks the OpenAPI schema still stops the start', async () => {
    const invalid = {
      openapi: '3.0.3',
      info: { title: 'invalid' }, // no version
      servers: [{ url: '/v1' }],
      paths: { '/things': { get: { operationId: 'listThings', responses: { '200': { description: 'ok' } } } } },
    };
    await expect(startStub({ port: 0, spec: invalid, logLevel: 'silent', docsDir: false })).rejects.toThrow(
      /cannot use the OpenAPI document/,
    );
  });

  it('with the bundled document the unused schema checker is not built; with `spec` it is, and used', async () => {
    const module = requireFromValidator('./framework/openapi.schema.validator') as Record<string, unknown>;
    const stub = await start();
    await stub.close();
    const Checker = module.OpenAPISchemaValidator as new (options: { version: string; validateApiSpec: boolean }) => {
      validate(document: unknown): { errors: unknown[] };
    };
    expect((Checker as unknown as Record<symbol, unknown>)[Symbol.for('jdcloud-vm-stub.lazySpecChecker')]).toBe(true);
    // Asked to validate, it is the real checker: a broken document has errors.
    expect(new Checker({ version: '3.0.3', validateApiSpec: true }).validate({ openapi: '3.0.3' }).errors.length).toBeGreaterThan(0);
    expect(new Checker({ version: '3.0.3', validateApiSpec: false }).validate({ openapi: '3.0.3' }).errors).toEqual([]);
  });

  it('the bundled document (refs inlined at start) still serves and validates', async () => {
    const stub = await start();
    try {
      const ok = await fetch(`${stub.url}/v1/regions/cn-north-1/keypairs`);
      expect(ok.status).toBe(200);
      const bad = await fetch(`${stub.url}/v1/regions/cn-north-1/keypairs?pageSize=1000`);
      expect(bad.status).toBe(400);
      // The document served keeps its $refs (the validator inlines its own copy).
      const served = (await (await fetch(`${stub.url}/openapi.json`)).json()) as Record<string, unknown>;
      expect(JSON.stringify(served)).toContain('"$ref"');
    } finally {
      await stub.close();
    }
  });
});
