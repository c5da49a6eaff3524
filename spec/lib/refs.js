// `$ref` resolution inside one bundled document: the only resolver of the toolkit. The bundle has
// local references only (`#/components/...`); anything else is an error, not a silent miss.

/** A JSON pointer's tokens, unescaped (`#/paths/~1regions/get` → ['paths', '/regions', 'get']). */
export function pointerTokens(pointer) {
  if (pointer === '#' || pointer === '') return [];
  if (!pointer.startsWith('#/')) throw new Error(`only local references are supported, got ${pointer}`);
  return pointer
    .slice(2)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** One key as a JSON pointer token (`/` and `~` escaped). */
export function escapePointerToken(key) {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A local JSON pointer from keys: `jsonPointer('paths', '/regions', 'get')` → `#/paths/~1regions/get`. */
export function jsonPointer(...keys) {
  return `#${keys.map((key) => `/${escapePointerToken(key)}`).join('')}`;
}

/** The node a local JSON pointer names; throws when it names nothing. */
export function resolvePointer(doc, pointer) {
  let node = doc;
  for (const token of pointerTokens(pointer)) {
    node = node !== null && typeof node === 'object' ? node[token] : undefined;
    if (node === undefined) throw new Error(`unresolvable $ref ${pointer}`);
  }
  return node;
}

const isRef = (node) => node !== null && typeof node === 'object' && typeof node.$ref === 'string';

/**
 * Follows `$ref`s until a node that is not one (that node itself when it is not a reference,
 * `undefined` included). Throws on a reference that names nothing or a chain that loops.
 */
export function resolveRef(doc, node) {
  let current = node;
  const seen = new Set();
  while (isRef(current)) {
    if (seen.has(current.$ref)) throw new Error(`circular $ref ${current.$ref}`);
    seen.add(current.$ref);
    current = resolvePointer(doc, current.$ref);
  }
  return current;
}

/**
 * The document with every `$ref` replaced by what it names: one shared object per target (a DAG,
 * nothing copied twice), `$ref` siblings merged over the target as json-schema-ref-parser does. A
 * reference that closes a cycle (a schema that contains itself) stays a `$ref`, so the result is
 * finite; `circular` lists those references (empty for this API's document). With `root`, a part
 * of `doc` (one schema, the paths), only that part is inlined and returned, and only what it
 * reaches is visited.
 */
export function inlineRefs(doc, root = doc) {
  const resolved = new Map();
  const inProgress = new Set();
  const circular = new Set();
  const visit = (node) => {
    if (Array.isArray(node)) return node.map(visit);
    if (node === null || typeof node !== 'object') return node;
    const { $ref, ...siblings } = node;
    if (typeof $ref === 'string') {
      let target = resolved.get($ref);
      if (target === undefined) {
        if (inProgress.has($ref)) {
          circular.add($ref);
          return node;
        }
        inProgress.add($ref);
        target = visit(resolveRef(doc, { $ref }));
        inProgress.delete($ref);
        resolved.set($ref, target);
      }
      if (Object.keys(siblings).length === 0) return target;
      return { ...target, ...visit(siblings) };
    }
    const out = {};
    for (const [key, value] of Object.entries(node)) out[key] = visit(value);
    return out;
  };
  const document = visit(root);
  return { document, circular: [...circular] };
}

/**
 * The properties a schema declares, through `$ref` and `allOf` (a later part's property wins), in
 * the document's order; `{}` for a schema without any.
 */
export function schemaProperties(doc, schema) {
  const node = resolveRef(doc, schema);
  if (node === null || typeof node !== 'object') return {};
  const out = { ...(node.properties ?? {}) };
  for (const part of node.allOf ?? []) Object.assign(out, schemaProperties(doc, part));
  return out;
}

/** The names a schema requires, through `$ref` and `allOf`. */
export function schemaRequired(doc, schema) {
  const node = resolveRef(doc, schema);
  if (node === null || typeof node !== 'object') return [];
  const names = new Set(node.required ?? []);
  for (const part of node.allOf ?? []) for (const name of schemaRequired(doc, part)) names.add(name);
  return [...names];
}

/**
 * A schema (`$ref` followed) and, depth first, every schema its `allOf` parts reach: an answer is
 * SuccessEnvelope + its result, a paged result its list + PagedResult.
 */
export function allOfParts(doc, schema, seen = new Set()) {
  const node = resolveRef(doc, schema);
  if (node === null || typeof node !== 'object' || seen.has(node)) return [];
  seen.add(node);
  return [node, ...(node.allOf ?? []).flatMap((part) => allOfParts(doc, part, seen))];
}
