// Disks, network interfaces and elastic IPs of other services on instances, through
// @jdcloud-vm/client with signing on: accepted by well-formed id, tracked, never on two
// instances at once, released (or deleted) with the instance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGES, type InstanceStub, failure, launch, launchStopped, plainSpec, startInstanceStub, statusOf } from './instance-fixtures.js';

describe('attachDisk / detachDisk', () => {
  let env: InstanceStub;
  beforeAll(async () => {
    env = await startInstanceStub();
  });
  afterAll(() => env.close());

  it('attaches a disk by id, refuses it on a second instance, and lets it go on detach', async () => {
    const [a, b] = (await launch(env, {}, 2)) as [string, string];
    await env.vm.attachDisk({ instanceId: a, diskId: 'vol-external001', autoDelete: false });
    const { instance } = await env.vm.describeInstance({ instanceId: a });
    expect(instance.dataDisks).toMatchObject([
      {
        diskCategory: 'cloud',
        deviceName: 'vdb',
        autoDelete: false,
        status: 'attached',
        cloudDisk: { diskId: 'vol-external001', status: 'in-use', az: 'cn-north-1a', attachments: [{ instanceId: a }] },
      },
    ]);
    const again = await failure(env.vm.attachDisk({ instanceId: a, diskId: 'vol-external001' }));
    expect(again).toEqual({ httpStatus: 400, status: 'FAILED_PRECONDITION', message: `Disk 'vol-external001' already attached to instance '${a}'.` });
    const elsewhere = await failure(env.vm.attachDisk({ instanceId: b, diskId: 'vol-external001' }));
    expect(elsewhere).toMatchObject({ httpStatus: 400, status: 'FAILED_PRECONDITION' });
    expect(elsewhere.message).toMatch(/^Disk attachment limit exceeded/);

    await env.vm.detachDisk({ instanceId: a, diskId: 'vol-external001' });
    expect((await env.vm.describeInstance({ instanceId: a })).instance.dataDisks).toEqual([]);
    await env.vm.attachDisk({ instanceId: b, diskId: 'vol-external001', deviceName: 'vdf' });
    expect((await env.vm.describeInstance({ instanceId: b })).instance.dataDisks?.[0]).toMatchObject({
      deviceName: 'vdf',
      cloudDisk: { diskId: 'vol-external001', attachments: [{ instanceId: b }] },
    });
    const unknown = await failure(env.vm.detachDisk({ instanceId: a, diskId: 'vol-external001' }));
    expect(unknown).toMatchObject({ httpStatus: 404, status: 'NOT_FOUND' });
  });

  it('device names: vdb to vdbm, unused; vda only as the system disk of a stopped instance', async () => {
    const [id] = (await launch(env)) as [string];
    await env.vm.attachDisk({ instanceId: id, diskId: 'vol-devname001', deviceName: 'vdc' });
    const used = await failure(env.vm.attachDisk({ instanceId: id, diskId: 'vol-devname002', deviceName: 'vdc' }));
    expect(used).toEqual({ httpStatus: 400, status: 'FAILED_PRECONDITION', message: "DeviceName 'vdc' has been used." });
    expect((await failure(env.vm.attachDisk({ instanceId: id, diskId: 'vol-devname002', deviceName: 'sdb' }))).status).toBe(
      'INVALID_ARGUMENT',
    );
    await env.vm.attachDisk({ instanceId: id, diskId: 'vol-devname002', deviceName: 'vdbm' });
    // The system disk: only on a stopped instance, and only when it has none.
    const running = await failure(env.vm.attachDisk({ instanceId: id, diskId: 'vol-devname003', deviceName: 'vda' }));
    expect(running.message).toMatch(/^Invalid instance status/);
    await env.vm.stopInstance({ instanceId: id });
    env.settle();
    const duplicated = await failure(env.vm.attachDisk({ instanceId: id, diskId: 'vol-devname003', deviceName: 'vda' }));
    expect(duplicated.message).toMatch(/^Duplicated system disk/);
  });

  it('the system disk is only detached from a stopped instance', async () => {
    const [id] = (await launch(env)) as [string];
    const system = (await env.vm.describeInstance({ instanceId: id })).instance.systemDisk?.cloudDisk?.diskId as string;
    const error = await failure(env.vm.detachDisk({ instanceId: id, diskId: system }));
    expect(error).toMatchObject({ httpStatus: 400, status: 'FAILED_PRECONDITION' });
    expect(error.message).toMatch(/^Please stop the instance first/);
    await env.vm.stopInstance({ instanceId: id });
    env.settle();
    await env.vm.detachDisk({ instanceId: id, diskId: system });
    expect((await env.vm.describeInstance({ instanceId: id })).instance.systemDisk).toBeUndefined();
  });

  it('7 data disks with a cloud system disk: the 8th is refused; the type limit counts too', async () => {
    const [id] = (await launch(env)) as [string];
    for (let i = 0; i < 7; i += 1) await env.vm.attachDisk({ instanceId: id, diskId: `vol-limit00${i}` });
    const eighth = await failure(env.vm.attachDisk({ instanceId: id, diskId: 'vol-limit007' }));
    expect(eighth).toMatchObject({ httpStatus: 400, status: 'FAILED_PRECONDITION' });
    expect(eighth.message).toMatch(/^DataDisks out of range/);

    const [local] = (await launch(env, { instanceType: 'g.n1.medium', imageId: IMAGES.centosLocal })) as [string];
    for (let i = 0; i < 8; i += 1) await env.vm.attachDisk({ instanceId: local, diskId: `vol-local000${i}` });
    expect((await failure(env.vm.attachDisk({ instanceId: local, diskId: 'vol-local0008' }))).message).toMatch(/^DataDisks out of range/);

    const [small] = (await launch(env, { instanceType: 't.n2.small' })) as [string];
    for (let i = 0; i < 3; i += 1) await env.vm.attachDisk({ instanceId: small, diskId: `vol-small000${i}` });
    expect((await failure(env.vm.attachDisk({ instanceId: small, diskId: 'vol-small0003' }))).message).toContain("'t.n2.small' allows 4 cloud disks");
  });

  it('attach and detach need a running or stopped instance with no task in progress', async () => {
    const { instanceIds } = await env.vm.createInstances({ instanceSpec: plainSpec() });
    const id = instanceIds[0] as string;
    const busy = await failure(env.vm.attachDisk({ instanceId: id, diskId: 'vol-busy00001' }));
    expect(busy.message).toBe('Conflict with underlay task createInstances');
    env.stub.store.scope('AK_ALICE_INST', 'cn-north-1').tasks.end('instance', id);
    const pending = await failure(env.vm.attachNetworkInterface({ instanceId: id, networkInterfaceId: 'port-busy00001' }));
    expect(pending.message).toBe('Invalid instance status pending');
    env.settle();
  });

  it('modifyInstanceDiskAttribute sets autoDelete on disks of the instance only', async () => {
    const [id] = (await launch(env)) as [string];
    await env.vm.attachDisk({ instanceId: id, diskId: 'vol-modify0001' });
    await env.vm.modifyInstanceDiskAttribute({ instanceId: id, dataDisks: [{ diskId: 'vol-modify0001', autoDelete: true }] });
    expect((await env.vm.describeInstance({ instanceId: id })).instance.dataDisks?.[0]?.autoDelete).toBe(true);
    const error = await failure(env.vm.modifyInstanceDiskAttribute({ instanceId: id, dataDisks: [{ diskId: 'vol-elsewhere01', autoDelete: true }] }));
    expect(error).toEqual({ httpStatus: 400, status: 'FAILED_PRECONDITION', message: `disk 'vol-elsewhere01' not mounted on instance '${id}'.` });
  });
});

