// The `filters` parameter says twice which filters an operation accepts: in `x-jdcloud-filters`,
// which the client and the stub read, and in the list its English and Chinese descriptions show
// the reader (one item per filter: "- `name`: what it compares, exact match, several values
// allowed"). The house rule `jdcloud/filter-prose` keeps the two in step: each description lists
// exactly the filters of the extension, and where an item states how a filter matches or how many
// values it takes, that agrees with the extension. The prose stays hand-written; only what the
// extension also says is checked.

/** One item of the list: a line opening with the filter name in backquotes and a colon. */
const ITEM = /^\s*[-*]\s+`([^`]+)`\s*[:：]/;

/** What an item may state, per language: the words and the extension's value they mean. */
const CLAIMS = {
  description: [
    { key: 'match', value: 'exact', words: /\bexact match/i },
    { key: 'match', value: 'fuzzy', words: /\bfuzzy match/i },
    { key: 'multiple', value: false, words: /\bone value only\b/i },
    { key: 'multiple', value: true, words: /\b(several|many|multiple) values\b|\bup to (\w+) values\b/i },
  ],
  'x-description-zh': [
    { key: 'match', value: 'exact', words: /精确匹配/ },
    { key: 'match', value: 'fuzzy', words: /模糊匹配/ },
    { key: 'multiple', value: false, words: /只能填一个值|仅限一个值/ },
    { key: 'multiple', value: true, words: /可填多个值|最多\s*\d+\s*个值/ },
  ],
};

const SAYS = {
  match: { exact: 'an exact match', fuzzy: 'a fuzzy match' },
  multiple: { true: 'takes several values', false: 'takes one value only' },
};

/** The items of a description's filter list: name and the text of the item (its continuation lines too). */
export function filterItems(text) {
  const items = [];
  let current;
  for (const line of String(text ?? '').split('\n')) {
    const opened = ITEM.exec(line);
    if (opened) {
      current = { name: opened[1], text: line.slice(opened[0].length) };
      items.push(current);
    } else if (current && /^\s+\S/.test(line)) {
      current.text += ` ${line.trim()}`;
    } else {
      current = undefined;
    }
  }
  return items;
}

/** What is wrong between one description (`field`) and the extension's keys, as messages. */
export function filterProseProblems(keys, text, field) {
  const problems = [];
  const items = filterItems(text);
  const listed = new Map(items.map((item) => [item.name, item]));
  for (const key of keys) {
    const item = listed.get(key.name);
    if (!item) {
      problems.push(`Filter \`${key.name}\` of x-jdcloud-filters is not listed in \`${field}\`.`);
      continue;
    }
    for (const claim of CLAIMS[field]) {
      if (claim.words.test(item.text) && key[claim.key] !== claim.value) {
        const stated = SAYS[claim.key][String(claim.value)];
        const actual = SAYS[claim.key][String(key[claim.key])];
        problems.push(`\`${field}\` says filter \`${key.name}\` ${claim.key === 'match' ? 'is ' : ''}${stated}; x-jdcloud-filters says it ${claim.key === 'match' ? 'is ' : ''}${actual}.`);
      }
    }
  }
  const named = new Set(keys.map((key) => key.name));
  const seen = new Set();
  for (const item of items) {
    if (!named.has(item.name)) problems.push(`\`${field}\` lists filter \`${item.name}\`, which x-jdcloud-filters does not name.`);
    else if (seen.has(item.name)) problems.push(`\`${field}\` lists filter \`${item.name}\` twice.`);
    seen.add(item.name);
  }
  return problems;
}

function FilterProse() {
  return {
    Parameter: {
      enter(param, ctx) {
        if (!param || param.name !== 'filters') return;
        const keys = param['x-jdcloud-filters'];
        // jdcloud/indexed-query-params reports a `filters` parameter without the extension.
        if (!Array.isArray(keys) || keys.some((key) => typeof key?.name !== 'string')) return;
        for (const field of Object.keys(CLAIMS)) {
          for (const message of filterProseProblems(keys, param[field], field)) {
            ctx.report({ message, location: ctx.location.child(field) });
          }
        }
      },
    },
  };
}

export const filterProseRules = { 'filter-prose': FilterProse };
