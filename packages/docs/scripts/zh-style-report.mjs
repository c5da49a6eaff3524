// Counts the Chinese texts of the bundled spec with a stray space between Chinese characters or a
// term JD Cloud's pages do not use (@jdcloud-vm/spec/zh-style). The spec's lint rule
// jdcloud/zh-style refuses them and its fix:zh-style script mends them; this lists them by page pointer.
//   node scripts/zh-style-report.mjs [--list] [--check] [bundle.yaml]
// --list prints every text with its pointer; --check exits 1 when any text has a fault.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { toPointer, walkTexts } from '../src/twins.js';
import { zhStyleProblems } from '@jdcloud-vm/spec/zh-style';

const args = process.argv.slice(2);
const fileArg = args.find((a) => !a.startsWith('--'));
const file = fileArg ? resolve(fileArg) : fileURLToPath(import.meta.resolve('@jdcloud-vm/spec/openapi.yaml'));
if (!existsSync(file)) {
  console.error(`zh-style: ${file} is missing; build @jdcloud-vm/spec first (pnpm --filter @jdcloud-vm/spec build).`);
  process.exit(2);
}
const doc = parse(readFileSync(file, 'utf8'));

let texts = 0;
/** @type {{ where: string, spaces: string[], terms: string[] }[]} */
const faulty = [];
walkTexts(doc, ({ node, pointer, zh }) => {
  const text = node[zh];
  if (typeof text !== 'string') return;
  texts += 1;
  const { spaces, terms } = zhStyleProblems(text);
  if (spaces.length > 0 || terms.length > 0) faulty.push({ where: toPointer([...pointer, zh]), spaces, terms });
});

const withSpaces = faulty.filter((f) => f.spaces.length > 0).length;
const withTerms = faulty.filter((f) => f.terms.length > 0).length;
if (args.includes('--list')) {
  for (const f of faulty) {
    console.log(f.where);
    for (const s of f.spaces) console.log(`  stray space: ${JSON.stringify(s)}`);
    for (const t of f.terms) console.log(`  term: ${t}`);
  }
}
console.log(`zh-style: ${texts} Chinese texts; ${withSpaces} with a stray space between Chinese characters, ${withTerms} with a term JD Cloud's pages do not use (${faulty.length} in all)`);
process.exit(args.includes('--check') && faulty.length > 0 ? 1 : 0);
