// Refreshes fixtures/reference-parameters.json from the reference pack beside the repository
// (../shared/reference/jdcloud-vm/operations.json): for every operation the official SDKs expose,
// whether the seed overview lists it, its method and path as sent, and the path, query and
// top-level body parameter names. The fixture is committed so the coverage tests run without the pack.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = process.argv[2] ?? join(root, '..', '..', 'shared', 'reference', 'jdcloud-vm', 'operations.json');
const operations = JSON.parse(readFileSync(source, 'utf8'))
  .sort((a, b) => a.operationId.localeCompare(b.operationId))
  .map((op) => ({
    operationId: op.operationId,
    inSeeds: op.inSeeds,
    group: op.group,
    method: op.method,
    pathTemplate: op.path,
    path: op.pathParams.map((p) => p.name),
    query: op.queryParams.map((p) => p.name),
    body: op.bodyParams.map((p) => p.name),
    result: op.result.map((p) => p.name),
  }));
writeFileSync(
  join(root, 'fixtures', 'reference-parameters.json'),
  `${JSON.stringify({ source: 'shared/reference/jdcloud-vm/operations.json', operations }, null, 2)}\n`,
);
console.log(`wrote ${operations.length} operations`);
