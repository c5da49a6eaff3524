// Values of an example written as source code: JavaScript/TypeScript object literals and Python
// literals, on one line when short, otherwise one entry per line.

const WIDTH = 72;
const IDENT = /^[A-Za-z_$][\w$]*$/;

/** A JavaScript string literal in single quotes. */
export const jsString = (/** @type {string} */ s) => `'${JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;

/**
 * @param {unknown} value
 * @param {string} indent the indentation of the line the value starts on
 * @returns {string}
 */
export function jsLiteral(value, indent = '') {
  if (typeof value === 'string') return jsString(value);
  if (value === null || typeof value !== 'object') return String(value);
  const inner = indent + '  ';
  const entries = Array.isArray(value)
    ? value.map((v) => jsLiteral(v, inner))
    : Object.entries(value).map(([k, v]) => `${IDENT.test(k) ? k : jsString(k)}: ${jsLiteral(v, inner)}`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{ ', ' }'];
  if (entries.length === 0) return Array.isArray(value) ? '[]' : '{}';
  const flat = Array.isArray(value) ? `[${entries.join(', ')}]` : `${open}${entries.join(', ')}${close}`;
  if (!flat.includes('\n') && indent.length + flat.length <= WIDTH) return flat;
  return `${open.trim()}\n${entries.map((e) => `${inner}${e},`).join('\n')}\n${indent}${close.trim()}`;
}

/** A Python string literal in single quotes. */
export const pyString = (/** @type {string} */ s) => `'${JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;

/**
 * How a Python sample writes an object: the SDK's model class for its schema, or a dict.
 * @typedef {{
 *   classFor(value: Record<string, unknown>, schema: unknown): string | undefined,
 *   property(schema: unknown, key: string): unknown,
 *   items(schema: unknown): unknown,
 * }} PyHooks
 */

/** @type {PyHooks} */
const plainPython = { classFor: () => undefined, property: () => undefined, items: () => undefined };

/**
 * A Python value: objects become a model class call when `hooks.classFor` names one (keyword
 * arguments in the example's order), otherwise a dict.
 * @param {unknown} value
 * @param {string} indent
 * @param {PyHooks} hooks
 * @param {unknown} schema the schema the value follows, handed to the hooks
 * @returns {string}
 */
export function pyLiteral(value, indent = '', hooks = plainPython, schema = undefined) {
  if (typeof value === 'string') return pyString(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value === null || value === undefined) return 'None';
  if (typeof value !== 'object') return String(value);
  const inner = indent + '    ';
  if (Array.isArray(value)) {
    return wrap('[', ']', value.map((v) => pyLiteral(v, inner, hooks, hooks.items(schema))), indent, inner);
  }
  const record = /** @type {Record<string, unknown>} */ (value);
  const className = hooks.classFor(record, schema);
  const entries = Object.entries(record).map(([k, v]) => [k, pyLiteral(v, inner, hooks, hooks.property(schema, k))]);
  return className
    ? wrap(`${className}(`, ')', entries.map(([k, v]) => `${k}=${v}`), indent, inner)
    : wrap('{', '}', entries.map(([k, v]) => `${pyString(k ?? '')}: ${v}`), indent, inner);
}

function wrap(/** @type {string} */ open, /** @type {string} */ close, /** @type {string[]} */ items, /** @type {string} */ indent, /** @type {string} */ inner) {
  const flat = `${open}${items.join(', ')}${close}`;
  if (items.length === 0 || (!flat.includes('\n') && indent.length + flat.length <= WIDTH)) return flat;
  return `${open}\n${items.map((i) => `${inner}${i},`).join('\n')}\n${indent}${close}`;
}
