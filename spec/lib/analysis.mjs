// Reads facts off the bundled document: its operations, which reference parameters it declares,
// and how many human-readable texts have their Chinese twin. Used by `pnpm stats` and the tests.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const specRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const CJK = /[\u3400-\u9fff]/;

export function loadBundle(file = join(specRoot, 'dist', 'openapi.json')) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

export function loadFixture(name) {
  return JSON.parse(readFileSync(join(specRoot, 'fixtures', name), 'utf8'));
}

/** Every operation of the bundle as {operationId, method, path, operation, pathItem}. */
export function listOperations(doc) {
  const out = [];
  for (const [path, pathItem] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const operation = pathItem[method];
      if (operation) out.push({ operationId: operation.operationId, method: method.toUpperCase(), path, operation, pathItem });
    }
  }
  return out;
}

function resolve(doc, node) {
  let current = node;
  while (current && typeof current.$ref === 'string') {
    const parts = current.$ref.replace(/^#\//, '').split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    current = parts.reduce((acc, key) => acc?.[key], doc);
  }
  return current;
}

/** Names of the path, query and top-level JSON body parameters an operation declares. */
export function declaredParameters(doc, entry) {
  const params = [...(entry.pathItem.parameters ?? []), ...(entry.operation.parameters ?? [])].map((p) => resolve(doc, p));
  const body = resolve(doc, entry.operation.requestBody);
  const schema = resolve(doc, body?.content?.['application/json']?.schema);
  return {
    path: params.filter((p) => p.in === 'path').map((p) => p.name),
    query: params.filter((p) => p.in === 'query').map((p) => p.name),
    body: Object.keys(schema?.properties ?? {}),
  };
}

/**
 * Compares the bundle with the reference parameter fixture; returns totals and the missing names.
 * Seed operations count whether or not the bundle has them; an operation only the SDKs expose
 * counts once the bundle has it (sdkOperationCoverage says which are still to come).
 */
export function parameterCoverage(doc, reference = loadFixture('reference-parameters.json')) {
  const byId = new Map(listOperations(doc).map((e) => [e.operationId, e]));
  let expected = 0;
  let found = 0;
  const missing = [];
  for (const ref of reference.operations) {
    if (!ref.inSeeds && !byId.has(ref.operationId)) continue;
    const entry = byId.get(ref.operationId);
    const declared = entry ? declaredParameters(doc, entry) : { path: [], query: [], body: [] };
    for (const where of ['path', 'query', 'body']) {
      for (const name of ref[where]) {
        expected += 1;
        if (declared[where].includes(name)) found += 1;
        else missing.push(`${ref.operationId} ${where}.${name}`);
      }
    }
  }
  return { expected, found, missing };
}

/** The operations the official SDKs expose (the reference) and which of them the bundle has. */
export function sdkOperationCoverage(doc, reference = loadFixture('reference-parameters.json')) {
  const ids = new Set(listOperations(doc).map((e) => e.operationId));
  const all = reference.operations.map((r) => r.operationId);
  return { total: all.length, present: all.filter((id) => ids.has(id)), missing: all.filter((id) => !ids.has(id)) };
}

const TWINS = [
  ['summary', 'x-summary-zh'],
  ['description', 'x-description-zh'],
  ['x-displayName', 'x-displayName-zh'],
];
// Values under these keys are data (examples, defaults, enums), not prose of the document.
const DATA_KEYS = new Set(['example', 'default', 'enum', 'x-jdcloud-filters', 'x-jdcloud-preconditions']);

/** Counts English texts and how many have a Chinese twin that contains Chinese. */
export function twinReport(doc) {
  let total = 0;
  let twinned = 0;
  const missing = [];
  const count = (node, pointer, pairs) => {
    for (const [en, zh] of pairs) {
      if (typeof node[en] !== 'string' || node[en].trim() === '') continue;
      total += 1;
      if (typeof node[zh] === 'string' && CJK.test(node[zh])) twinned += 1;
      else missing.push(`${pointer}/${en}`);
    }
  };
  const visit = (node, pointer) => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, `${pointer}/${i}`));
      return;
    }
    if (!node || typeof node !== 'object') return;
    count(node, pointer, pointer === '#/info' ? [...TWINS, ['title', 'x-title-zh']] : TWINS);
    for (const [key, value] of Object.entries(node)) {
      const child = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (DATA_KEYS.has(key)) continue;
      if (key === 'examples' && value && typeof value === 'object' && !Array.isArray(value)) {
        // Example Objects: their summary is prose, their value is data.
        for (const [name, example] of Object.entries(value)) {
          if (example && typeof example === 'object') count(example, `${child}/${name}`, TWINS);
        }
        continue;
      }
      visit(value, child);
    }
  };
  visit(doc, '#');
  return { total, twinned, missing };
}
