// The unsigned resources beside the API: the document (/openapi.json, /openapi.yaml) and the docs
// site (/docs/). Mounted on the app itself, not on a router of their own, so that an API request
// passes them as it did (three route checks, no extra layer).
import express, { type Express } from 'express';
import { existsSync } from 'node:fs';
import { notFound } from '../http/errors.js';
import type { OpenApiDocument } from '../spec/types.js';

export function mountPublicResources(app: Express, document: OpenApiDocument, docsDir: string | undefined): void {
  let yamlText: string | undefined;
  app.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  app.get('/openapi.yaml', async (_req, res) => {
    // `yaml` is loaded on the first request for it, not at start-up (~30 ms).
    yamlText ??= (await import('yaml')).stringify(document, { lineWidth: 0 });
    res.type('application/yaml').send(yamlText);
  });
  if (docsDir && existsSync(docsDir)) {
    app.use('/docs', express.static(docsDir, { index: 'index.html', redirect: true }));
  } else {
    app.use('/docs', (_req, _res, next) => {
      next(notFound('The API docs are not available: @jdcloud-vm/docs is not built or not installed.'));
    });
  }
}
