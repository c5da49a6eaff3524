// The object a schema describes once its `allOf` parts are put together: the answers combine the
// shared envelope (SuccessEnvelope) and paging base (PagedResult) with each operation's own fields
// through `allOf`, so whoever reads an answer's fields off the bundle reads them through this.
const decode = (part) => part.replace(/~1/g, '/').replace(/~0/g, '~');

function resolve(doc, node) {
  let current = node;
  const seen = new Set();
  while (current && typeof current.$ref === 'string' && !seen.has(current.$ref)) {
    seen.add(current.$ref);
    current = current.$ref.replace(/^#\//, '').split('/').map(decode).reduce((at, key) => at?.[key], doc);
  }
  return current;
}

/** The schema (`$ref` followed) and, depth first, every schema its `allOf` parts reach. */
export function allOfParts(doc, schema, seen = new Set()) {
  const node = resolve(doc, schema);
  if (!node || typeof node !== 'object' || seen.has(node)) return [];
  seen.add(node);
  return [node, ...(node.allOf ?? []).flatMap((part) => allOfParts(doc, part, seen))];
}

/** The properties and required names of a schema, joined over its `allOf` parts. */
export function composedObject(doc, schema) {
  const properties = {};
  const required = new Set();
  for (const part of allOfParts(doc, schema)) {
    Object.assign(properties, part.properties ?? {});
    for (const name of part.required ?? []) required.add(name);
  }
  return { properties, required: [...required] };
}

/** The `result` schema of an operation's 200 answer, `undefined` when it declares none. */
export function resultSchema(doc, operation) {
  const response = resolve(doc, operation.responses?.['200']);
  const envelope = response?.content?.['application/json']?.schema;
  return envelope ? composedObject(doc, envelope).properties.result : undefined;
}
