// Translation report: every human-readable text of the bundled spec that has no Chinese twin
// (x-summary-zh, x-description-zh, x-displayName-zh, x-title-zh), or whose twin holds no Chinese.
//   pnpm docs:i18n                 the bundle of @jdcloud-vm/spec
//   pnpm docs:i18n -- other.yaml   any other bundled document
// Exits 1 when any text is missing its twin, 2 when the document cannot be read.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { toPointer, walkTexts } from '../src/twins.js';

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

const file = process.argv[2]
  ? resolve(process.argv[2])
  : fileURLToPath(import.meta.resolve('@jdcloud-vm/spec/openapi.yaml'));
if (!existsSync(file)) {
  console.error(`i18n: ${file} is missing; it is committed in spec/dist (pnpm --filter @jdcloud-vm/spec bundle rewrites it).`);
  process.exit(2);
}
const doc = parse(readFileSync(file, 'utf8'));

/** @type {Map<string, {texts: number, missing: number}>} */
const byKind = new Map();
/** @type {{where: string, why: string, text: string}[]} */
const problems = [];
let texts = 0;
walkTexts(doc, ({ node, pointer, en, zh }) => {
  const english = node[en];
  const chinese = node[zh];
  const kind = en;
  const counts = byKind.get(kind) ?? { texts: 0, missing: 0 };
  byKind.set(kind, counts);
  if (typeof english !== 'string' || english.trim() === '') {
    problems.push({ where: toPointer([...pointer, zh]), why: `${zh} without ${en}`, text: String(chinese) });
    return;
  }
  texts += 1;
  counts.texts += 1;
  let why = '';
  if (typeof chinese !== 'string' || chinese.trim() === '') why = `no ${zh}`;
  else if (!CJK.test(chinese)) why = `${zh} holds no Chinese`;
  if (why) {
    counts.missing += 1;
    problems.push({ where: toPointer([...pointer, en]), why, text: english });
  }
});

const oneLine = (/** @type {string} */ s) => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > 70 ? `${flat.slice(0, 67)}...` : flat;
};

console.log(`translation report for ${file}`);
for (const [kind, c] of [...byKind].sort()) {
  console.log(`  ${kind.padEnd(14)} ${String(c.texts).padStart(5)} texts, ${String(c.missing).padStart(4)} without a Chinese twin`);
}
for (const p of problems) console.log(`  MISSING ${p.where}  (${p.why}): "${oneLine(p.text)}"`);
const orphans = problems.filter((p) => p.why.includes(' without ')).length;
const missing = problems.length - orphans;
console.log(
  `${texts} texts: ${texts - missing} with a Chinese twin, ${missing} missing` +
    (orphans ? `; ${orphans} Chinese texts without English` : ''),
);
process.exit(problems.length > 0 ? 1 : 0);
