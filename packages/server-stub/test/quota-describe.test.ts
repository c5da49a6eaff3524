// describeQuotas with live usage through @jdcloud-vm/client, and the limit overrides
// (startStub's `quotas`, the CLI's --quota / JDCLOUD_VM_STUB_QUOTAS) that make creates fail with 429.
import { type VmClient, createVmClient } from '@jdcloud-vm/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optionsFromCli } from '../src/cli-options.js';
import { DEFAULT_QUOTAS } from '../src/domain/quotas.js';
import { startStub } from '../src/index.js';
import { REGION, type TestStub, failure, seedInstance, start } from './helpers.js';

const A = { accessKeyId: 'AKQUOTAA', secretAccessKey: 'secret-a' };
const B = { accessKeyId: 'AKQUOTAB', secretAccessKey: 'secret-b' };
const CENTOS = '7168934e-8bbb-5c59-a527-f69412fcbe96';
const TEMPLATE = {
  instanceType: 'g.n2.medium',
  imageId: CENTOS,
  primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-c2p3qv0b1x' } },
};


function seedImage(stub: TestStub, account: string, imageId: string, sharedWith: string[] = []): void {
  stub.store.scope(account, REGION).images.insert(imageId, {
    imageId,
    name: imageId,
    imageSource: 'private',
    status: 'ready',
    architecture: 'x86_64',
    rootDeviceType: 'cloudDisk',
    systemDiskSizeGB: 40,
    _sharedWith: sharedWith,
  });
}

const byType = (quotas: Array<{ resourceType?: string; limit?: number; used?: number }>) =>
  Object.fromEntries(quotas.map((q) => [q.resourceType, { limit: q.limit, used: q.used }]));

describe('describeQuotas', () => {
  let stub: TestStub;
  let a: VmClient;
  let b: VmClient;

  beforeAll(async () => {
    stub = await start({ accessKeys: [`${A.accessKeyId}:${A.secretAccessKey}`, `${B.accessKeyId}:${B.secretAccessKey}`] });
    a = createVmClient({ ...A, regionId: REGION, endpoint: stub.url, retry: false });
    b = createVmClient({ ...B, regionId: REGION, endpoint: stub.url, retry: false });
  });
  afterAll(() => stub.close());

  it('a new account: every kind but imageShare, the default limits, nothing used', async () => {
    const { quotas } = await a.describeQuotas();
    expect(quotas).toEqual([
      { resourceType: 'instance', limit: 100, used: 0 },
      { resourceType: 'instance_cpu', limit: 800, used: 0 },
      { resourceType: 'instance_memory', limit: 3200, used: 0 },
      { resourceType: 'instance_local_disk', limit: 20000, used: 0 },
      { resourceType: 'keypair', limit: 20, used: 0 },
      { resourceType: 'image', limit: 50, used: 0 },
      { resourceType: 'instanceTemplate', limit: 50, used: 0 },
    ]);
    expect(DEFAULT_QUOTAS.imageShare).toBe(20);
  });

  it('usage follows the state: key pairs, templates, private images, instances (CPU, memory, local disk)', async () => {
    await a.createKeypair({ keyName: 'k1' });
    await a.createKeypair({ keyName: 'k2' });
    const template = await a.createInstanceTemplate({ name: 't1', instanceTemplateData: TEMPLATE });
    seedImage(stub, A.accessKeyId, 'img-quota001', [B.accessKeyId, 'AKSOMEONE']);
    seedImage(stub, A.accessKeyId, 'img-quota002');
    seedInstance(stub, A.accessKeyId, { instanceId: 'i-quota0001', status: 'running', instanceType: 'g.n2.large' });
    seedInstance(stub, A.accessKeyId, { instanceId: 'i-quota0002', status: 'stopped', instanceType: 'g.n1.medium' });

    let quotas = byType((await a.describeQuotas()).quotas);
    expect(quotas).toMatchObject({
      instance: { used: 2 },
      instance_cpu: { used: 3 }, // 2 + 1 cores
      instance_memory: { used: 12 }, // 8 + 4 GiB
      instance_local_disk: { used: 40 }, // g.n1.medium has a 40 GiB local disk
      keypair: { used: 2 },
      image: { used: 2 },
      instanceTemplate: { used: 1 },
    });

    await a.deleteKeypair({ keyName: 'k1' });
    await a.deleteInstanceTemplate({ instanceTemplateId: template.instanceTemplateId });
    stub.store.scope(A.accessKeyId, REGION).instances.remove('i-quota0001');
    quotas = byType((await a.describeQuotas()).quotas);
    expect(quotas).toMatchObject({
      instance: { used: 1 },
      instance_cpu: { used: 1 },
      instance_memory: { used: 4 },
      keypair: { used: 1 },
      instanceTemplate: { used: 0 },
    });

    // Per account and per region.
    expect((await b.describeQuotas()).quotas.every((q) => q.used === 0)).toBe(true);
    expect((await a.describeQuotas({ regionId: 'cn-south-1' })).quotas.every((q) => q.used === 0)).toBe(true);
  });

  it('filter resourceTypes: exact, several values; unknown types and filter names are refused', async () => {
    const { quotas } = await a.describeQuotas({ filters: [{ name: 'resourceTypes', values: ['keypair', 'image'] }] });
    expect(quotas.map((q) => q.resourceType)).toEqual(['keypair', 'image']);
    expect(await failure(a.describeQuotas({ filters: [{ name: 'resourceTypes', values: ['gpu'] }] }))).toMatchObject({
      httpStatus: 400,
      status: 'INVALID_ARGUMENT',
      message: expect.stringContaining("Unknown resource type 'gpu'"),
    });
    expect((await failure(a.describeQuotas({ filters: [{ name: 'resourceType', values: ['image'] }] }))).message).toMatch(
      /Unknown filter name 'resourceType'/,
    );
  });

  it('imageShare: the accounts one private image is shared with; needs imageId', async () => {
    expect(await failure(a.describeQuotas({ filters: [{ name: 'resourceTypes', values: ['imageShare'] }] }))).toEqual({
      httpStatus: 400,
      status: 'INVALID_ARGUMENT',
      message: 'Parameter ImageId missing',
    });
    const share = await a.describeQuotas({ filters: [{ name: 'resourceTypes', values: ['imageShare'] }], imageId: 'img-quota001' });
    expect(share.quotas).toEqual([{ resourceType: 'imageShare', limit: 20, used: 2 }]);
    const other = await a.describeQuotas({ filters: [{ name: 'resourceTypes', values: ['imageShare', 'image'] }], imageId: 'img-quota002' });
    expect(other.quotas).toEqual([
      { resourceType: 'image', limit: 50, used: 2 },
      { resourceType: 'imageShare', limit: 20, used: 0 },
    ]);
    // With imageId and no filter, imageShare is listed with the rest.
    expect((await a.describeQuotas({ imageId: 'img-quota001' })).quotas.at(-1)).toEqual({ resourceType: 'imageShare', limit: 20, used: 2 });
    // Only the caller's own private images: a public image or another account's is refused.
    for (const imageId of [CENTOS, 'img-nothere1']) {
      expect((await failure(a.describeQuotas({ filters: [{ name: 'resourceTypes', values: ['imageShare'] }], imageId }))).status).toBe(
        'INVALID_ARGUMENT',
      );
    }
    expect(
      (await failure(b.describeQuotas({ filters: [{ name: 'resourceTypes', values: ['imageShare'] }], imageId: 'img-quota001' }))).message,
    ).toContain("'img-quota001' is not a private image of this account");
    // imageId is ignored when imageShare is not asked for.
    expect((await a.describeQuotas({ filters: [{ name: 'resourceTypes', values: ['keypair'] }], imageId: CENTOS })).quotas).toHaveLength(1);
  });
});

