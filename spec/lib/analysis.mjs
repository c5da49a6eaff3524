// Reads facts off the bundled document: its operations, which reference parameters it declares,
// and how many human-readable texts have their Chinese twin. Used by `pnpm stats` and the tests.
// Loading and listing are the package's (./index.js).
import { escapePointerToken, listOperations, loadFixture, operationParameters, resolveRef, schemaProperties } from './index.js';

const CJK = /[\u3400-\u9fff]/;

/** Names of the path, query and top-level JSON body parameters an operation declares. */
export function declaredParameters(doc, entry) {
  const params = operationParameters(doc, entry);
  const body = resolveRef(doc, entry.operation.requestBody);
  return {
    path: params.filter((p) => p.in === 'path').map((p) => p.name),
    query: params.filter((p) => p.in === 'query').map((p) => p.name),
    body: Object.keys(schemaProperties(doc, body?.content?.['application/json']?.schema)),
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
      const child = `${pointer}/${escapePointerToken(key)}`;
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
