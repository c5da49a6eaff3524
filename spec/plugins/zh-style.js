// Two faults of the Chinese texts that the bilingual-twin check does not see (the house rule
// `jdcloud/zh-style` reports them; scripts/fix-zh-style.mjs mends them). A stray space: where the
// YAML source breaks a Chinese sentence across lines, the folded text (or the Markdown soft break)
// puts a space between two Chinese characters, which the page shows. A term: JD Cloud's pages
// name a concept one way (实例模板) and the Chinese page should too.

/** Chinese characters and full-width punctuation. */
export const HAN = '\\u3000-\\u303f\\u3400-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef';
/** Whitespace between two of them that is not a paragraph break (a blank line) or a list item. */
const STRAY_SPACE = new RegExp(`[${HAN}](?:[ \\t]+|[ \\t]*\\n[ \\t]*(?![-*+] |\\d+\\. ))(?=[${HAN}])`, 'g');

/** The term JD Cloud's Chinese pages use, by the one they do not. */
export const PREFERRED_TERMS = /** @type {const} */ ([['启动模板', '实例模板']]);

/**
 * What is wrong with one Chinese text: its stray spaces (with a few characters around each) and
 * the terms it should not use.
 * @param {string} text
 */
export function zhStyleProblems(text) {
  const spaces = [...text.matchAll(STRAY_SPACE)].map((m) => text.slice(Math.max(0, (m.index ?? 0) - 6), (m.index ?? 0) + m[0].length + 7));
  const terms = PREFERRED_TERMS.filter(([avoid]) => text.includes(avoid)).map(([avoid, use]) => `${avoid} → ${use}`);
  return { spaces, terms };
}
