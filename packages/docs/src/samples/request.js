// The example request of an operation, read from the document itself: each parameter's
// `example` (or its schema's), and the first example of the JSON request body. Every code sample
// of the page is written from this one request, so all four say the same thing.

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

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

/** Follows a local `$ref` (`#/components/...`) to what it names. */
export function deref(/** @type {Node} */ doc, /** @type {unknown} */ node) {
  let current = /** @type {Node | undefined} */ (node);
  for (let hops = 0; current && typeof current.$ref === 'string' && hops < 20; hops++) {
    const ref = /** @type {string} */ (current.$ref);
    if (!ref.startsWith('#/')) throw new Error(`only local $refs are followed, not ${ref}`);
    current = ref
      .slice(2)
      .split('/')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((/** @type {Node | undefined} */ at, key) => at?.[key], doc);
  }
  return current;
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
  for (const [path, item] of Object.entries(/** @type {Record<string, Node>} */ (doc.paths ?? {}))) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => /** @type {Node} */ (deref(doc, p)));
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
        method: method.toUpperCase(),
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
  }
  return out;
}
