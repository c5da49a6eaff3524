// What the stub loads from its packages' files at run time, in one module: the stand-alone build
// (scripts/build-standalone.mjs) puts another module in its place, which takes the same from
// beside the bundle or from inside it, as there is no node_modules there. Whatever else resolves
// a package or a file at run time (createRequire, import.meta.url) belongs here, or it breaks that
// bundle; test/standalone.test.ts runs the bundle from an empty folder. The CLI, dist/cli.js, is
// a bundle too (scripts/build-cli.mjs), with this very module: beside the package's files, in
// dist/ as tsc's output is, so the paths below hold for both.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);

/** Absolute path of `@jdcloud-vm/spec`'s bundled JSON document. */
export function defaultSpecPath(): string {
  return requireHere.resolve('@jdcloud-vm/spec/openapi.json');
}

/** One file of data/catalog/, parsed. */
export function readCatalogFile(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../data/catalog/${name}`, import.meta.url), 'utf8'));
}

/** The `yaml` package, loaded when first asked for (it is ~30 ms of start-up otherwise). */
export function yamlModule(): typeof import('yaml') {
  return requireHere('yaml') as typeof import('yaml');
}

/**
 * The module of express-openapi-validator that holds its OpenAPI schema checker class, the very
 * instance the validator uses (pipeline/validator-adapter.ts's skipUnusedSpecChecker replaces the class in it).
 */
export function validatorSchemaModule(): Record<string, unknown> {
  // In dist/cli.js the validator app.ts uses is the bundle's own copy, and esbuild turns this free
  // `require` (which the bundle defines) into that copy. Compiled by tsc (ESM, no `require`), it is
  // the copy in node_modules, the one app.ts imports.
  if (typeof require === 'function') {
    return require('express-openapi-validator/dist/framework/openapi.schema.validator.js') as Record<string, unknown>;
  }
  return requireHere('express-openapi-validator/dist/framework/openapi.schema.validator.js') as Record<string, unknown>;
}

/** control-api.yaml, the control API's own document, at the package's root. */
export const CONTROL_DOCUMENT_URL = new URL('../control-api.yaml', import.meta.url);

/** The control API's document, parsed. */
export function controlDocumentSource(): unknown {
  return yamlModule().parse(readFileSync(CONTROL_DOCUMENT_URL, 'utf8'));
}
