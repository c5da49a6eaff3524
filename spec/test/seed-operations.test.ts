import { describe, expect, it } from 'vitest';
import { listOperations, loadBundle, loadFixture } from '../lib/analysis.mjs';

interface Seed {
  operationId: string;
  method: string;
  path: string;
  group: string;
}

const doc = loadBundle();
const seeds = loadFixture<{ operations: Seed[] }>('seed-operations.json').operations;
const operations = new Map(listOperations(doc).map((entry) => [entry.operationId, entry]));

describe('the 51 seed operations', () => {
  it('the fixture lists 51 distinct operations', () => {
    expect(new Set(seeds.map((s) => s.operationId)).size).toBe(51);
  });

  it.each(seeds)('$operationId is $method $path', (seed) => {
    const entry = operations.get(seed.operationId);
    expect(entry, `${seed.operationId} is missing from the bundle`).toBeDefined();
    expect(entry?.method).toBe(seed.method);
    expect(entry?.path).toBe(seed.path);
    expect(entry?.operation.tags).toEqual([seed.group]);
  });

  it('the bundle has no operation outside the seeds', () => {
    const extra = [...operations.keys()].filter((id) => !seeds.some((s) => s.operationId === id));
    expect(extra).toEqual([]);
  });

  it('describeBriefInstances follows the wire (GET) and says why', () => {
    const entry = operations.get('describeBriefInstances');
    expect(entry?.method).toBe('GET');
    expect(entry?.operation.description).toMatch(/POST/);
    expect(entry?.operation['x-description-zh']).toMatch(/POST/);
  });
});
