// Writes openapi.partial.yaml: the root document restricted to the operation files that exist
// (optionally to some groups), so a part of the document can be linted while the rest is written.
//   node scripts/partial-root.mjs Image && npx redocly lint openapi.partial.Image.yaml --config redocly.yaml
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const groups = process.argv.slice(2);
const doc = parseDocument(readFileSync(join(root, 'openapi.yaml'), 'utf8'));
const paths = doc.get('paths');
for (const pathItem of [...paths.items]) {
  const item = pathItem.value;
  for (const op of [...item.items]) {
    const ref = op.value.get('$ref');
    const group = ref.split('/')[1];
    if (!existsSync(join(root, ref)) || (groups.length > 0 && !groups.includes(group))) item.delete(op.key);
  }
  if (item.items.length === 0) paths.delete(pathItem.key);
}
const out = `openapi.partial.${groups.join('-') || 'all'}.yaml`;
writeFileSync(join(root, out), doc.toString({ lineWidth: 0 }));
console.log(`${out}: ${paths.items.length} paths`);
