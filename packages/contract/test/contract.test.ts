// The contract run: every flow drives the stub through the generated client (signed), every
// answer is checked against the document by the recorder, and the last tests report coverage.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../src/harness.js';
import { operations } from '../src/spec.js';
import { errorFlows } from './flows/errors.js';
import { imageFlows } from './flows/images.js';
import { instanceCleanupFlows, instanceFlows } from './flows/instances.js';
import { keypairFlows } from './flows/keypairs.js';
import { sdkOperationFlows } from './flows/sdk-operations.js';
import { catalogFlows, templateFlows } from './flows/templates.js';

// Cases `pnpm new-operation` scaffolded (flows/pending/<operationId>.ts), until they move into
// the flow of their group.
const pendingDir = new URL('./flows/pending/', import.meta.url);
const pending: Array<{ flows: (h: () => Harness) => void }> = existsSync(pendingDir)
  ? await Promise.all(
      readdirSync(pendingDir)
        .filter((name) => name.endsWith('.ts'))
        .sort()
        .map((name) => import(new URL(name, pendingDir).href)),
    )
  : [];

let harness: Harness | undefined;
const h = (): Harness => {
  if (!harness) throw new Error('the harness did not start');
  return harness;
};

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.stub.close();
});

// The flows build on each other in this order: instances need a key pair and a public image,
// images are made from the instances, quotas count them, and the instances go last.
describe('key pairs', () => keypairFlows(h));
describe('instances', () => instanceFlows(h));
describe('instance types and quotas', () => catalogFlows(h));
describe('instance templates', () => templateFlows(h));
describe('images', () => imageFlows(h));
describe('operations the SDKs add to the overview', () => sdkOperationFlows(h));
// Declared only when there are some: vitest fails an empty suite.
if (pending.length > 0) {
  describe('scaffolded operations', () => {
    for (const module of pending) module.flows(h);
  });
}
describe('instance deletion', () => instanceCleanupFlows(h));
describe('one documented error per operation', () => errorFlows(h));

describe('the contract', () => {
  it('every answer matched the document (status, schema, request id)', () => {
    const problems = h().recorder.exchanges.flatMap((e) => e.problems);
    expect(problems, 'answers that do not match the document').toEqual([]);
  });

  it('every operation was called successfully, and errors were exercised', () => {
    const exchanges = h().recorder.exchanges;
    const succeeded = new Set(exchanges.filter((e) => e.status === 200 && e.problems.length === 0).map((e) => e.operationId));
    const failed = new Set(exchanges.filter((e) => e.status >= 400).map((e) => e.operationId));
    const all = operations.map((o) => o.operationId);
    console.log(`contract coverage: ${all.filter((id) => succeeded.has(id)).length}/${all.length} operations`);
    console.log(`contract error paths: ${all.filter((id) => failed.has(id)).length}/${all.length} operations answered a documented error`);
    console.log(`contract exchanges: ${exchanges.length}`);
    // Read by scripts/ci-summary.mjs for the end-of-run summary.
    mkdirSync('test-results', { recursive: true });
    writeFileSync(
      'test-results/contract-coverage.json',
      JSON.stringify({ covered: all.filter((id) => succeeded.has(id)).length, total: all.length, errorPaths: all.filter((id) => failed.has(id)).length, exchanges: exchanges.length }),
    );
    expect(all.filter((id) => !succeeded.has(id)), 'operations never called successfully').toEqual([]);
    expect(all.filter((id) => !failed.has(id)), 'operations whose error answers were never exercised').toEqual([]);
  });
});
