// The describe operations of the Instance group through @jdcloud-vm/client, signing on:
// filters (exact, fuzzy, several values, nested), tags, paging and totalCount, and each answer shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGES, type InstanceStub, SUBNET, failure, launch, plainSpec, startInstanceStub } from './instance-fixtures.js';

describe('describeInstances and friends', () => {
  let env: InstanceStub;
  let alpha: string[];
  let beta: string[];
  let large: string;
  beforeAll(async () => {
    env = await startInstanceStub();
    alpha = await launch(env, { name: 'Alpha-[01]', az: 'cn-north-1a', userTags: [{ key: 'env', value: 'prod' }] }, 12);
    beta = await launch(
      env,
      {
        name: 'beta-[01]',
        az: 'cn-north-1b',
        userTags: [{ key: 'env', value: 'dev' }, { key: 'team', value: 'blue' }],
        primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-beta00001' } },
      },
      12,
    );
    [large] = (await launch(env, { name: 'solo', instanceType: 'g.n2.large', imageId: IMAGES.ubuntu, elasticIp: { bandwidthMbps: 1, provider: 'bgp' } })) as [string];
  });
  afterAll(() => env.close());

  it('pages 20 at a time by default, pageSize 10–100, totalCount counts every match', async () => {
    const first = await env.vm.describeInstances({});
    expect(first.instances).toHaveLength(20);
    expect(first.totalCount).toBe(25);
    const second = await env.vm.describeInstances({ pageNumber: 2 });
    expect(second.instances.map((i) => i.instanceId)).toEqual([...beta.slice(8), large]);
    const tens = await env.vm.describeInstances({ pageSize: 10, pageNumber: 3 });
    expect(tens.instances).toHaveLength(5);
    expect((await env.vm.describeInstances({ pageNumber: 9 })).instances).toEqual([]);
    expect(await failure(env.vm.describeInstances({ pageSize: 9 }))).toMatchObject({ httpStatus: 400, status: 'OUT_OF_RANGE' });
    expect(await failure(env.vm.describeInstances({ pageSize: 101 }))).toMatchObject({ httpStatus: 400, status: 'OUT_OF_RANGE' });
    // The client's paginate walks them all.
    const all: string[] = [];
    for await (const instance of env.vm.paginate('describeInstances', { pageSize: 10 })) all.push(instance.instanceId as string);
    expect(all).toEqual([...alpha, ...beta, large]);
  });

  it('exact, fuzzy and multi-value filters; different filters AND, values OR', async () => {
    const ids = async (filters: Array<{ name: string; values: string[] }>) =>
      (await env.vm.describeInstances({ filters, pageSize: 100 })).instances.map((i) => i.instanceId);
    expect(await ids([{ name: 'az', values: ['cn-north-1b'] }])).toEqual(beta);
    expect(await ids([{ name: 'az', values: ['cn-north-1'] }])).toEqual([]);
    expect(await ids([{ name: 'name', values: ['ALPHA-0'] }])).toEqual(alpha.slice(0, 9));
    expect(await ids([{ name: 'instanceId', values: [alpha[0] as string, beta[0] as string, 'i-nothere'] }])).toEqual([alpha[0], beta[0]]);
    expect(await ids([{ name: 'instanceType', values: ['g.n2.large'] }])).toEqual([large]);
    expect(await ids([{ name: 'imageId', values: [IMAGES.ubuntu] }])).toEqual([large]);
    expect(await ids([{ name: 'subnetId', values: ['subnet-beta00001'] }])).toEqual(beta);
    expect(
      await ids([
        { name: 'az', values: ['cn-north-1a'] },
        { name: 'name', values: ['solo'] },
      ]),
    ).toEqual([large]);
    expect(
      await ids([
        { name: 'az', values: ['cn-north-1a'] },
        { name: 'instanceId', values: [beta[0] as string] },
      ]),
    ).toEqual([]);

    const betaVpc = (await env.vm.describeInstance({ instanceId: beta[0] as string })).instance.vpcId as string;
    expect(await ids([{ name: 'vpcId', values: [betaVpc] }])).toEqual(beta);

    const { instance } = await env.vm.describeInstance({ instanceId: alpha[3] as string });
    const ip = instance.privateIpAddress as string;
    expect(await ids([{ name: 'privateIpAddress', values: [ip] }])).toEqual([alpha[3]]);
    const prefix = ip.split('.').slice(0, 2).join('.');
    expect(await ids([{ name: 'privateIpAddress', values: [`${prefix}.`] }])).toEqual(expect.arrayContaining(alpha));

    await env.vm.stopInstance({ instanceId: alpha[0] as string });
    expect(await ids([{ name: 'status', values: ['stopping', 'stopped'] }])).toEqual([alpha[0]]);
    env.settle();
    expect(await ids([{ name: 'status', values: ['stopped'] }])).toEqual([alpha[0]]);
  });

  it('networkInterfaceId finds secondary interfaces; elasticIpAddress is OR-ed with it', async () => {
    const ids = async (filters: Array<{ name: string; values: string[] }>) =>
      (await env.vm.describeInstances({ filters, pageSize: 100 })).instances.map((i) => i.instanceId);
    await env.vm.attachNetworkInterface({ instanceId: alpha[5] as string, networkInterfaceId: 'port-filter00001' });
    expect(await ids([{ name: 'networkInterfaceId', values: ['port-filter00001'] }])).toEqual([alpha[5]]);
    const primary = (await env.vm.describeInstance({ instanceId: beta[2] as string })).instance.primaryNetworkInterface?.networkInterface
      ?.networkInterfaceId as string;
    expect(await ids([{ name: 'networkInterfaceId', values: [primary] }])).toEqual([beta[2]]);

    const address = (await env.vm.describeInstance({ instanceId: large })).instance.elasticIpAddress as string;
    expect(await ids([{ name: 'elasticIpAddress', values: [address] }])).toEqual([large]);
    expect(await ids([{ name: 'elasticIpAddress', values: ['1.2.3.4'] }])).toEqual([]);
    expect(
      await ids([
        { name: 'elasticIpAddress', values: [address] },
        { name: 'networkInterfaceId', values: ['port-filter00001'] },
      ]),
    ).toEqual([alpha[5], large]);
    expect(await failure(env.vm.describeInstances({ filters: [{ name: 'elasticIpAddress', values: [address, '1.2.3.4'] }] }))).toMatchObject({
      httpStatus: 400,
      status: 'INVALID_ARGUMENT',
    });
  });

  it('describeInstance and describeInstances answer one Instance: records nested, primary interface fields repeated, no bookkeeping', async () => {
    const one = (await env.vm.describeInstance({ instanceId: large })).instance;
    const listed = (await env.vm.describeInstances({ filters: [{ name: 'instanceId', values: [large] }] })).instances;
    expect(listed).toEqual([one]);
    expect(JSON.stringify(listed[0])).toBe(JSON.stringify(one));
    expect(Object.keys(one).filter((key) => key.startsWith('_'))).toEqual([]);
    // The disk record, not the id the instance stores.
    expect(one.systemDisk?.cloudDisk).toMatchObject({ diskId: expect.stringMatching(/^vol-/), diskSizeGB: expect.any(Number), diskType: expect.any(String) });
    const nic = one.primaryNetworkInterface?.networkInterface;
    expect(nic?.subnetId).toBe(SUBNET);
    expect(one).toMatchObject({ vpcId: nic?.vpcId, subnetId: SUBNET, privateIpAddress: nic?.primaryIp?.privateIpAddress });
    expect(one.elasticIpAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(nic?.primaryIp).toMatchObject({ elasticIpId: one.elasticIpId, elasticIpAddress: one.elasticIpAddress });
  });

  it('refuses unknown filters, other operators and several values for a single-value filter', async () => {
    expect((await failure(env.vm.describeInstances({ filters: [{ name: 'color', values: ['red'] }] }))).message).toMatch(
      /^Unknown filter name 'color'/,
    );
    expect((await failure(env.vm.describeInstances({ filters: [{ name: 'az', operator: 'like', values: ['x'] }] }))).status).toBe(
      'INVALID_ARGUMENT',
    );
    expect((await failure(env.vm.describeInstances({ filters: [{ name: 'name', values: ['a', 'b'] }] }))).status).toBe('INVALID_ARGUMENT');
    // describeInstanceStatus does not know `az`.
    expect((await failure(env.vm.describeInstanceStatus({ filters: [{ name: 'az', values: ['cn-north-1a'] }] }))).status).toBe(
      'INVALID_ARGUMENT',
    );
  });

  it('tag filters: a key, or a key with accepted values', async () => {
    const ids = async (tags: Array<{ key: string; values?: string[] }>) =>
      (await env.vm.describeInstances({ tags, pageSize: 100 })).instances.map((i) => i.instanceId);
    expect(await ids([{ key: 'env' }])).toEqual([...alpha, ...beta]);
    expect(await ids([{ key: 'env', values: ['prod'] }])).toEqual(alpha);
    expect(await ids([{ key: 'env', values: ['prod', 'dev'] }])).toEqual([...alpha, ...beta]);
    expect(await ids([{ key: 'env', values: ['dev'] }, { key: 'team', values: ['blue'] }])).toEqual(beta);
    expect(await ids([{ key: 'team', values: ['red'] }])).toEqual([]);
    const brief = await env.vm.describeBriefInstances({ tags: [{ key: 'env', values: ['dev'] }], pageSize: 100 });
    expect(brief.totalCount).toBe(12);
  });

  it('describeBriefInstances, describeInstanceStatus and describeInstancePrivateIpAddress answer their own shapes', async () => {
    const { instance } = await env.vm.describeInstance({ instanceId: large });
    const brief = (await env.vm.describeBriefInstances({ filters: [{ name: 'instanceId', values: [large] }] })).instances[0];
    expect(brief).toMatchObject({
      instanceId: large,
      instanceName: 'solo',
      instanceType: 'g.n2.large',
      status: 'running',
      az: 'cn-north-1a',
      privateIpAddress: instance.privateIpAddress,
      subnetId: SUBNET,
      systemDisk: {
        diskCategory: 'cloud',
        deviceName: 'vda',
        cloudDisk: { diskId: instance.systemDisk?.cloudDisk?.diskId, diskType: 'ssd.gp1', diskSizeGB: 40 },
      },
      primaryNetworkInterface: { deviceIndex: 1, autoDelete: true },
    });
    expect(brief).not.toHaveProperty('tags');
    expect(brief).not.toHaveProperty('charge');
    expect(brief?.systemDisk?.cloudDisk).not.toHaveProperty('attachments');

    const statuses = await env.vm.describeInstanceStatus({ filters: [{ name: 'name', values: ['solo'] }] });
    expect(statuses).toEqual({ instanceStatuses: [{ instanceId: large, status: 'running' }], totalCount: 1 });
    const addresses = await env.vm.describeInstancePrivateIpAddress({ filters: [{ name: 'instanceId', values: [large] }] });
    expect(addresses).toEqual({
      instancePrivateIpAddress: [{ instanceId: large, privateIpAddress: instance.privateIpAddress }],
      totalCount: 1,
    });
    expect((await env.vm.describeInstanceStatus({ pageSize: 100 })).totalCount).toBe(25);
  });

  it('a new instance shows pending in every view until it is running', async () => {
    const { instanceIds } = await env.vm.createInstances({ instanceSpec: plainSpec({ name: 'fresh' }) });
    const id = instanceIds[0] as string;
    const filters = [{ name: 'instanceId', values: [id] }];
    expect((await env.vm.describeInstanceStatus({ filters })).instanceStatuses[0]?.status).toBe('pending');
    expect((await env.vm.describeBriefInstances({ filters })).instances[0]?.status).toBe('pending');
    expect((await env.vm.describeInstances({ filters: [{ name: 'status', values: ['pending'] }] })).instances.map((i) => i.instanceId)).toEqual([id]);
    env.settle();
    expect((await env.vm.describeInstanceStatus({ filters })).instanceStatuses[0]?.status).toBe('running');
  });
});
