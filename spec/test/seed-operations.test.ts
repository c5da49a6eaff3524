import { describe, expect, it } from 'vitest';
import { listOperations, loadBundle, loadFixture } from '../lib/index.js';

interface Reference {
  operationId: string;
  inSeeds: boolean;
  group: string;
  method: string;
  pathTemplate: string;
}

interface Seed {
  operationId: string;
  method: string;
  path: string;
  group: string;
}

const doc = loadBundle();
const seeds = loadFixture<{ operations: Seed[] }>('seed-operations.json').operations;
const reference = loadFixture<{ operations: Reference[] }>('reference-parameters.json').operations;
const operations = new Map(listOperations(doc).map((entry) => [entry.operationId, entry]));

describe('the seed operations', () => {
  it('the fixture lists each seed operation of the reference once', () => {
    const ids = seeds.map((s) => s.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(reference.filter((r) => r.inSeeds).map((r) => r.operationId).sort());
  });

  it.each(seeds)('$operationId is $method $path', (seed) => {
    const entry = operations.get(seed.operationId);
    expect(entry, `${seed.operationId} is missing from the bundle`).toBeDefined();
    expect(entry?.method).toBe(seed.method);
    expect(entry?.path).toBe(seed.path);
    expect(entry?.operation.tags).toEqual([seed.group]);
  });

  it('the bundle has no operation outside the seeds but those the official SDKs expose, at their method and path', () => {
    const extra = [...operations.keys()].filter((id) => !seeds.some((s) => s.operationId === id));
    const sdkOnly = new Map(reference.filter((r) => !r.inSeeds).map((r) => [r.operationId, r]));
    expect(extra.filter((id) => !sdkOnly.has(id)), 'operations no official SDK has').toEqual([]);
    for (const id of extra) {
      const ref = sdkOnly.get(id);
      expect({ id, method: operations.get(id)?.method, path: operations.get(id)?.path, tags: operations.get(id)?.operation.tags }).toEqual({
        id,
        method: ref?.method,
        path: ref?.pathTemplate,
        tags: [ref?.group],
      });
    }
  });

  it('covers every operation the official SDKs expose', () => {
    expect(reference.map((r) => r.operationId).filter((id) => !operations.has(id))).toEqual([]);
  });

  it('describeBriefInstances follows the wire (GET) and says why', () => {
    const entry = operations.get('describeBriefInstances');
    expect(entry?.method).toBe('GET');
    expect(entry?.operation.description).toMatch(/POST/);
    expect(entry?.operation['x-description-zh']).toMatch(/POST/);
  });
});
