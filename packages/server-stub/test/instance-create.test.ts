// createInstances through @jdcloud-vm/client, signing on: what a new instance looks like, every
// documented rule with its status, clientToken idempotency, quotas, templates and availability groups.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALICE,
  IMAGES,
  type InstanceSpec,
  type InstanceStub,
  PASSWORD,
  REGION,
  SUBNET,
  failure,
  launch,
  plainSpec,
  startInstanceStub,
} from './instance-fixtures.js';

const cloudDisk = (diskSizeGB = 100, extra: Record<string, unknown> = {}) => ({
  diskCategory: 'cloud' as const,
  cloudDiskSpec: { az: 'cn-north-1a', name: '', diskType: 'ssd.gp1' as const, diskSizeGB, ...extra },
});

describe('createInstances: the new instances', () => {
  let env: InstanceStub;
  beforeAll(async () => {
    env = await startInstanceStub();
    await env.vm.createKeypair({ keyName: 'dev-keypair' });
  });
  afterAll(() => env.close());

  it('creates a full instance: NIC, private IP, disks, elastic IP, tags, billing', async () => {
    const { instanceIds } = await env.vm.createInstances({
      maxCount: 1,
      instanceSpec: plainSpec({
        name: 'web-01',
        description: 'Front end',
        keyNames: ['dev-keypair'],
        elasticIp: { bandwidthMbps: 5, provider: 'bgp' },
        primaryNetworkInterface: { networkInterface: { subnetId: SUBNET, securityGroups: ['sg-p2d1rf3ki7'] } },
        systemDisk: {
          diskCategory: 'cloud',
          autoDelete: true,
          cloudDiskSpec: { az: 'cn-north-1a', name: 'web-01-sys', diskType: 'ssd.gp1', diskSizeGB: 60 },
        },
        dataDisks: [
          {
            diskCategory: 'cloud',
            autoDelete: true,
            deviceName: 'vdc',
            cloudDiskSpec: { az: 'cn-north-1b', name: 'web-01-data', diskType: 'ssd.io1', diskSizeGB: 100, iops: 3000 },
          },
          cloudDisk(200),
        ],
        userTags: [{ key: 'env', value: 'prod' }],
        chargeOnStopped: 'stopCharging',
      }),
    });
    const id = instanceIds[0] as string;
    env.settle();
    const { instance } = await env.vm.describeInstance({ instanceId: id });
    expect(instance).toMatchObject({
      instanceId: id,
      instanceName: 'web-01',
      hostname: 'web-01',
      instanceType: 'g.n2.medium',
      status: 'running',
      description: 'Front end',
      imageId: IMAGES.centos,
      az: 'cn-north-1a',
      keyNames: ['dev-keypair'],
      tags: [{ key: 'env', value: 'prod' }],
      chargeOnStopped: 'stopCharging',
      osType: 'linux',
      platform: 'CentOS',
      osVersion: '7.9',
      architecture: 'x86_64',
      bootMode: 'bios',
      subnetId: SUBNET,
      charge: { chargeMode: 'postpaid_by_duration', chargeStatus: 'normal' },
      secondaryNetworkInterfaces: [],
    });
    expect(instance.launchTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(instance.vpcId).toMatch(/^vpc-[0-9a-z]+$/);
    expect(instance.privateIpAddress).toMatch(/^10\.\d+\.\d+\.\d+$/);
    expect(instance.elasticIpId).toMatch(/^fip-[0-9a-z]+$/);
    expect(instance.elasticIpAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);

    const nic = instance.primaryNetworkInterface;
    expect(nic).toMatchObject({ deviceIndex: 1, autoDelete: true });
    expect(nic?.networkInterface).toMatchObject({
      subnetId: SUBNET,
      vpcId: instance.vpcId,
      securityGroups: [{ groupId: 'sg-p2d1rf3ki7' }],
      primaryIp: {
        privateIpAddress: instance.privateIpAddress,
        elasticIpId: instance.elasticIpId,
        elasticIpAddress: instance.elasticIpAddress,
      },
    });
    expect(nic?.networkInterface?.networkInterfaceId).toMatch(/^port-[0-9a-z]+$/);
    expect(nic?.networkInterface?.macAddress).toMatch(/^fa:16:3e(:[0-9a-f]{2}){3}$/);

    expect(instance.systemDisk).toMatchObject({
      diskCategory: 'cloud',
      autoDelete: true,
      deviceName: 'vda',
      status: 'attached',
      cloudDisk: { name: 'web-01-sys', diskType: 'ssd.gp1', diskSizeGB: 60, az: 'cn-north-1a', status: 'in-use' },
    });
    expect(instance.systemDisk?.cloudDisk?.diskId).toMatch(/^vol-[0-9a-z]+$/);
    expect(instance.systemDisk?.cloudDisk?.attachments).toMatchObject([{ instanceId: id, status: 'attached' }]);
    // Disks take the instance's zone; unnamed ones take the instance's name; free device names follow.
    expect(instance.dataDisks).toMatchObject([
      { deviceName: 'vdc', autoDelete: true, cloudDisk: { name: 'web-01-data', az: 'cn-north-1a', diskType: 'ssd.io1', iops: 3000 } },
      { deviceName: 'vdb', autoDelete: false, cloudDisk: { name: 'web-012', diskSizeGB: 200 } },
    ]);

    const { keypairs } = await env.vm.describeKeypairs({});
    expect(keypairs?.find((k) => k.keyName === 'dev-keypair')?.instanceIds).toEqual([id]);
    // Nothing internal leaks.
    expect(JSON.stringify(instance)).not.toMatch(/"_|password/i);
  });

  it('numbers a batch with [start_number]; host names get 1, 2, … without it', async () => {
    const { instanceIds } = await env.vm.createInstances({
      maxCount: 3,
      instanceSpec: plainSpec({ name: 'app-[008]-ops', hostname: 'app' }),
    });
    env.settle();
    const { instances } = await env.vm.describeInstances({ filters: [{ name: 'instanceId', values: instanceIds }] });
    expect(instances.map((i) => i.instanceName)).toEqual(['app-008-ops', 'app-009-ops', 'app-010-ops']);
    expect(instances.map((i) => i.hostname)).toEqual(['app1', 'app2', 'app3']);
    const addresses = instances.map((i) => i.privateIpAddress);
    expect(new Set(addresses).size).toBe(3);

    const same = await env.vm.createInstances({ maxCount: 2, instanceSpec: plainSpec({ name: 'plain', hostname: 'node-[1]' }) });
    env.settle();
    const twins = (await env.vm.describeInstances({ filters: [{ name: 'instanceId', values: same.instanceIds }] })).instances;
    expect(twins.map((i) => i.instanceName)).toEqual(['plain', 'plain']);
    expect(twins.map((i) => i.hostname)).toEqual(['node-1', 'node-2']);
  });

  it('a local-disk image gives a local system disk of 40 GiB that goes with the instance', async () => {
    const [id] = await launch(env, { instanceType: 'g.n1.medium', imageId: IMAGES.centosLocal, dataDisks: Array.from({ length: 8 }, () => cloudDisk(20)) });
    const { instance } = await env.vm.describeInstance({ instanceId: id as string });
    expect(instance.systemDisk).toEqual({
      diskCategory: 'local',
      autoDelete: true,
      localDisk: { diskType: 'ssd', diskSizeGB: 40 },
      deviceName: 'vda',
      status: 'attached',
    });
    expect(instance.dataDisks?.map((d) => d.deviceName)).toEqual(['vdb', 'vdc', 'vdd', 'vde', 'vdf', 'vdg', 'vdh', 'vdi']);
  });

  it('the primary IP can be chosen with maxCount 1 and must be free in the subnet', async () => {
    const [id] = await launch(env, {
      primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-fixedip01', primaryIpAddress: '10.0.8.8' } },
    });
    expect((await env.vm.describeInstance({ instanceId: id as string })).instance.privateIpAddress).toBe('10.0.8.8');
    const taken = await failure(
      env.vm.createInstances({
        instanceSpec: plainSpec({ primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-fixedip01', primaryIpAddress: '10.0.8.8' } } }),
      }),
    );
    expect(taken).toEqual({
      httpStatus: 400,
      status: 'FAILED_PRECONDITION',
      message: "Private IP '10.0.8.8' is already in use in subnet 'subnet-fixedip01'.",
    });
    // Another subnet, or another account, may use the same address.
    await launch(env, { primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-fixedip02', primaryIpAddress: '10.0.8.8' } } });
    await env.bob.createInstances({
      instanceSpec: plainSpec({ primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-fixedip01', primaryIpAddress: '10.0.8.8' } } }),
    });
  });

  it('a repeated clientToken returns the same instance ids and creates nothing', async () => {
    const before = (await env.vm.describeInstanceStatus({ pageSize: 100 })).totalCount;
    const token = 'retry-5f1c7e2a-0b9d';
    const first = await env.vm.createInstances({ clientToken: token, maxCount: 2, instanceSpec: plainSpec({ name: 'idem' }) });
    const again = await env.vm.createInstances({ clientToken: token, maxCount: 2, instanceSpec: plainSpec({ name: 'idem' }) });
    expect(again.instanceIds).toEqual(first.instanceIds);
    expect((await env.vm.describeInstanceStatus({ pageSize: 100 })).totalCount).toBe(before + 2);
    // The token is the account's: another account creates its own.
    const bobs = await env.bob.createInstances({ clientToken: token, instanceSpec: plainSpec({ name: 'idem' }) });
    expect(bobs.instanceIds[0]).not.toBe(first.instanceIds[0]);
    env.settle();
  });

  it('maxCount is 1 to 100; stock and quota may leave room for fewer', async () => {
    const over = await failure(env.vm.createInstances({ maxCount: 101, instanceSpec: plainSpec() }));
    expect(over).toMatchObject({ httpStatus: 400, status: 'OUT_OF_RANGE' });
    expect((await failure(env.vm.createInstances({ maxCount: 0, instanceSpec: plainSpec() }))).status).toBe('OUT_OF_RANGE');
    const withIp = await failure(
      env.vm.createInstances({
        maxCount: 2,
        instanceSpec: plainSpec({ primaryNetworkInterface: { networkInterface: { subnetId: SUBNET, primaryIpAddress: '10.1.1.1' } } }),
      }),
    );
    expect(withIp).toMatchObject({ httpStatus: 400, status: 'INVALID_ARGUMENT' });
    expect(withIp.message).toContain('primaryIpAddress may only be set when maxCount is 1');
  });
});

describe('createInstances: the documented rules', () => {
  let env: InstanceStub;
  beforeAll(async () => {
    env = await startInstanceStub();
  });
  afterAll(() => env.close());

  const refused = async (spec: Partial<InstanceSpec>, maxCount = 1) =>
    failure(env.vm.createInstances({ instanceSpec: plainSpec(spec), maxCount }));

  it('zone, type and image: unknown → 404, not on sale or not allowed → FAILED_PRECONDITION', async () => {
    expect(await refused({ az: 'cn-east-2a' })).toMatchObject({ httpStatus: 400, status: 'INVALID_ARGUMENT' });
    expect(await refused({ instanceType: 'x.n9.huge' })).toEqual({
      httpStatus: 404,
      status: 'NOT_FOUND',
      message: "InstanceType 'x.n9.huge' not found.",
    });
    expect(await refused({ instanceType: 'm.n2.8xlarge', az: 'cn-north-1b' })).toEqual({
      httpStatus: 400,
      status: 'FAILED_PRECONDITION',
      message: "InstanceType 'm.n2.8xlarge' is out of stock in cn-north-1b.",
    });
    expect(await refused({ imageId: 'img-doesnotexist' })).toEqual({
      httpStatus: 404,
      status: 'NOT_FOUND',
      message: "Image 'img-doesnotexist' not found.",
    });
    const constraint = await refused({ imageId: IMAGES.windows, instanceType: 'g.n2.medium' });
    expect(constraint.status).toBe('FAILED_PRECONDITION');
    expect(constraint.message).toMatch(/^Image constraints/);
    expect((await refused({ imageId: IMAGES.ubuntuArm })).message).toMatch(/^Image constraints/);
    expect((await refused({ imageId: IMAGES.offline })).message).toContain('offline');
    // A local-disk image needs a type with local disks; a cloud image refuses a local system disk.
    expect((await refused({ imageId: IMAGES.centosLocal })).message).toMatch(/^Image constraints. Only support local system disk/);
    expect((await refused({ systemDisk: { diskCategory: 'local' } })).message).toMatch(/^Image constraints. Only support cloud system disk/);
    // Private images of other accounts are invisible.
    env.stub.store.scope('AK_SOMEONE', REGION).images.insert('img-notyours01', {
      imageId: 'img-notyours01',
      status: 'ready',
      imageSource: 'private',
      rootDeviceType: 'cloudDisk',
      osType: 'linux',
    });
    expect((await refused({ imageId: 'img-notyours01' })).httpStatus).toBe(404);
  });

  it('an image that is not ready is refused', async () => {
    env.stub.store.scope(ALICE.accessKeyId, REGION).images.insert('img-creating01', {
      imageId: 'img-creating01',
      status: 'pending',
      imageSource: 'private',
      rootDeviceType: 'cloudDisk',
      osType: 'linux',
      systemDiskSizeGB: 40,
    });
    const error = await refused({ imageId: 'img-creating01' });
    expect(error).toMatchObject({ httpStatus: 400, status: 'FAILED_PRECONDITION' });
    expect(error.message).toContain('pending');
  });

  it('names, host names and passwords', async () => {
    for (const name of ['x', '.web', 'web.', 'web 01', '[1]-web', 'a'.repeat(129)]) {
      expect((await refused({ name })).status, name).toMatch(/INVALID_ARGUMENT|OUT_OF_RANGE/);
    }
    await launch(env, { name: '网站-01.prod_a' });
    expect((await refused({ hostname: 'bad--host' })).status).toBe('INVALID_ARGUMENT');
    expect((await refused({ imageId: IMAGES.windows, instanceType: 'g.n2.large', hostname: 'much-too-long-for-windows' })).status).toBe(
      'INVALID_ARGUMENT',
    );
    for (const password of ['short1!', 'alllowercase1', 'Abc12345!', 'Zz9!cloudy', 'Qaz#9m2Kp']) {
      const error = await refused({ password });
      expect(error.status, password).toBe('INVALID_ARGUMENT');
      if (password.length >= 8) expect(error.message).toMatch(/^Invalid password/);
    }
    // With a key pair and passwordAuth no, the password is ignored.
    await env.vm.createKeypair({ keyName: 'only-key' });
    await launch(env, { keyNames: ['only-key'], passwordAuth: 'no', password: 'whatever-weak' });
  });

  it('key pairs must exist, one at most, Linux only', async () => {
    expect(await refused({ keyNames: ['missing-key'] })).toEqual({
      httpStatus: 404,
      status: 'NOT_FOUND',
      message: "Keypair 'missing-key' not found.",
    });
    await env.vm.createKeypair({ keyName: 'k1' });
    await env.vm.createKeypair({ keyName: 'k2' });
    expect((await refused({ keyNames: ['k1', 'k2'] })).status).toBe('INVALID_ARGUMENT');
    expect((await refused({ keyNames: ['k1'], imageId: IMAGES.windows, instanceType: 'g.n2.large' })).message).toContain('Linux');
  });

  it('network: a subnet is needed, at most 5 security groups', async () => {
    const noSubnet = await refused({ primaryNetworkInterface: undefined });
    expect(noSubnet).toMatchObject({ httpStatus: 400, status: 'INVALID_ARGUMENT' });
    expect(noSubnet.message).toContain('subnetId is required');
    const six = Array.from({ length: 6 }, (_, i) => `sg-group000${i}`);
    const groups = await refused({ primaryNetworkInterface: { networkInterface: { subnetId: SUBNET, securityGroups: six } } });
    expect(groups).toMatchObject({ httpStatus: 400, status: 'OUT_OF_RANGE' });
    await launch(env, { primaryNetworkInterface: { networkInterface: { subnetId: SUBNET, securityGroups: six.slice(0, 5) } } });
    expect(
      (await refused({ primaryNetworkInterface: { networkInterface: { subnetId: SUBNET, primaryIpAddress: '10.0.0.300' } } })).status,
    ).toBe('INVALID_ARGUMENT');
    const ipv6 = (networkInterface: Record<string, unknown>) => ({
      primaryNetworkInterface: { networkInterface: { subnetId: SUBNET, ...networkInterface } },
    });
    expect((await refused(ipv6({ ipv6Address: '240e::1', ipv6AddressCount: 1 }))).status).toBe('INVALID_ARGUMENT');
    expect((await refused(ipv6({ ipv6Address: '240e::1' }), 2)).status).toBe('INVALID_ARGUMENT');
    const [v6] = (await launch(env, ipv6({ ipv6AddressCount: 1 }))) as [string];
    const addresses = (await env.vm.describeInstance({ instanceId: v6 })).instance.primaryNetworkInterface?.networkInterface?.ipv6Addresses;
    expect(addresses).toHaveLength(1);
    expect(addresses?.[0]?.ipv6Address).toContain(':');
    expect((await refused({ elasticIp: { bandwidthMbps: 1001, provider: 'bgp' } })).status).toBe('OUT_OF_RANGE');
    expect(
      (await refused({ elasticIp: { bandwidthMbps: 300, provider: 'bgp', chargeSpec: { chargeMode: 'postpaid_by_usage' } } })).status,
    ).toBe('OUT_OF_RANGE');
  });

  it('disks: 7 data disks with a cloud system disk, 8 with a local one, the type limit, sizes and steps', async () => {
    const eight = Array.from({ length: 8 }, () => cloudDisk(20));
    const cloudSystem = await refused({ dataDisks: eight });
    expect(cloudSystem).toMatchObject({ httpStatus: 400, status: 'OUT_OF_RANGE' });
    expect(cloudSystem.message).toContain('at most 7 data disks with a cloud system disk');
    await launch(env, { dataDisks: eight.slice(0, 7) });
    const nine = await refused({ instanceType: 'g.n1.medium', imageId: IMAGES.centosLocal, dataDisks: [...eight, cloudDisk(20)] });
    expect(nine.message).toContain('at most 8 data disks with a local system disk');
    const typeLimit = await refused({ instanceType: 't.n2.small', dataDisks: eight.slice(0, 4) });
    expect(typeLimit.message).toContain("'t.n2.small' allows 4 cloud disks");

    expect((await refused({ dataDisks: [cloudDisk(25)] })).status).toBe('OUT_OF_RANGE');
    expect((await refused({ dataDisks: [cloudDisk(16010)] })).status).toBe('OUT_OF_RANGE');
    expect((await refused({ dataDisks: [cloudDisk(1010, { diskType: 'ssd' })], instanceType: 'g.n1.medium', imageId: IMAGES.centosLocal })).status).toBe(
      'OUT_OF_RANGE',
    );
    expect((await refused({ dataDisks: [cloudDisk(100, { diskType: 'ssd.io1', iops: 6000 })] })).status).toBe('OUT_OF_RANGE');
    expect((await refused({ dataDisks: [{ diskCategory: 'local', cloudDiskSpec: cloudDisk().cloudDiskSpec }] })).status).toBe(
      'INVALID_ARGUMENT',
    );
    expect((await refused({ dataDisks: [{ ...cloudDisk(), deviceName: 'vda' }] })).status).toBe('INVALID_ARGUMENT');
    expect((await refused({ dataDisks: [{ ...cloudDisk(), deviceName: 'vdb' }, { ...cloudDisk(), deviceName: 'vdb' }] })).status).toBe(
      'INVALID_ARGUMENT',
    );
    // A disk type the instance type does not offer.
    expect((await refused({ instanceType: 't.n2.small', dataDisks: [cloudDisk(100, { diskType: 'ssd.io1' })] })).status).toBe(
      'FAILED_PRECONDITION',
    );
    // System disk: 40–500 GiB and not below the image's.
    const sys = (diskSizeGB: number) => ({ cloudDiskSpec: { az: 'cn-north-1a', name: '', diskType: 'ssd.gp1' as const, diskSizeGB } });
    expect((await refused({ systemDisk: sys(510) })).status).toBe('OUT_OF_RANGE');
    expect((await refused({ systemDisk: sys(40), imageId: IMAGES.windows, instanceType: 'g.n2.large' })).status).toBe('OUT_OF_RANGE');
    const [windows] = await launch(env, { imageId: IMAGES.windows, instanceType: 'g.n2.large' });
    const { instance } = await env.vm.describeInstance({ instanceId: windows as string });
    expect(instance.systemDisk?.cloudDisk?.diskSizeGB).toBe(50);
    expect(instance.osType).toBe('windows');
  });

  it("a whole-machine image brings its data disks; noDevice leaves one out", async () => {
    env.stub.store.scope(ALICE.accessKeyId, REGION).images.insert('img-wholemachine', {
      imageId: 'img-wholemachine',
      name: 'whole machine',
      status: 'ready',
      imageSource: 'private',
      rootDeviceType: 'cloudDisk',
      osType: 'linux',
      platform: 'CentOS',
      architecture: 'x86_64',
      systemDiskSizeGB: 40,
      dataDisks: [
        { diskCategory: 'cloud', deviceName: 'vdb', cloudDisk: { diskType: 'ssd.gp1', diskSizeGB: 100, snapshotId: 'snapshot-abc0000001' } },
        { diskCategory: 'cloud', deviceName: 'vdc', cloudDisk: { diskType: 'hdd.std1', diskSizeGB: 200 } },
      ],
    });
    const [all] = (await launch(env, { imageId: 'img-wholemachine' })) as [string];
    const disks = (await env.vm.describeInstance({ instanceId: all })).instance.dataDisks;
    expect(disks?.map((d) => [d.deviceName, d.cloudDisk?.diskSizeGB, d.cloudDisk?.snapshotId])).toEqual([
      ['vdb', 100, 'snapshot-abc0000001'],
      ['vdc', 200, undefined],
    ]);
    const [some] = (await launch(env, { imageId: 'img-wholemachine', dataDisks: [{ deviceName: 'vdb', noDevice: true }] })) as [string];
    expect((await env.vm.describeInstance({ instanceId: some })).instance.dataDisks?.map((d) => d.deviceName)).toEqual(['vdc']);
    expect((await refused({ imageId: 'img-wholemachine', dataDisks: [{ noDevice: true }] })).status).toBe('INVALID_ARGUMENT');
  });

  it('billing: no pay-by-usage instances; prepaid terms; stopCharging rules', async () => {
    expect((await refused({ charge: { chargeMode: 'postpaid_by_usage' } })).status).toBe('INVALID_ARGUMENT');
    expect((await refused({ charge: { chargeMode: 'prepaid_by_duration', chargeUnit: 'month', chargeDuration: 10 } })).status).toBe(
      'OUT_OF_RANGE',
    );
    expect((await refused({ charge: { chargeMode: 'prepaid_by_duration', chargeUnit: 'year', chargeDuration: 4 } })).status).toBe(
      'OUT_OF_RANGE',
    );
    const prepaidStop = await refused({ charge: { chargeMode: 'prepaid_by_duration' }, chargeOnStopped: 'stopCharging' });
    expect(prepaidStop.status).toBe('FAILED_PRECONDITION');
    const local = await refused({ instanceType: 'g.n1.medium', imageId: IMAGES.centosLocal, chargeOnStopped: 'stopCharging' });
    expect(local.status).toBe('FAILED_PRECONDITION');
  });

  it('tags, metadata and launch scripts', async () => {
    expect((await refused({ userTags: [{ key: 'jdc-reserved', value: 'x' }] })).status).toBe('INVALID_ARGUMENT');
    expect((await refused({ userTags: [{ key: 'bad key', value: 'x' }] })).status).toBe('INVALID_ARGUMENT');
    expect((await refused({ userTags: Array.from({ length: 11 }, (_, i) => ({ key: `k${i}`, value: 'v' })) })).httpStatus).toBe(400);
    expect((await refused({ userdata: [{ key: 'launch-script', value: '%%%' }] })).status).toBe('INVALID_ARGUMENT');
    const big = Buffer.alloc(16 * 1024 + 1, 'a').toString('base64');
    expect((await refused({ userdata: [{ key: 'launch-script', value: big }] })).status).toBe('INVALID_ARGUMENT');
  });
});

describe('createInstances: quotas', () => {
  let env: InstanceStub;
  beforeAll(async () => {
    env = await startInstanceStub({ quotas: { instance: 5, instance_cpu: 12 } });
  });
  afterAll(() => env.close());

  it('instances and CPU count against the quota (429), nothing is half-created, deletion gives it back', async () => {
    const ids = await launch(env, {}, 4);
    const over = await failure(env.vm.createInstances({ maxCount: 2, instanceSpec: plainSpec() }));
    expect(over).toMatchObject({ httpStatus: 429, status: 'QUOTA_EXCEEDED' });
    expect(over.message).toBe('Instance quota limit exceeded: 4 of 5 used, 2 more requested.');
    expect((await env.vm.describeInstanceStatus({})).totalCount).toBe(4);
    // 4 × 1 CPU used; a 16-CPU type does not fit in 12.
    const cpu = await failure(env.vm.createInstances({ instanceSpec: plainSpec({ instanceType: 'g.n2.4xlarge' }) }));
    expect(cpu).toMatchObject({ httpStatus: 429, status: 'QUOTA_EXCEEDED' });
    expect(cpu.message).toContain('CPU');
    const { quotas } = await env.vm.describeQuotas({ filters: [{ name: 'resourceTypes', values: ['instance', 'instance_cpu'] }] });
    expect(quotas).toEqual(
      expect.arrayContaining([
        { resourceType: 'instance', limit: 5, used: 4 },
        { resourceType: 'instance_cpu', limit: 12, used: 4 },
      ]),
    );
    await env.vm.deleteInstance({ instanceId: ids[0] as string });
    env.settle();
    await launch(env, {}, 2);
    expect((await env.vm.describeInstanceStatus({})).totalCount).toBe(5);
  });
});

describe('createInstances: templates and availability groups', () => {
  let env: InstanceStub;
  const templates = () => env.stub.store.scope(ALICE.accessKeyId, REGION).instanceTemplates;
  beforeAll(async () => {
    env = await startInstanceStub();
    await env.vm.createKeypair({ keyName: 'tpl-key' });
    templates().insert('it-webtemplate', {
      id: 'it-webtemplate',
      name: 'web',
      createdTime: '2024-05-01T08:00:00Z',
      ags: [{ id: 'ag-81qqw1m4u5', name: 'web-ag' }],
      instanceTemplateData: {
        instanceType: 'g.n2.large',
        imageId: IMAGES.ubuntu,
        vpcId: 'vpc-z9r3ky7u2c',
        includePassword: true,
        keyNames: ['tpl-key'],
        chargeOnStopped: 'stopCharging',
        systemDisk: { diskCategory: 'cloud', instanceTemplateDisk: { diskType: 'ssd.gp1', diskSizeGB: 80 } },
        dataDisks: [
          { diskCategory: 'cloud', deviceName: 'vdb', autoDelete: true, instanceTemplateDisk: { diskType: 'hdd.std1', diskSizeGB: 500 } },
          { diskCategory: 'cloud', deviceName: 'vdc', instanceTemplateDisk: { diskType: 'ssd.gp1', diskSizeGB: 50 } },
        ],
        primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-tpl000001', securityGroups: ['sg-tplgroup1'] } },
        elasticIp: { bandwidthMbps: 10, provider: 'BGP', chargeMode: 'flow' },
        instanceTags: [{ key: 'from', value: 'template' }],
      },
      _password: PASSWORD,
    });
  });
  afterAll(() => env.close());

  it('what the request leaves out comes from the template; what it gives wins', async () => {
    const { instanceIds } = await env.vm.createInstances({
      instanceSpec: {
        instanceTemplateId: 'it-webtemplate',
        az: 'cn-north-1c',
        name: 'from-tpl',
        dataDisks: [{ deviceName: 'vdc', noDevice: true }, cloudDisk(30)],
      },
    });
    env.settle();
    const { instance } = await env.vm.describeInstance({ instanceId: instanceIds[0] as string });
    expect(instance).toMatchObject({
      instanceType: 'g.n2.large',
      imageId: IMAGES.ubuntu,
      az: 'cn-north-1c',
      keyNames: ['tpl-key'],
      chargeOnStopped: 'stopCharging',
      vpcId: 'vpc-z9r3ky7u2c',
      subnetId: 'subnet-tpl000001',
      tags: [{ key: 'from', value: 'template' }],
      systemDisk: { cloudDisk: { diskSizeGB: 80 } },
    });
    expect(instance.elasticIpId).toMatch(/^fip-/);
    expect(instance.primaryNetworkInterface?.networkInterface?.securityGroups).toEqual([{ groupId: 'sg-tplgroup1' }]);
    expect(instance.dataDisks?.map((d) => [d.deviceName, d.cloudDisk?.diskType, d.cloudDisk?.diskSizeGB])).toEqual([
      ['vdb', 'hdd.std1', 500],
      ['vdc', 'ssd.gp1', 30],
    ]);

    const overridden = await env.vm.createInstances({
      instanceSpec: {
        instanceTemplateId: 'it-webtemplate',
        az: 'cn-north-1a',
        name: 'override',
        instanceType: 'g.n2.xlarge',
        noKeyNames: true,
        noElasticIp: true,
        noInstanceTags: true,
        chargeOnStopped: 'keepCharging',
        primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-own000001' } },
      },
    });
    env.settle();
    const other = (await env.vm.describeInstance({ instanceId: overridden.instanceIds[0] as string })).instance;
    expect(other).toMatchObject({ instanceType: 'g.n2.xlarge', keyNames: [], tags: [], subnetId: 'subnet-own000001' });
    expect(other.elasticIpId).toBeUndefined();
    expect(other.vpcId).not.toBe('vpc-z9r3ky7u2c');
    // keepCharging equals the document's default: the template's setting stays.
    expect(other.chargeOnStopped).toBe('stopCharging');
  });

  it('an unknown template or availability group is 404', async () => {
    expect(
      await failure(env.vm.createInstances({ instanceSpec: { instanceTemplateId: 'it-nosuchthing', az: 'cn-north-1a', name: 'x1' } })),
    ).toEqual({ httpStatus: 404, status: 'NOT_FOUND', message: "InstanceTemplate 'it-nosuchthing' not found." });
    expect(await failure(env.vm.createInstances({ instanceSpec: { agId: 'ag-nosuchgroup', name: 'x1' } }))).toEqual({
      httpStatus: 404,
      status: 'NOT_FOUND',
      message: "Availability group 'ag-nosuchgroup' not found.",
    });
  });

  it('in an availability group only name, description, tags and the private IP may be given', async () => {
    const { instanceIds } = await env.vm.createInstances({
      maxCount: 2,
      instanceSpec: { agId: 'ag-81qqw1m4u5', name: 'worker', userTags: [{ key: 'environment', value: 'test' }] },
    });
    env.settle();
    const { instances } = await env.vm.describeInstances({ filters: [{ name: 'agId', values: ['ag-81qqw1m4u5'] }] });
    expect(instances.map((i) => i.instanceId).sort()).toEqual([...instanceIds].sort());
    expect(instances[0]).toMatchObject({
      ag: { id: 'ag-81qqw1m4u5', name: 'web-ag' },
      instanceType: 'g.n2.large',
      az: 'cn-north-1a',
      tags: [{ key: 'environment', value: 'test' }],
    });
    const error = await failure(env.vm.createInstances({ instanceSpec: { agId: 'ag-81qqw1m4u5', name: 'worker', instanceType: 'g.n2.xlarge' } }));
    expect(error).toMatchObject({ httpStatus: 400, status: 'INVALID_ARGUMENT' });
    expect(error.message).toContain('instanceSpec.instanceType cannot be given with agId');
  });
});
