// describeInstanceTypes through @jdcloud-vm/client: the catalog's types of a region with their
// per-zone sale state, and the filters of x-jdcloud-filters (instanceTypes, az, architecture).
import { type VmClient, createVmClient } from '@jdcloud-vm/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/index.js';
import { SpecIndex } from '../src/spec/index.js';
import { loadSpec } from '../src/spec/load.js';
import { REGION, type TestStub, failure, start } from './helpers.js';

// The InstanceType model's fields, as the document defines them: nothing else may reach the answer.
const MODEL_FIELDS = new Set(new SpecIndex(loadSpec(undefined).document).modelFields('InstanceType'));

describe('describeInstanceTypes', () => {
  let stub: TestStub;
  let vm: VmClient;
  const catalog = loadCatalog();

  beforeAll(async () => {
    stub = await start({ accessKeys: ['AKTYPES:secret-types'] });
    vm = createVmClient({ accessKeyId: 'AKTYPES', secretAccessKey: 'secret-types', regionId: REGION, endpoint: stub.url, retry: false });
  });
  afterAll(() => stub.close());

  it('lists every type of the region, not paged, with the state of each zone', async () => {
    const result = await vm.describeInstanceTypes();
    expect(result.totalCount).toBe(catalog.instanceTypes.size);
    expect(result.instanceTypes).toHaveLength(result.totalCount);
    expect(result.specificInstanceTypes).toEqual([]);
    const medium = result.instanceTypes.find((t) => t.instanceType === 'g.n2.medium');
    expect(medium).toEqual({
      ...catalog.instanceTypes.get('g.n2.medium'),
      state: [
        { az: 'cn-north-1a', inStock: true },
        { az: 'cn-north-1b', inStock: true },
        { az: 'cn-north-1c', inStock: true },
      ],
    });
    for (const type of result.instanceTypes) {
      for (const key of Object.keys(type)) expect(MODEL_FIELDS.has(key), `${type.instanceType}.${key}`).toBe(true);
      expect(type.state?.length).toBe(3);
    }
    const sold = result.instanceTypes.find((t) => t.instanceType === 'm.n2.8xlarge');
    expect(sold?.state).toContainEqual({ az: 'cn-north-1b', inStock: false });
    expect(result.instanceTypes.find((t) => t.instanceType === 'g.n1.medium')?.localDisks).toEqual([{ diskType: 'ssd', diskSizeGB: 40 }]);
    expect(result.instanceTypes.find((t) => t.instanceType === 't.n2.small')?.burstInfo).toBeDefined();
  });

  it('each region has its own types and zones; types without a zone there are left out', async () => {
    const east = await vm.describeInstanceTypes({ regionId: 'cn-east-1' });
    const names = east.instanceTypes.map((t) => t.instanceType);
    expect(names).not.toContain('g.n1.medium');
    expect(names).not.toContain('g.a2.large');
    expect(east.totalCount).toBe(catalog.instanceTypes.size - 5);
    for (const type of east.instanceTypes) expect(type.state).toEqual([{ az: 'cn-east-1a', inStock: true }]);
    const south = await vm.describeInstanceTypes({ regionId: 'cn-south-1' });
    expect(south.instanceTypes[0]?.state?.map((s) => s.az)).toEqual(['cn-south-1a', 'cn-south-1b']);
    // A region the catalog does not know offers nothing.
    expect(await vm.describeInstanceTypes({ regionId: 'eu-west-9' })).toEqual({ instanceTypes: [], specificInstanceTypes: [], totalCount: 0 });
  });

  it('filter instanceTypes: exact, several values', async () => {
    const result = await vm.describeInstanceTypes({ filters: [{ name: 'instanceTypes', values: ['g.n2.medium', 'c.n2.large', 'g.n2'] }] });
    expect(result.instanceTypes.map((t) => t.instanceType)).toEqual(['g.n2.medium', 'c.n2.large']);
    expect(result.totalCount).toBe(2);
  });

  it('filter az: types sold in the zone, their state narrowed to it', async () => {
    const result = await vm.describeInstanceTypes({
      regionId: 'cn-south-1',
      filters: [
        { name: 'az', values: ['cn-south-1b'] },
        { name: 'instanceTypes', values: ['m.n2.8xlarge', 'g.n2.medium'] },
      ],
    });
    expect(result.instanceTypes.map((t) => [t.instanceType, t.state])).toEqual([
      ['g.n2.medium', [{ az: 'cn-south-1b', inStock: true }]],
      ['m.n2.8xlarge', [{ az: 'cn-south-1b', inStock: false }]],
    ]);
    expect((await vm.describeInstanceTypes({ filters: [{ name: 'az', values: ['cn-south-1a'] }] })).totalCount).toBe(0);
    const two = await vm.describeInstanceTypes({ filters: [{ name: 'az', values: ['cn-north-1a', 'cn-north-1c'] }] });
    expect(two.instanceTypes[0]?.state?.map((s) => s.az)).toEqual(['cn-north-1a', 'cn-north-1c']);
  });

  it('filter architecture: one value, x86_64 or arm64', async () => {
    const arm = await vm.describeInstanceTypes({ filters: [{ name: 'architecture', values: ['arm64'] }] });
    expect(arm.instanceTypes.map((t) => t.instanceType)).toEqual(['g.a2.large']);
    const x86 = await vm.describeInstanceTypes({ filters: [{ name: 'architecture', values: ['x86_64'] }] });
    expect(x86.totalCount).toBe(catalog.instanceTypes.size - 1);
    expect(await failure(vm.describeInstanceTypes({ filters: [{ name: 'architecture', values: ['x86_64', 'arm64'] }] }))).toEqual({
      httpStatus: 400,
      status: 'INVALID_ARGUMENT',
      message: "Filter 'architecture' takes one value, got 2.",
    });
    expect((await failure(vm.describeInstanceTypes({ filters: [{ name: 'architecture', values: ['sparc'] }] }))).message).toBe(
      "Filter 'architecture' takes x86_64 or arm64, got 'sparc'.",
    );
  });

  it('unknown filter names and operators are refused', async () => {
    expect((await failure(vm.describeInstanceTypes({ filters: [{ name: 'family', values: ['g.n2'] }] }))).message).toMatch(
      /Unknown filter name 'family'; this operation accepts: instanceTypes, az, architecture/,
    );
    expect((await failure(vm.describeInstanceTypes({ filters: [{ name: 'az', operator: 'like', values: ['cn'] }] }))).status).toBe(
      'INVALID_ARGUMENT',
    );
  });

  it('serviceName and chargeMode are accepted within their enums', async () => {
    const all = (await vm.describeInstanceTypes()).totalCount;
    expect((await vm.describeInstanceTypes({ serviceName: 'nc' })).totalCount).toBe(all);
    expect((await vm.describeInstanceTypes({ serviceName: 'vm', chargeMode: 'postpaid_by_spot' })).totalCount).toBe(all);
    expect(
      (await failure(vm.describeInstanceTypes({ serviceName: 'ecs' as never }))).status,
    ).toBe('INVALID_ARGUMENT');
  });
});
