// Where the document and its fixtures are, and loading them. The bundle (dist/openapi.{json,yaml})
// is committed; `pnpm --filter @jdcloud-vm/spec bundle` rewrites it from the sources.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The spec package's folder (spec/). */
export const specRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The bundled document, JSON. */
export const bundleFile = join(specRoot, 'dist', 'openapi.json');

/** The bundled document (dist/openapi.json, or another bundle file). */
export function loadBundle(file = bundleFile) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** A fixture of fixtures/ (seed-operations.json, reference-parameters.json). */
export function loadFixture(name) {
  return JSON.parse(readFileSync(join(specRoot, 'fixtures', name), 'utf8'));
}

/** The operations of JD Cloud's API overview (the seeds): {operationId, method, path}. */
export function seedOperations() {
  return loadFixture('seed-operations.json').operations;
}
