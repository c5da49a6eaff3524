// Refreshes fixtures/reference-parameters.json from the reference pack beside the repository
// (../shared/reference/jdcloud-vm/operations.json): the path, query and top-level body parameter
// names of every seed operation. The fixture is committed so the coverage test runs without the pack.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = process.argv[2] ?? join(root, '..', '..', 'shared', 'reference', 'jdcloud-vm', 'operations.json');
const operations = JSON.parse(readFileSync(source, 'utf8'))
  .filter((op) => op.inSeeds)
  .sort((a, b) => a.operationId.localeCompare(b.operationId))
  .map((op) => ({
    operationId: op.operationId,
    path: op.pathParams.map((p) => p.name),
    query: op.queryParams.map((p) => p.name),
    body: op.bodyParams.map((p) => p.name),
    result: op.result.map((p) => p.name),
  }));
writeFileSync(
  join(root, 'fixtures', 'reference-parameters.json'),
  `${JSON.stringify({ source: 'shared/reference/jdcloud-vm/operations.json (inSeeds)', operations }, null, 2)}\n`,
);
console.log(`wrote ${operations.length} operations`);
