// Mends the two faults the `jdcloud/zh-style` lint rule reports in the Chinese texts of the
// sources: a line break between two Chinese characters inside a text (the page shows it as a
// space) is joined, and a term JD Cloud's pages do not use is replaced by theirs. Run it after
// writing Chinese texts: `pnpm --filter @jdcloud-vm/spec fix:zh-style`. It only edits `-zh` keys.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HAN, PREFERRED_TERMS } from '../plugins/zh-style.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const KEY = /^(\s*)(?:- )?x-[\w-]+-zh:\s*(.*)$/;
const JOINABLE = new RegExp(`[${HAN}]$`);
const STARTS_HAN = new RegExp(`^[${HAN}]`);
const LIST_ITEM = /^(?:[-*+] |\d+\. )/;
const INNER_SPACE = new RegExp(`([${HAN}])[ \t]+(?=[${HAN}])`, 'g');

function* yamlFiles(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'dist' || name === 'node_modules' || name === 'fixtures' || name === 'baseline') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* yamlFiles(path);
    else if (name.endsWith('.yaml')) yield path;
  }
}

/** The lines of the file with each `-zh` text mended; `changed` counts the texts touched. */
function mend(lines) {
  const out = [];
  let changed = 0;
  for (let i = 0; i < lines.length; i++) {
    const key = KEY.exec(lines[i]);
    if (!key) {
      out.push(lines[i]);
      continue;
    }
    // The key line, then its block (lines indented deeper than the key, or blank).
    const indent = key[1].length;
    const block = [lines[i]];
    while (i + 1 < lines.length && (lines[i + 1].trim() === '' || lines[i + 1].search(/\S/) > indent)) block.push(lines[++i]);
    const mended = [];
    for (const line of block) {
      const previous = mended.at(-1);
      const text = line.trim();
      if (previous !== undefined && JOINABLE.test(previous) && STARTS_HAN.test(text) && !LIST_ITEM.test(text)) {
        mended[mended.length - 1] = previous + text;
      } else mended.push(line);
    }
    const replaced = mended.map((line) =>
      PREFERRED_TERMS.reduce((l, [avoid, use]) => l.split(avoid).join(use), line.replace(INNER_SPACE, '$1')),
    );
    if (replaced.join('\n') !== block.join('\n')) changed += 1;
    out.push(...replaced);
  }
  return { lines: out, changed };
}

let files = 0;
let texts = 0;
for (const file of yamlFiles(root)) {
  const original = readFileSync(file, 'utf8');
  const { lines, changed } = mend(original.split('\n'));
  if (changed === 0) continue;
  writeFileSync(file, lines.join('\n'));
  files += 1;
  texts += changed;
}
console.log(`fix-zh-style: ${texts} Chinese texts mended in ${files} files`);
