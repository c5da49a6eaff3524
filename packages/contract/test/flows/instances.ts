import { expect, it } from 'vitest';
import { eventually, failure, type Harness } from '../../src/harness.js';

/** What the instance flows share with the image flows (a stopped instance to image). */
export interface InstanceFixture {
  imageId: string;
  instanceIds: string[];
}

export const fixture: InstanceFixture = { imageId: '', instanceIds: [] };

async function statusOf(h: Harness, instanceId: string): Promise<string | undefined> {
  const result = await h.vm.describeInstanceStatus({ filters: [{ name: 'instanceId', values: [instanceId] }] });
  return result.instanceStatuses?.[0]?.status;
}

export async function waitForStatus(h: Harness, instanceId: string, status: string): Promise<void> {
  await eventually(async () => ((await statusOf(h, instanceId)) === status ? true : undefined));
}

export function instanceFlows(h: () => Harness): void {
  it('creates two instances from a public image; they go from pending to running', async () => {
    const { vm } = h();
    const images = await vm.describeImages({ imageSource: 'public', platform: 'CentOS', rootDeviceType: 'cloudDisk', pageSize: 10 });
    const image = images.images?.find((i) => i.status === 'ready' && !i.offline);
    expect(image?.imageId).toBeDefined();
    fixture.imageId = image!.imageId!;
    await vm.createKeypair({ keyName: 'contract-web' });
    const created = await vm.createInstances({
      maxCount: 2,
      clientToken: 'contract-create-0001',
      instanceSpec: {
        az: 'cn-north-1a',
        instanceType: 'g.n2.medium',
        imageId: fixture.imageId,
        name: 'contract-web',
        keyNames: ['contract-web'],
        primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-c2p3qv0b1x', securityGroups: ['sg-p2d1rf3ki7'] } },
        // The createInstances page's shapes: a system disk of only its type (the image's size), a
        // data disk without az or name (the instance's zone and name).
        systemDisk: { diskCategory: 'cloud', cloudDiskSpec: { diskType: 'ssd.gp1' } },
        dataDisks: [{ diskCategory: 'cloud', autoDelete: true, cloudDiskSpec: { diskType: 'ssd.gp1', diskSizeGB: 100 } }],
        userTags: [{ key: 'env', value: 'contract' }],
      },
    });
    expect(created.instanceIds).toHaveLength(2);
    fixture.instanceIds = created.instanceIds!;
    const again = await vm.createInstances({
      maxCount: 2,
      clientToken: 'contract-create-0001',
      instanceSpec: {
        az: 'cn-north-1a',
        instanceType: 'g.n2.medium',
        imageId: fixture.imageId,
        name: 'contract-web',
        primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-c2p3qv0b1x' } },
        systemDisk: { diskCategory: 'cloud', cloudDiskSpec: { az: 'cn-north-1a', name: 'contract-sys', diskType: 'ssd.gp1', diskSizeGB: 40 } },
      },
    });
    expect(again.instanceIds, 'the same clientToken creates nothing new').toEqual(created.instanceIds);
    for (const id of fixture.instanceIds) await waitForStatus(h(), id, 'running');
  });

  it('refuses what the document forbids at creation', async () => {
    const { vm } = h();
    const tooMany = await failure(
      vm.createInstances({
        maxCount: 101,
        instanceSpec: { az: 'cn-north-1a', instanceType: 'g.n2.medium', imageId: fixture.imageId, name: 'too-many', primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-c2p3qv0b1x' } } },
      }),
    );
    expect(tooMany.httpStatus).toBe(400);
  });

  it('describes the instances in every form', async () => {
    const { vm } = h();
    const [first] = fixture.instanceIds;
    const all = await vm.describeInstances({ filters: [{ name: 'instanceId', values: fixture.instanceIds }], tags: [{ key: 'env', values: ['contract'] }] });
    expect(all.totalCount).toBe(2);
    const one = await vm.describeInstance({ instanceId: first! });
    expect(one.instance?.instanceId).toBe(first);
    const brief = await vm.describeBriefInstances({ filters: [{ name: 'instanceId', values: [first!] }] });
    expect(brief.instances?.[0]?.instanceId).toBe(first);
    const ips = await vm.describeInstancePrivateIpAddress({ filters: [{ name: 'instanceId', values: fixture.instanceIds }] });
    expect(ips.instancePrivateIpAddress).toHaveLength(2);
    const vnc = await vm.describeInstanceVncUrl({ instanceId: first! });
    expect(vnc.vncUrl).toMatch(/^https?:\/\//);
    const paged = await vm.describeInstances({ pageNumber: 2, pageSize: 10 });
    expect(paged.instances).toEqual([]);
    expect(paged.totalCount).toBe(2);
  });

  it('changes attributes, password, disks, network interfaces and elastic IPs', async () => {
    const { vm } = h();
    const id = fixture.instanceIds[0]!;
    await vm.modifyInstanceAttribute({ instanceId: id, name: 'contract-web-renamed', description: 'renamed by the contract' });
    expect((await vm.describeInstance({ instanceId: id })).instance?.instanceName).toBe('contract-web-renamed');
    await vm.modifyInstancePassword({ instanceId: id, password: 'Contract#Pw2024' });

    await vm.attachDisk({ instanceId: id, diskId: 'vol-contract001', autoDelete: false });
    await vm.modifyInstanceDiskAttribute({ instanceId: id, dataDisks: [{ diskId: 'vol-contract001', autoDelete: true }] });
    const other = fixture.instanceIds[1]!;
    expect((await failure(vm.attachDisk({ instanceId: other, diskId: 'vol-contract001' }))).httpStatus).toBe(400);
    await vm.detachDisk({ instanceId: id, diskId: 'vol-contract001' });

    await vm.attachNetworkInterface({ instanceId: id, networkInterfaceId: 'port-contract01', autoDelete: false });
    await vm.modifyInstanceNetworkAttribute({ instanceId: id, networks: [{ networkInterfaceId: 'port-contract01', autoDelete: true }] });
    await vm.detachNetworkInterface({ instanceId: id, networkInterfaceId: 'port-contract01' });

    await vm.associateElasticIp({ instanceId: id, elasticIpId: 'fip-contract01' });
    expect((await failure(vm.associateElasticIp({ instanceId: id, elasticIpId: 'fip-contract02' }))).httpStatus).toBe(400);
    await vm.disassociateElasticIp({ instanceId: id, elasticIpId: 'fip-contract01' });
  });

  it('walks the lifecycle: stop, resize, rebuild, start, reboot', async () => {
    const { vm } = h();
    const id = fixture.instanceIds[0]!;
    expect((await failure(vm.startInstance({ instanceId: id }))).httpStatus).toBe(400);
    await vm.stopInstance({ instanceId: id });
    expect((await failure(vm.stopInstance({ instanceId: id }))).httpStatus, 'a task is in progress').toBe(400);
    await waitForStatus(h(), id, 'stopped');
    await vm.resizeInstance({ instanceId: id, instanceType: 'g.n2.large' });
    await waitForStatus(h(), id, 'stopped');
    expect((await vm.describeInstance({ instanceId: id })).instance?.instanceType).toBe('g.n2.large');
    await vm.rebuildInstance({ instanceId: id, imageId: fixture.imageId, password: 'Rebuild#Pw2024' });
    await waitForStatus(h(), id, 'stopped');
    await vm.startInstance({ instanceId: id });
    await waitForStatus(h(), id, 'running');
    await vm.rebootInstance({ instanceId: id });
    await waitForStatus(h(), id, 'running');
  });

  it('hides one account’s instances from another', async () => {
    const { other } = h();
    const id = fixture.instanceIds[0]!;
    expect((await failure(other.describeInstance({ instanceId: id }))).httpStatus).toBe(404);
    expect((await failure(other.stopInstance({ instanceId: id }))).httpStatus).toBe(404);
    expect((await other.describeInstances({ filters: [{ name: 'instanceId', values: [id] }] })).totalCount).toBe(0);
  });
}

export function instanceCleanupFlows(h: () => Harness): void {
  it('deletes the instances; later calls answer 404', async () => {
    const { vm } = h();
    for (const id of fixture.instanceIds) {
      await vm.deleteInstance({ instanceId: id });
      await eventually(async () => {
        const error = await vm.describeInstance({ instanceId: id }).then(() => undefined, (e: { httpStatus: number }) => e);
        return error?.httpStatus === 404 ? true : undefined;
      });
    }
  });
}
