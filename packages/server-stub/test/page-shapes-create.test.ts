// createInstances, createImage and createInstanceTemplate with the disk shapes of JD Cloud's own
// pages: a new cloud disk given without `az` and `name` (the instance's zone and a name derived
// from the instance's are used), a system disk without `diskSizeGB` (the image's size is used).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGES, type InstanceStub, PASSWORD, SUBNET, failure, plainSpec, startInstanceStub } from './instance-fixtures.js';
import { type ImageTestStub, cloudDataDisk, imageStub, seedInstance } from './image-helpers.js';

describe('createInstances with the shapes of the createInstances page', () => {
  let env: InstanceStub;
  beforeAll(async () => {
    env = await startInstanceStub();
  });
  afterAll(() => env.close());

  const disksOf = async (instanceId: string) => {
    const { instance } = await env.vm.describeInstance({ instanceId });
    return { instance, system: instance.systemDisk?.cloudDisk, data: (instance.dataDisks ?? []).map((d) => d.cloudDisk) };
  };

  it('a system disk of only its type takes the image size; data disks take the zone and the instance name', async () => {
    const { instanceIds } = await env.vm.createInstances({
      maxCount: 1,
      instanceSpec: plainSpec({
        az: 'cn-north-1b',
        imageId: IMAGES.windows, // its system disk is 50 GiB
        instanceType: 'g.n2.large',
        name: 'page-shapes',
        systemDisk: { diskCategory: 'cloud', cloudDiskSpec: { diskType: 'ssd.gp1' } },
        dataDisks: [
          { diskCategory: 'cloud', cloudDiskSpec: { diskType: 'ssd.io1', diskSizeGB: 20, iops: 1000 } },
          { diskCategory: 'cloud', cloudDiskSpec: { diskType: 'hdd.std1', diskSizeGB: 100 } },
        ],
        chargeOnStopped: 'stopCharging',
      }),
    });
    const { system, data } = await disksOf(instanceIds[0] as string);
    expect(system).toMatchObject({ diskType: 'ssd.gp1', diskSizeGB: 50, az: 'cn-north-1b', name: 'page-shapes' });
    expect(data).toMatchObject([
      { diskType: 'ssd.io1', diskSizeGB: 20, az: 'cn-north-1b', name: 'page-shapes1' },
      { diskType: 'hdd.std1', diskSizeGB: 100, az: 'cn-north-1b', name: 'page-shapes2' },
    ]);
  });

  it('accepts the page example verbatim: systemDisk {cloudDiskSpec: {diskType}} with no category', async () => {
    const { instanceIds } = await env.vm.createInstances({
      maxCount: 1,
      instanceSpec: {
        az: 'cn-north-1a',
        imageId: IMAGES.centos,
        instanceType: 'g.n2.medium',
        name: 'instance',
        password: PASSWORD,
        elasticIp: { bandwidthMbps: 5, provider: 'bgp' },
        primaryNetworkInterface: { networkInterface: { subnetId: SUBNET } },
        systemDisk: { cloudDiskSpec: { diskType: 'ssd.gp1' } },
        dataDisks: [{ diskCategory: 'cloud', cloudDiskSpec: { diskType: 'ssd.io1', diskSizeGB: 20, iops: 1000 } }],
        chargeOnStopped: 'stopCharging',
      },
    });
    const { system, data } = await disksOf(instanceIds[0] as string);
    expect(system).toMatchObject({ diskType: 'ssd.gp1', diskSizeGB: 40, az: 'cn-north-1a', name: 'instance' });
    expect(data).toMatchObject([{ diskType: 'ssd.io1', diskSizeGB: 20, iops: 1000, az: 'cn-north-1a', name: 'instance1' }]);
  });

  it('a given name still wins, and a new data disk without a size is refused with a clear 400', async () => {
    const { instanceIds } = await env.vm.createInstances({
      maxCount: 1,
      instanceSpec: plainSpec({
        name: 'named',
        dataDisks: [{ diskCategory: 'cloud', cloudDiskSpec: { diskType: 'ssd.gp1', diskSizeGB: 40, name: 'logs' } }],
      }),
    });
    expect((await disksOf(instanceIds[0] as string)).data).toMatchObject([{ name: 'logs' }]);

    const refused = await failure(
      env.vm.createInstances({
        maxCount: 1,
        instanceSpec: plainSpec({ dataDisks: [{ diskCategory: 'cloud', cloudDiskSpec: { diskType: 'ssd.gp1' } }] }),
      }),
    );
    expect(refused).toMatchObject({ httpStatus: 400, status: 'INVALID_ARGUMENT' });
    expect(refused.message).toContain('instanceSpec.dataDisks[0].cloudDiskSpec.diskSizeGB is required');
  });

  it('a template whose system disk has no size launches with the image size', async () => {
    const { instanceTemplateId } = await env.vm.createInstanceTemplate({
      name: 'no-size',
      instanceTemplateData: {
        instanceType: 'g.n2.large',
        imageId: IMAGES.windows,
        password: PASSWORD,
        primaryNetworkInterface: { networkInterface: { subnetId: SUBNET } },
        systemDisk: { diskCategory: 'cloud', cloudDiskSpec: { diskType: 'ssd.gp1' } },
      },
    });
    const { instanceIds } = await env.vm.createInstances({
      maxCount: 1,
      instanceSpec: { az: 'cn-north-1a', instanceTemplateId, name: 'from-template' },
    });
    expect((await disksOf(instanceIds[0] as string)).system).toMatchObject({ diskType: 'ssd.gp1', diskSizeGB: 50, name: 'from-template' });
  });
});

describe('createImage with the shapes of the createImage page', () => {
  let s: ImageTestStub;
  beforeAll(async () => {
    s = await imageStub();
  });
  afterAll(() => s.close());

  it('new and replaced data disks without az or name', async () => {
    const instanceId = seedInstance(s, 'alice', { dataDisks: [cloudDataDisk('vdb', 100), cloudDataDisk('vdc', 50)] });
    const { imageId } = await s.alice.createImage({
      instanceId,
      name: 'test',
      description: 'test',
      dataDisks: [
        { deviceName: 'vdc', noDevice: true },
        { deviceName: 'vde', autoDelete: true, cloudDiskSpec: { snapshotId: 'snapshot-h8u1****36', diskType: 'ssd.io1', diskSizeGB: 40, iops: 500 } },
        { deviceName: 'vdh', cloudDiskSpec: { diskType: 'ssd.gp1', diskSizeGB: 40 } },
        // Replacing a disk of the instance: the size may be left out and stays the disk's.
        { deviceName: 'vdb', cloudDiskSpec: { diskType: 'ssd.io1' } },
      ],
    });
    const { image } = await s.alice.describeImage({ imageId });
    expect(image.dataDisks?.map((d) => [d.deviceName, d.cloudDisk?.diskType, d.cloudDisk?.diskSizeGB])).toEqual([
      ['vdb', 'ssd.io1', 100],
      ['vde', 'ssd.io1', 40],
      ['vdh', 'ssd.gp1', 40],
    ]);
  });
});
