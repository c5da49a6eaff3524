// The bilingual convention of the spec (spec/README.md): every human-readable English text has a
// Chinese twin beside it. This module walks a bundled OpenAPI document and finds every such text;
// the Redocly decorator (plugins/i18n.js) and the translation report (scripts/i18n-report.mjs)
// both use it, so what the report checks is exactly what the Chinese page swaps in.
import { jsonPointer } from '@jdcloud-vm/spec';

/** English key → its Chinese twin. */
export const TWINS = /** @type {const} */ ([
  ['summary', 'x-summary-zh'],
  ['description', 'x-description-zh'],
  ['x-displayName', 'x-displayName-zh'],
  ['title', 'x-title-zh'],
]);

/** Keys whose values are payload (examples, defaults, enums), not documentation. */
const DATA_KEYS = new Set(['example', 'value', 'default', 'enum', 'const', 'externalValue']);

/**
 * @typedef {{ node: Record<string, unknown>, pointer: string[], en: string, zh: string }} TextSlot
 * One place that holds (or should hold) a bilingual text: `node[en]` and `node[zh]`.
 */

/**
 * Calls `visit` for every (node, twin pair) where the node carries the English text or its twin.
 * Skips payload: example values, defaults, enums and vendor extensions other than the twins.
 * `title` counts only on `info` (schema titles are labels, not prose).
 * @param {unknown} doc
 * @param {(slot: TextSlot) => void} visit
 */
export function walkTexts(doc, visit) {
  /** @type {WeakSet<object>} */
  const seen = new WeakSet();
  /**
   * @param {unknown} node
   * @param {string[]} pointer
   * @param {boolean} isMap  the node is a name → object map (properties, paths, responses, …)
   */
  const walk = (node, pointer, isMap) => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      node.forEach((child, i) => walk(child, [...pointer, String(i)], false));
      return;
    }
    const obj = /** @type {Record<string, unknown>} */ (node);
    if (!isMap) {
      const isInfo = pointer.length === 1 && pointer[0] === 'info';
      for (const [en, zh] of TWINS) {
        if (en === 'title' && !isInfo) continue;
        if (typeof obj[en] === 'string' || typeof obj[zh] === 'string') visit({ node: obj, pointer, en, zh });
      }
    }
    for (const [key, child] of Object.entries(obj)) {
      if (!isMap && (DATA_KEYS.has(key) || key.startsWith('x-'))) continue;
      // In a map every key is a name (a property may well be called `description` or `value`).
      walk(child, [...pointer, key], !isMap && MAP_KEYS.has(key));
    }
  };
  walk(doc, [], false);
}

/** Keys whose value maps arbitrary names to OpenAPI objects. */
const MAP_KEYS = new Set([
  'properties',
  'patternProperties',
  'paths',
  'responses',
  'parameters',
  'schemas',
  'requestBodies',
  'headers',
  'securitySchemes',
  'links',
  'callbacks',
  'examples',
  'content',
  'encoding',
  'variables',
  'definitions',
]);

/**
 * Rewrites the document in place for one language: `zh` replaces every English text by its twin;
 * both languages drop the `-zh` keys so neither page carries the other's text.
 * @param {unknown} doc
 * @param {'en' | 'zh'} lang
 */
export function localize(doc, lang) {
  walkTexts(doc, ({ node, en, zh }) => {
    if (lang === 'zh' && typeof node[zh] === 'string' && node[zh].trim() !== '') node[en] = node[zh];
    delete node[zh];
  });
}

/**
 * @param {string[]} pointer
 * @returns {string} a JSON pointer (RFC 6901)
 */
export function toPointer(pointer) {
  return jsonPointer(...pointer);
}