describe('attachNetworkInterface / detachNetworkInterface', () => {
  let env: InstanceStub;
  beforeAll(async () => {
    env = await startInstanceStub();
  });
  afterAll(() => env.close());

  it('attaches secondary interfaces up to the type limit, never the primary one elsewhere', async () => {
    const [a, b] = (await launch(env, { instanceType: 'g.n2.medium' }, 2)) as [string, string];
    await env.vm.attachNetworkInterface({ instanceId: a, networkInterfaceId: 'port-second0001', autoDelete: true });
    const { instance } = await env.vm.describeInstance({ instanceId: a });
    expect(instance.secondaryNetworkInterfaces).toMatchObject([
      { deviceIndex: 2, autoDelete: true, networkInterface: { networkInterfaceId: 'port-second0001', vpcId: instance.vpcId, subnetId: instance.subnetId } },
    ]);
    // g.n2.medium allows 2 interfaces.
    const third = await failure(env.vm.attachNetworkInterface({ instanceId: a, networkInterfaceId: 'port-second0002' }));
    expect(third).toMatchObject({ httpStatus: 400, status: 'FAILED_PRECONDITION' });
    expect(third.message).toMatch(/^NetworkInterface limit exceeded/);
    // Attached to a, so not to b; a's primary interface neither.
    expect((await failure(env.vm.attachNetworkInterface({ instanceId: b, networkInterfaceId: 'port-second0001' }))).message).toContain(
      'attached to another instance',
    );
    const primaryOfA = instance.primaryNetworkInterface?.networkInterface?.networkInterfaceId as string;
    expect((await failure(env.vm.attachNetworkInterface({ instanceId: b, networkInterfaceId: primaryOfA }))).status).toBe('FAILED_PRECONDITION');

    const primary = await failure(env.vm.detachNetworkInterface({ instanceId: a, networkInterfaceId: primaryOfA }));
    expect(primary).toEqual({
      httpStatus: 400,
      status: 'FAILED_PRECONDITION',
      message: `Can't detach primaryNetworkInterface '${primaryOfA}' of instance '${a}'.`,
    });
    await env.vm.detachNetworkInterface({ instanceId: a, networkInterfaceId: 'port-second0001' });
    await env.vm.attachNetworkInterface({ instanceId: b, networkInterfaceId: 'port-second0001' });
    const onB = (await env.vm.describeInstance({ instanceId: b })).instance.secondaryNetworkInterfaces?.[0]?.networkInterface;
    // The interface keeps its address.
    expect(onB?.primaryIp?.privateIpAddress).toBe(instance.secondaryNetworkInterfaces?.[0]?.networkInterface?.primaryIp?.privateIpAddress);
    expect((await failure(env.vm.detachNetworkInterface({ instanceId: a, networkInterfaceId: 'port-second0001' }))).status).toBe(
      'FAILED_PRECONDITION',
    );
  });

  it('t.n2.small allows one interface only', async () => {
    const [id] = (await launch(env, { instanceType: 't.n2.small' })) as [string];
    expect((await failure(env.vm.attachNetworkInterface({ instanceId: id, networkInterfaceId: 'port-small00001' }))).message).toMatch(
      /^NetworkInterface limit exceeded/,
    );
  });

  it('modifyInstanceNetworkAttribute changes secondary interfaces only', async () => {
    const [id] = (await launch(env, { instanceType: 'g.n2.xlarge' })) as [string];
    await env.vm.attachNetworkInterface({ instanceId: id, networkInterfaceId: 'port-modify00001' });
    await env.vm.modifyInstanceNetworkAttribute({ instanceId: id, networks: [{ networkInterfaceId: 'port-modify00001', autoDelete: true }] });
    const { instance } = await env.vm.describeInstance({ instanceId: id });
    expect(instance.secondaryNetworkInterfaces?.[0]?.autoDelete).toBe(true);
    const primary = instance.primaryNetworkInterface?.networkInterface?.networkInterfaceId as string;
    const error = await failure(env.vm.modifyInstanceNetworkAttribute({ instanceId: id, networks: [{ networkInterfaceId: primary, autoDelete: false }] }));
    expect(error.message).toMatch(/^Can't modify primaryNetworkInterface/);
    expect(
      (await failure(env.vm.modifyInstanceNetworkAttribute({ instanceId: id, networks: [{ networkInterfaceId: 'port-notmine0001' }] }))).message,
    ).toBe(`NetworkInterface 'port-notmine0001' not mounted on instance '${id}'.`);
  });
});

describe('associateElasticIp / disassociateElasticIp', () => {
  let env: InstanceStub;
  beforeAll(async () => {
    env = await startInstanceStub();
  });
  afterAll(() => env.close());

  it('one elastic IP on the primary interface; a bound one cannot go elsewhere', async () => {
    const [a, b] = (await launch(env, {}, 2)) as [string, string];
    await env.vm.associateElasticIp({ instanceId: a, elasticIpId: 'fip-z1z1m3j5ob' });
    const { instance } = await env.vm.describeInstance({ instanceId: a });
    expect(instance.elasticIpId).toBe('fip-z1z1m3j5ob');
    expect(instance.elasticIpAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(instance.primaryNetworkInterface?.networkInterface?.primaryIp).toMatchObject({
      elasticIpId: 'fip-z1z1m3j5ob',
      elasticIpAddress: instance.elasticIpAddress,
    });
    const second = await failure(env.vm.associateElasticIp({ instanceId: a, elasticIpId: 'fip-another0001' }));
    expect(second).toMatchObject({ httpStatus: 400, status: 'FAILED_PRECONDITION' });
    expect(second.message).toMatch(/^NetworkInterface already in use/);
    expect(await failure(env.vm.associateElasticIp({ instanceId: b, elasticIpId: 'fip-z1z1m3j5ob' }))).toEqual({
      httpStatus: 400,
      status: 'FAILED_PRECONDITION',
      message: "ElasticIp 'fip-z1z1m3j5ob' already in use.",
    });
    expect((await failure(env.vm.disassociateElasticIp({ instanceId: b, elasticIpId: 'fip-z1z1m3j5ob' }))).status).toBe('FAILED_PRECONDITION');

    await env.vm.disassociateElasticIp({ instanceId: a, elasticIpId: 'fip-z1z1m3j5ob' });
    const after = (await env.vm.describeInstance({ instanceId: a })).instance;
    expect(after.elasticIpId).toBeUndefined();
    expect(after.primaryNetworkInterface?.networkInterface?.primaryIp?.elasticIpId).toBeUndefined();
    await env.vm.associateElasticIp({ instanceId: b, elasticIpId: 'fip-z1z1m3j5ob' });
    expect((await env.vm.describeInstance({ instanceId: b })).instance.elasticIpAddress).toBe(instance.elasticIpAddress);
  });

  it('an instance created with an elastic IP already has one', async () => {
    const [id] = (await launch(env, { elasticIp: { bandwidthMbps: 2, provider: 'bgp' } })) as [string];
    expect((await failure(env.vm.associateElasticIp({ instanceId: id, elasticIpId: 'fip-onemore0001' }))).message).toMatch(
      /^NetworkInterface already in use/,
    );
  });
});

describe('deleteInstance lets go of what the instance held', () => {
  let env: InstanceStub;
  beforeAll(async () => {
    env = await startInstanceStub();
    await env.vm.createKeypair({ keyName: 'del-key' });
  });
  afterAll(() => env.close());

  it('autoDelete disks and the primary interface go; the rest can be attached again', async () => {
    const [id] = (await launch(env, {
      instanceType: 'g.n2.xlarge',
      keyNames: ['del-key'],
      primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-del000001', primaryIpAddress: '10.9.9.9' } },
      systemDisk: { autoDelete: false, cloudDiskSpec: { az: 'cn-north-1a', name: 'keep-sys', diskType: 'ssd.gp1', diskSizeGB: 40 } },
      dataDisks: [
        { autoDelete: true, cloudDiskSpec: { az: 'cn-north-1a', name: 'goes', diskType: 'ssd.gp1', diskSizeGB: 20 } },
        { autoDelete: false, cloudDiskSpec: { az: 'cn-north-1a', name: 'stays', diskType: 'hdd.std1', diskSizeGB: 300 } },
      ],
      elasticIp: { bandwidthMbps: 5, provider: 'bgp' },
    })) as [string];
    await env.vm.attachNetworkInterface({ instanceId: id, networkInterfaceId: 'port-keepme0001' });
    await env.vm.attachNetworkInterface({ instanceId: id, networkInterfaceId: 'port-dropme0001', autoDelete: true });
    const { instance } = await env.vm.describeInstance({ instanceId: id });
    const [goes, stays] = (instance.dataDisks ?? []).map((d) => d.cloudDisk?.diskId as string);
    const system = instance.systemDisk?.cloudDisk?.diskId as string;
    const eip = instance.elasticIpId as string;

    const [other] = (await launch(env, {
      instanceType: 'g.n2.xlarge',
      primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-del000001' } },
    })) as [string];
    await env.vm.deleteInstance({ instanceId: id, deletePrimaryNetworkInterfaceAllElasticIp: false });
    // While deleting, everything is still attached.
    expect((await failure(env.vm.attachDisk({ instanceId: other, diskId: stays as string }))).message).toMatch(/^Disk attachment limit exceeded/);
    env.settle();
    expect(await failure(env.vm.describeInstance({ instanceId: id }))).toMatchObject({ httpStatus: 404 });

    // Kept disks keep their attributes; the kept interface and the elastic IP are free.
    await env.vm.attachDisk({ instanceId: other, diskId: stays as string });
    await env.vm.attachDisk({ instanceId: other, diskId: system });
    await env.vm.attachNetworkInterface({ instanceId: other, networkInterfaceId: 'port-keepme0001' });
    await env.vm.associateElasticIp({ instanceId: other, elasticIpId: eip });
    const now = (await env.vm.describeInstance({ instanceId: other })).instance;
    expect(now.dataDisks?.find((d) => d.cloudDisk?.diskId === stays)?.cloudDisk).toMatchObject({ name: 'stays', diskType: 'hdd.std1', diskSizeGB: 300 });
    expect(now.elasticIpAddress).toBe(instance.elasticIpAddress);
    // A deleted disk is unknown again (a fresh 40 GiB disk if attached by id).
    await env.vm.attachDisk({ instanceId: other, diskId: goes as string });
    expect((await env.vm.describeInstance({ instanceId: other })).instance.dataDisks?.find((d) => d.cloudDisk?.diskId === goes)?.cloudDisk?.name).not.toBe(
      'goes',
    );
    // The private IP is free again, and the key pair forgot the instance.
    await launch(env, { primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-del000001', primaryIpAddress: '10.9.9.9' } } });
    expect((await env.vm.describeKeypairs({})).keypairs?.find((k) => k.keyName === 'del-key')?.instanceIds).toEqual([]);
  });

  it('deletePrimaryNetworkInterfaceAllElasticIp=true deletes the elastic IP too', async () => {
    const [id] = (await launch(env, { elasticIp: { bandwidthMbps: 5, provider: 'bgp' } })) as [string];
    const eip = (await env.vm.describeInstance({ instanceId: id })).instance.elasticIpId as string;
    await env.vm.deleteInstance({ instanceId: id, deletePrimaryNetworkInterfaceAllElasticIp: true });
    expect(await statusOf(env, id)).toBe('deleting');
    env.settle();
    expect((await failure(env.vm.describeInstance({ instanceId: id }))).httpStatus).toBe(404);
    const records = env.stub.store.scope('AK_ALICE_INST', 'cn-north-1').elasticIps;
    expect(records.has(eip)).toBe(false);
  });

  it('a stopped instance is deleted the same way', async () => {
    const id = await launchStopped(env);
    await env.vm.deleteInstance({ instanceId: id });
    env.settle();
    expect((await failure(env.vm.describeInstance({ instanceId: id }))).httpStatus).toBe(404);
  });
});
