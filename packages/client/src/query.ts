/**
 * JD Cloud's query strings: strict RFC 3986 encoding and the 1-based indexed form of lists
 * (`filters.1.name=status&filters.1.values.1=running`, `tags.1.key=env&tags.1.values.1=prod`,
 * `ids.1=a&ids.2=b`). The client encodes with these functions and the server stub decodes with
 * them, so both sides agree by construction.
 */

/** A decoded query value: a string, or the lists and objects rebuilt from indexed keys. */
export type QueryValue = string | QueryValue[] | { [key: string]: QueryValue };

/**
 * Percent-encodes text strictly per RFC 3986: only `A-Z a-z 0-9 - _ . ~` stay literal, everything
 * else becomes `%XX` of its UTF-8 bytes with upper-case hex (space is `%20`; `! ' ( ) *` are encoded).
 */
export function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Decodes one query component: `+` is a space (as every form decoder and JD Cloud's SDK read it), `%XX` are UTF-8 bytes. */
function decodeComponent(text: string): string {
  const plain = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(plain);
  } catch {
    return plain; // malformed escapes are kept as they are
  }
}

/** Splits a raw query string (with or without the leading `?`) into decoded name/value pairs, in order. */
export function parseQueryString(search: string): Array<[name: string, value: string]> {
  const pairs: Array<[string, string]> = [];
  const text = search.startsWith('?') ? search.slice(1) : search;
  if (!text) return pairs;
  for (const part of text.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    pairs.push(
      eq === -1
        ? [decodeComponent(part), '']
        : [decodeComponent(part.slice(0, eq)), decodeComponent(part.slice(eq + 1))],
    );
  }
  return pairs;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function flatten(prefix: string, value: unknown, out: Array<[string, string]>): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => flatten(`${prefix}.${i + 1}`, item, out));
  } else if (isPlainObject(value)) {
    for (const key of Object.keys(value)) flatten(`${prefix}.${key}`, value[key], out);
  } else {
    out.push([prefix, String(value)]);
  }
}

/**
 * Turns query parameters into decoded name/value pairs in insertion order. Parameters named in
 * `indexed` are flattened into JD Cloud's 1-based indexed keys, recursively (`filters.1.values.2`);
 * other arrays repeat their name (`form`, `explode: true`); `undefined` and `null` are left out.
 */
export function indexedQueryPairs(
  params: Record<string, unknown>,
  indexed: Iterable<string> = [],
): Array<[name: string, value: string]> {
  const indexedNames = indexed instanceof Set ? (indexed as Set<string>) : new Set(indexed);
  const out: Array<[string, string]> = [];
  for (const name of Object.keys(params)) {
    const value = params[name];
    if (value === undefined || value === null) continue;
    if (indexedNames.has(name) || isPlainObject(value)) {
      flatten(name, value, out);
    } else if (Array.isArray(value)) {
      for (const item of value) if (item !== undefined && item !== null) out.push([name, String(item)]);
    } else {
      out.push([name, String(value)]);
    }
  }
  return out;
}

/** Joins name/value pairs into a query string (no leading `?`), both sides strictly RFC 3986 encoded. */
export function formatQuery(pairs: Iterable<readonly [string, string]>): string {
  const parts: string[] = [];
  for (const [name, value] of pairs) parts.push(`${rfc3986(name)}=${rfc3986(value)}`);
  return parts.join('&');
}

/**
 * Serializes query parameters as JD Cloud expects them: the parameters named in `indexed` as
 * 1-based indexed keys, in insertion order, strictly RFC 3986 encoded. No leading `?`.
 *
 * ```ts
 * encodeIndexedQuery({ pageSize: 10, filters: [{ name: 'status', values: ['running'] }] }, ['filters'])
 * // 'pageSize=10&filters.1.name=status&filters.1.values.1=running'
 * ```
 */
export function encodeIndexedQuery(params: Record<string, unknown>, indexed: Iterable<string> = []): string {
  return formatQuery(indexedQueryPairs(params, indexed));
}

