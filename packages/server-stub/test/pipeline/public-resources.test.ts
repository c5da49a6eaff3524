// The public resources alone, in a tiny app: the document as JSON and YAML, the docs folder or a
// 404 (src/pipeline/public-resources.ts).
import express from 'express';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { mountPublicResources } from '../../src/pipeline/public-resources.js';
import { errorEcho, miniDocument, serve } from './fixtures.js';

const docs = mkdtempSync(join(tmpdir(), 'stub-docs-'));
writeFileSync(join(docs, 'index.html'), '<h1>docs</h1>');
afterAll(() => rmSync(docs, { recursive: true, force: true }));

async function withApp(docsDir: string | undefined, run: (url: string) => Promise<void>): Promise<void> {
  const app = express();
  mountPublicResources(app, miniDocument(), docsDir);
  app.use(errorEcho);
  const served = await serve(app);
  try {
    await run(served.url);
  } finally {
    await served.close();
  }
}

describe('public resources', () => {
  it('/openapi.json and /openapi.yaml are the document', async () => {
    await withApp(undefined, async (url) => {
      expect(await (await fetch(`${url}/openapi.json`)).json()).toEqual(miniDocument());
      const yaml = await fetch(`${url}/openapi.yaml`);
      expect(yaml.headers.get('content-type')).toMatch(/^application\/yaml/);
      expect(parse(await yaml.text())).toEqual(miniDocument());
    });
  });

  it('/docs/ serves the folder; without one, a 404 ApiError saying why', async () => {
    await withApp(docs, async (url) => {
      expect(await (await fetch(`${url}/docs/`)).text()).toBe('<h1>docs</h1>');
    });
    await withApp(join(docs, 'missing'), async (url) => {
      const answer = await fetch(`${url}/docs/`);
      expect(await answer.json()).toMatchObject({ httpStatus: 404, message: 'The API docs are not available: @jdcloud-vm/docs is not built or not installed.' });
    });
  });
});
