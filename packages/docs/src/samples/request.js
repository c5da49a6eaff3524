// The example request of an operation, read from the document itself: each parameter's
// `example` (or its schema's), and the first example of the JSON request body. Every code sample
// of the page is written from this one request, so all four say the same thing.

import { listOperations, operationParameters, resolveRef } from '@jdcloud-vm/spec';

/**
 * @typedef {Record<string, any>} Node
 * @typedef {{ name: string, value: unknown, schema: Node | undefined }} Param
 * @typedef {{
 *   operationId: string,
 *   method: string,
 *   path: string,
 *   summary: { en: string, zh: string },
 *   regionId: string | undefined,
 *   pathParams: Param[],
 *   query: Param[],
 *   indexed: string[],
 *   body: Record<string, unknown> | undefined,
 *   bodySchema: Node | undefined,
 * }} ExampleRequest
 */

/** What a `$ref` names (@jdcloud-vm/spec's resolver), typed as the loose node the samples walk. */
export function deref(/** @type {Node} */ doc, /** @type {unknown} */ node) {
  return /** @type {Node | undefined} */ (resolveRef(doc, node));
}

/** The component name a schema points at (`$ref`, or a one-element `allOf` around one). */
export function schemaName(/** @type {Node | undefined} */ schema) {
  const ref = schema?.$ref ?? (Array.isArray(schema?.allOf) && schema.allOf.length === 1 ? schema.allOf[0]?.$ref : undefined);
  return typeof ref === 'string' && ref.startsWith('#/components/schemas/') ? ref.slice('#/components/schemas/'.length) : undefined;
}

/** The example request of every operation, in document order. */
export function exampleRequests(/** @type {Node} */ doc) {
  /** @type {ExampleRequest[]} */
  const out = [];
  const document = /** @type {import('@jdcloud-vm/spec').OpenApiDocument} */ (doc);
  for (const entry of listOperations(document)) {
    const { path, method } = entry;
    const op = /** @type {Node} */ (entry.operation);
    const params = /** @type {Node[]} */ (operationParameters(document, entry));
    const valueOf = (/** @type {Node} */ p) => p.example ?? deref(doc, p.schema)?.example;
    const withValue = (/** @type {string} */ where) =>
      params
        .filter((p) => p.in === where && valueOf(p) !== undefined)
        .map((p) => ({ name: String(p.name), value: valueOf(p), schema: p.schema }));
    const pathParams = withValue('path');
    for (const name of [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1])) {
      if (!pathParams.some((p) => p.name === name)) throw new Error(`${op.operationId}: path parameter ${name} has no example`);
    }
    const media = deref(doc, op.requestBody)?.content?.['application/json'];
    const firstExample =
      media?.example ?? Object.values(media?.examples ?? {}).map((e) => deref(doc, e)?.value)[0];
    out.push({
      operationId: String(op.operationId),
      method,
      path,
      summary: { en: String(op.summary ?? op.operationId), zh: String(op['x-summary-zh'] ?? op.summary ?? op.operationId) },
      regionId: /** @type {string | undefined} */ (pathParams.find((p) => p.name === 'regionId')?.value),
      pathParams,
      query: withValue('query'),
      indexed: params.filter((p) => p.in === 'query' && p['x-jdcloud-encoding'] === 'indexed').map((p) => String(p.name)),
      body: media ? /** @type {Record<string, unknown>} */ (firstExample ?? {}) : undefined,
      bodySchema: media ? deref(doc, media.schema) : undefined,
    });
  }
  return out;
}
