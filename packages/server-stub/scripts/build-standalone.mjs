#!/usr/bin/env node
// The stand-alone stub: one ES module, jdcloud-vm-stub.mjs, that runs with plain Node 20 from a
// folder without node_modules (`node jdcloud-vm-stub.mjs --port 8000`), for users of other
// languages, CI services and the Dockerfile. esbuild bundles src/cli.ts with every dependency;
// beside it go the bundled OpenAPI document (openapi.json), the control API's (control-api.yaml)
// and the docs site (docs/), which are
// files the stub reads, not code. The catalog (data/catalog/*.json, small) goes inside.
//
// What the stub resolves at run time from its packages all lives in src/assets.ts; here that
// module is swapped for one that reads beside the bundle, and @jdcloud-vm/docs for one that points
// at docs/. CommonJS dependencies that require Node's built-ins get a real `require` (banner).
//
//   node scripts/build-standalone.mjs [--out DIR]      (default dist-standalone/)
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
export const BUNDLE_NAME = 'jdcloud-vm-stub.mjs';

/** esbuild's options for a one-module stub (this bundle, and dist/cli.js: scripts/build-cli.mjs). */
export const CLI_BUNDLE_OPTIONS = {
  entryPoints: [join(packageRoot, 'src', 'cli.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Function names stay: pipeline/validator-adapter.ts finds the validator's route lookup by its name, and stack traces in the log stay readable.
  keepNames: true,
  legalComments: 'eof',
  logLevel: 'warning',
  metafile: true,
  banner: {
    js: "import { createRequire as __stubCreateRequire } from 'node:module';\nconst require = __stubCreateRequire(import.meta.url);",
  },
};

/** The src/assets.ts of the bundle: the same functions, reading beside the bundle or inside it. */
function standaloneAssets() {
  const dataDir = join(packageRoot, 'data', 'catalog');
  const catalog = Object.fromEntries(
    readdirSync(dataDir)
      .filter((name) => name.endsWith('.json'))
      .map((name) => [name, JSON.parse(readFileSync(join(dataDir, name), 'utf8'))]),
  );
  return `
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as yaml from 'yaml';
const catalog = ${JSON.stringify(catalog)};
export function defaultSpecPath() {
  return fileURLToPath(new URL('./openapi.json', import.meta.url));
}
export function readCatalogFile(name) {
  if (!Object.hasOwn(catalog, name)) throw new Error('no catalog file ' + name + ' in the stand-alone bundle');
  return structuredClone(catalog[name]);
}
export function yamlModule() {
  return yaml;
}
export const CONTROL_DOCUMENT_URL = new URL('./control-api.yaml', import.meta.url);
export function controlDocumentSource() {
  return yaml.parse(readFileSync(CONTROL_DOCUMENT_URL, 'utf8'));
}
export function validatorSchemaModule() {
  return require('express-openapi-validator/dist/framework/openapi.schema.validator.js');
}
`;
}

/** @jdcloud-vm/docs's entry in the bundle: the site is docs/ beside it. */
const standaloneDocs = `
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
export function docsDir() {
  return fileURLToPath(new URL('./docs', import.meta.url));
}
export function docsBuilt() {
  return existsSync(fileURLToPath(new URL('./docs/index.html', import.meta.url)));
}
`;

const swap = {
  name: 'standalone-modules',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\/assets\.js$/ }, () => ({ path: 'assets', namespace: 'standalone' }));
    b.onResolve({ filter: /^@jdcloud-vm\/docs$/ }, () => ({ path: 'docs', namespace: 'standalone' }));
    b.onLoad({ filter: /.*/, namespace: 'standalone' }, (args) => ({
      contents: args.path === 'assets' ? standaloneAssets() : standaloneDocs,
      loader: 'js',
      resolveDir: join(packageRoot, 'src'),
    }));
  },
};

/** Builds the bundle and copies the document and the docs beside it. Returns what it measured. */
export async function buildStandalone({ outDir = join(packageRoot, 'dist-standalone') } = {}) {
  const started = performance.now();
  const specFile = require.resolve('@jdcloud-vm/spec/openapi.json');
  const docsDir = (await import('@jdcloud-vm/docs')).docsDir();
  // As the stub itself: without the built docs it still works, and /docs/ answers 404.
  const docs = existsSync(join(docsDir, 'index.html'));
  if (!docs) console.warn(`build-standalone: the docs are not built (${docsDir}), the bundle goes without: pnpm --filter @jdcloud-vm/docs build`);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const bundle = join(outDir, BUNDLE_NAME);
  const result = await build({ ...CLI_BUNDLE_OPTIONS, outfile: bundle, minify: true, plugins: [swap] });
  cpSync(specFile, join(outDir, 'openapi.json'));
  cpSync(join(packageRoot, 'control-api.yaml'), join(outDir, 'control-api.yaml'));
  if (docs) cpSync(docsDir, join(outDir, 'docs'), { recursive: true });
  const bytes = statSync(bundle).size;
  return {
    outDir,
    bundle,
    bytes,
    docs,
    inputs: Object.keys(result.metafile.inputs).length,
    ms: Math.round(performance.now() - started),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const built = await buildStandalone(values.out ? { outDir: values.out } : {});
  const where = relative(process.cwd(), built.bundle) || built.bundle;
  console.log(
    `build-standalone: ${where} ${(built.bytes / 1024 / 1024).toFixed(2)} MiB from ${built.inputs} modules, with openapi.json${built.docs ? ' and docs/' : ''}, in ${built.ms} ms`,
  );
}