/** Thrown by {@link decodeIndexedQuery} for keys that cannot form a list (`ids.0`, `ids.x` beside `ids.1`, `ids=a` beside `ids.1=b`). */
export class IndexedQueryError extends Error {
  override name = 'IndexedQueryError';
  constructor(
    message: string,
    /** The offending query key. */
    readonly key: string,
  ) {
    super(message);
  }
}

type Node = { value?: string; children?: Map<string, Node> };

/** Sets an own property, even one named `__proto__`, so a query can never change a prototype. */
function define<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const INDEX = /^[1-9][0-9]*$/;

function build(node: Node, key: string): QueryValue {
  const { children } = node;
  if (!children) return node.value ?? '';
  if (node.value !== undefined) {
    throw new IndexedQueryError(`"${key}" is given both as a value and as a list or object`, key);
  }
  const names = [...children.keys()];
  const numeric = names.filter((n) => INDEX.test(n));
  if (numeric.length === 0) {
    const obj: { [k: string]: QueryValue } = {};
    for (const name of names) define(obj, name, build(children.get(name)!, `${key}.${name}`));
    return obj;
  }
  if (numeric.length !== names.length) {
    const bad = names.find((n) => !INDEX.test(n))!;
    throw new IndexedQueryError(`"${key}.${bad}" mixes a name with 1-based indexes`, `${key}.${bad}`);
  }
  // Indexes are 1-based; gaps are closed up in index order.
  return numeric
    .sort((a, b) => Number(a) - Number(b))
    .map((n) => build(children.get(n)!, `${key}.${n}`));
}

/**
 * Rebuilds query parameters from a query string (or decoded pairs): the inverse of
 * {@link encodeIndexedQuery}. Keys with dots (`filters.1.values.2`) become nested lists and
 * objects, 1-based and in index order; when `indexed` is given only those names are rebuilt and
 * other dotted names are kept as they are. A plain name given several times becomes a list.
 * Values stay strings. Throws {@link IndexedQueryError} on keys that cannot form a list.
 *
 * ```ts
 * decodeIndexedQuery('filters.1.name=status&filters.1.values.1=running&pageSize=10')
 * // { filters: [{ name: 'status', values: ['running'] }], pageSize: '10' }
 * ```
 */
export function decodeIndexedQuery(
  query: string | Iterable<readonly [string, string]>,
  indexed?: Iterable<string>,
): Record<string, QueryValue> {
  const pairs = typeof query === 'string' ? parseQueryString(query) : query;
  const only = indexed === undefined ? undefined : new Set(indexed);
  // Every name in order of first appearance, with its plain values or its tree of indexed keys.
  const entries = new Map<string, { plain?: string[]; node?: Node }>();
  for (const [key, value] of pairs) {
    const dot = key.indexOf('.');
    const root = dot === -1 || (only && !only.has(key.slice(0, dot))) ? key : key.slice(0, dot);
    let entry = entries.get(root);
    if (!entry) entries.set(root, (entry = {}));
    if (root === key) {
      (entry.plain ??= []).push(value);
      continue;
    }
    let node = (entry.node ??= {});
    for (const segment of key.slice(dot + 1).split('.')) {
      if (segment === '') throw new IndexedQueryError(`"${key}" has an empty segment`, key);
      if (/^0\d*$/.test(segment)) throw new IndexedQueryError(`"${key}": indexes start at 1`, key);
      const children = (node.children ??= new Map());
      let next = children.get(segment);
      if (!next) children.set(segment, (next = {}));
      node = next;
    }
    if (node.children) throw new IndexedQueryError(`"${key}" is given both as a value and as a list or object`, key);
    if (node.value !== undefined) throw new IndexedQueryError(`"${key}" is given twice`, key);
    node.value = value;
  }
  const out: Record<string, QueryValue> = {};
  for (const [key, { plain, node }] of entries) {
    if (plain && node) throw new IndexedQueryError(`"${key}" is given both plainly and with indexes`, key);
    define(out, key, node ? build(node, key) : plain!.length === 1 ? plain![0]! : plain!);
  }
  return out;
}