describe('quota limits can be overridden', () => {
  let stub: TestStub;
  let vm: VmClient;

  beforeAll(async () => {
    stub = await start({ accessKeys: ['AKLIMITS:secret'], quotas: { keypair: 1, instanceTemplate: 1, instance: 0, imageShare: 3 } });
    vm = createVmClient({ accessKeyId: 'AKLIMITS', secretAccessKey: 'secret', regionId: REGION, endpoint: stub.url, retry: false });
  });
  afterAll(() => stub.close());

  it('describeQuotas reports the overridden limits, the others keep their defaults', async () => {
    expect(byType((await vm.describeQuotas()).quotas)).toMatchObject({
      keypair: { limit: 1 },
      instanceTemplate: { limit: 1 },
      instance: { limit: 0 },
      instance_cpu: { limit: 800 },
      image: { limit: 50 },
    });
    seedImage(stub, 'AKLIMITS', 'img-limits01');
    expect((await vm.describeQuotas({ imageId: 'img-limits01', filters: [{ name: 'resourceTypes', values: ['imageShare'] }] })).quotas).toEqual([
      { resourceType: 'imageShare', limit: 3, used: 0 },
    ]);
  });

  it('creates beyond the limit answer 429 QUOTA_EXCEEDED', async () => {
    await vm.createKeypair({ keyName: 'only-one' });
    expect(await failure(vm.createKeypair({ keyName: 'second' }))).toEqual({
      httpStatus: 429,
      status: 'QUOTA_EXCEEDED',
      message: 'Keypair quota limit exceeded: 1 of 1 used, 1 more requested.',
    });
    await vm.createInstanceTemplate({ name: 'one', instanceTemplateData: TEMPLATE });
    expect((await failure(vm.createInstanceTemplate({ name: 'two', instanceTemplateData: TEMPLATE }))).httpStatus).toBe(429);
    expect(byType((await vm.describeQuotas()).quotas)).toMatchObject({ keypair: { limit: 1, used: 1 }, instanceTemplate: { limit: 1, used: 1 } });
  });

  it('startStub refuses unknown quota names and bad limits', async () => {
    await expect(startStub({ port: 0, logLevel: 'silent', docsDir: false, quotas: { gpu: 1 } as never })).rejects.toThrow(
      /Unknown quota 'gpu'/,
    );
    await expect(startStub({ port: 0, logLevel: 'silent', docsDir: false, quotas: { keypair: -1 } })).rejects.toThrow(
      /non-negative integer/,
    );
  });

  it('the CLI: --quota NAME=N (repeatable) and JDCLOUD_VM_STUB_QUOTAS', () => {
    expect(optionsFromCli(['--quota', 'keypair=3', '--quota', 'instance=0'], {})).toMatchObject({ quotas: { keypair: 3, instance: 0 } });
    expect(optionsFromCli([], { JDCLOUD_VM_STUB_QUOTAS: 'image=4, imageShare=2' })).toMatchObject({ quotas: { image: 4, imageShare: 2 } });
    // The command line wins over the environment.
    expect(optionsFromCli(['--quota', 'keypair=3'], { JDCLOUD_VM_STUB_QUOTAS: 'image=4' })).toMatchObject({ quotas: { keypair: 3 } });
    expect(optionsFromCli([], {})).not.toHaveProperty('quotas');
    expect(() => optionsFromCli(['--quota', 'keypair'], {})).toThrow(/--quota takes NAME=N/);
    expect(() => optionsFromCli(['--quota', 'keypair=-1'], {})).toThrow(/--quota takes NAME=N/);
    expect(() => optionsFromCli(['--quota', 'gpu=1'], {})).toThrow(/unknown quota 'gpu'/);
  });
});
