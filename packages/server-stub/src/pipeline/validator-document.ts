// The copy of the document that express-openapi-validator gets (./validator-adapter.ts). It validates
// requests only (validateResponses: false; answers are checked by ./response-validation.ts), yet
// at start it deep-copies the document it is given, crawls it with json-schema-ref-parser and walks
// it again with its schema preprocessor, and on the first request of each operation two ajv
// instances walk it whole once more (the validator adds `paths` to every schema it compiles). Most
// of the document is the answers' schemas, which none of that uses: without them a quarter as
// many nodes are walked (with ./response-validation.ts preparing nothing at start: ~130 ms less CPU
// time from spawn to the first answer, 600 → 470 ms on the loaded bench machine).
import { inlineRefsIn, resolveRef } from '../spec/index.js';
import type { OpenApiDocument } from '../spec/types.js';

const OPERATION_KEYS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

type Node = Record<string, unknown>;

/**
 * Every `$ref` inlined (shared objects, see inlineRefsIn) and the reusable components dropped, as
 * nothing refers to them any more (securitySchemes kept). With the $refs left in ('bundle'), the
 * validator's schema preprocessor compiles each referenced schema with ajv only to read it back and
 * throws those functions away; with its own 'dereference', the components stay and every validator
 * built for a route walks them again. A document whose refs cannot be inlined (a cycle) goes whole,
 * as a copy (the validator changes the document it is given).
 *
 * `requestsOnly`: each response keeps its description and loses its content (the schemas of the
 * answers). Only for a document nothing else checks at start: with validateApiSpec the validator
 * checks the document it gets against the OpenAPI schema, and that must be the whole document.
 */
export function validatorDocument(document: OpenApiDocument, options: { requestsOnly: boolean }): unknown {
  const paths = options.requestsOnly ? requestSide(document) : document.paths;
  const inlined = inlineRefsIn(document, paths);
  if (!inlined) return structuredClone(document);
  const { components, paths: _replaced, ...rest } = document;
  const securitySchemes = components?.securitySchemes;
  return {
    ...structuredClone(rest),
    paths: inlined,
    ...(securitySchemes ? { components: { securitySchemes: structuredClone(securitySchemes) } } : {}),
  };
}

/** The paths with every response reduced to its description ($refs elsewhere left for inlining). */
function requestSide(document: OpenApiDocument): OpenApiDocument['paths'] {
  const paths: OpenApiDocument['paths'] = {};
  for (const [template, raw] of Object.entries(document.paths)) {
    const item: Node = { ...resolveRef<Node>(document, raw) };
    for (const [key, operation] of Object.entries(item)) {
      if (!OPERATION_KEYS.has(key) || !operation || typeof operation !== 'object') continue;
      const { responses, ...rest } = resolveRef<Node>(document, operation);
      item[key] = { ...rest, responses: descriptionsOnly(document, responses) };
    }
    paths[template] = item;
  }
  return paths;
}

function descriptionsOnly(document: OpenApiDocument, responses: unknown): Node {
  const out: Node = {};
  for (const [status, raw] of Object.entries((responses ?? {}) as Node)) {
    const { description } = resolveRef<Node>(document, raw);
    out[status] = { description: typeof description === 'string' ? description : '' };
  }
  return out;
}
