// createImage, modifyImageAttribute and deleteImage end to end: a seeded stopped instance, the
// pending → ready transition on a manual clock, data disks of whole-machine images, every
// precondition and the image quota.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CENTOS,
  CENTOS_LOCAL,
  type ImageTestStub,
  REGION,
  TRANSITION_MS,
  cloudDataDisk,
  expectFailure,
  imageStub,
  readyImage,
  seedImages,
  seedInstance,
} from './image-helpers.js';

const spec = (deviceName: string, cloudDiskSpec: Record<string, unknown>) => ({
  deviceName,
  cloudDiskSpec: { az: 'cn-north-1a', name: `data-${deviceName}`, diskType: 'ssd.gp1' as const, diskSizeGB: 40, ...cloudDiskSpec },
});

describe('createImage', () => {
  let s: ImageTestStub;
  beforeAll(async () => {
    s = await imageStub();
  });
  afterAll(() => s.close());

  it('makes a whole-machine image of a stopped instance: pending at once, ready after the transition', async () => {
    const instanceId = seedInstance(s, 'alice', {
      dataDisks: [cloudDataDisk('vdb', 100), { diskCategory: 'local', deviceName: 'vdc', localDisk: { diskType: 'ssd', diskSizeGB: 100 } }],
    });
    const { imageId } = await s.alice.createImage({ instanceId, name: 'web-server.0501', description: 'Nginx and app' });
    expect(imageId).toMatch(/^img-[0-9a-z]+$/);

    const pending = (await s.alice.describeImage({ imageId })).image;
    expect(pending).toMatchObject({
      imageId,
      name: 'web-server.0501',
      desc: 'Nginx and app',
      imageSource: 'private',
      status: 'pending',
      progress: '0',
      platform: 'CentOS',
      osType: 'linux',
      osVersion: '7.9',
      architecture: 'x86_64',
      rootDeviceType: 'cloudDisk',
      systemDiskSizeGB: 40,
      instanceId,
      ownerPin: 'alice',
      launchPermission: 'ownerOnly',
      imported: false,
      bootMode: 'bios',
    });
    expect(pending.snapshotId).toMatch(/^snapshot-/);
    expect(pending.systemDisk).toMatchObject({ diskCategory: 'cloud', deviceName: 'vda', cloudDisk: { snapshotId: pending.snapshotId } });
    // Only the cloud data disk goes into the image.
    expect(pending.dataDisks?.map((d) => d.deviceName)).toEqual(['vdb']);
    expect(pending.dataDisks?.[0]?.cloudDisk).toMatchObject({ diskType: 'ssd.gp1', diskSizeGB: 100 });

    // A task is in progress on the image meanwhile.
    await expectFailure(s.alice.modifyImageAttribute({ imageId, name: 'renamed' }), 'FAILED_PRECONDITION', /^Conflict with underlay (image )?task/);

    s.clock.advance(TRANSITION_MS - 1);
    expect((await s.alice.describeImage({ imageId })).image.status).toBe('pending');
    s.clock.advance(1);
    expect((await s.alice.describeImage({ imageId })).image).toMatchObject({ status: 'ready', progress: '100' });

    // Whole-machine images cannot be shared.
    await expectFailure(s.alice.shareImage({ imageId, pins: ['bob'] }), 'FAILED_PRECONDITION', /whole-machine/);
  });

  it('dataDisks: noDevice leaves a disk out, an existing device is replaced, new devices are added', async () => {
    const instanceId = seedInstance(s, 'alice', {
      dataDisks: [cloudDataDisk('vdb', 100), cloudDataDisk('vdc', 50), cloudDataDisk('vdd', 60)],
    });
    const { imageId } = await s.alice.createImage({
      instanceId,
      name: 'adjusted',
      dataDisks: [
        { deviceName: 'vdc', noDevice: true },
        spec('vdd', { diskType: 'ssd.io1', diskSizeGB: 80, iops: 3000 }),
        spec('vde', { snapshotId: 'snapshot-h8u1cf4xzp', diskType: 'ssd.io1', diskSizeGB: 40, iops: 500 }),
        spec('vdh', {}),
      ],
    });
    const { image } = await s.alice.describeImage({ imageId });
    expect(image.dataDisks?.map((d) => [d.deviceName, d.cloudDisk?.diskType, d.cloudDisk?.diskSizeGB])).toEqual([
      ['vdb', 'ssd.gp1', 100],
      ['vdd', 'ssd.io1', 80],
      ['vde', 'ssd.io1', 40],
      ['vdh', 'ssd.gp1', 40],
    ]);
    const [, vdd, vde, vdh] = image.dataDisks ?? [];
    expect(vdd?.cloudDisk?.iops).toBe(3000);
    expect(vde?.cloudDisk?.snapshotId).toBe('snapshot-h8u1cf4xzp');
    expect(vdh?.cloudDisk?.snapshotId).toBeUndefined();

    // Leaving every data disk out gives a system-disk image, which can be shared once ready.
    const only = await s.alice.createImage({ instanceId, name: 'system-only', dataDisks: ['vdb', 'vdc', 'vdd'].map((d) => ({ deviceName: d, noDevice: true })) });
    s.clock.advance(TRANSITION_MS);
    expect((await s.alice.describeImage({ imageId: only.imageId })).image.dataDisks).toEqual([]);
    await s.alice.shareImage({ imageId: only.imageId, pins: ['bob'] });
  });

  it('dataDisks rules: duplicates, shrinking, sizes, IOPS, device names, missing settings, busy disks', async () => {
    const instanceId = seedInstance(s, 'alice', {
      dataDisks: [cloudDataDisk('vdb', 100), cloudDataDisk('vdc', 50, { status: 'detaching' })],
    });
    const create = (dataDisks: unknown[]) =>
      s.alice.createImage({ instanceId, name: 'rules', dataDisks: [{ deviceName: 'vdc', noDevice: true }, ...(dataDisks as never[])] });
    await expectFailure(create([spec('vde', {}), spec('vde', {})]), 'DUPLICATE', /vde/);
    await expectFailure(create([spec('vdb', { diskSizeGB: 50 })]), 'OUT_OF_RANGE', /only grow/);
    await expectFailure(create([spec('vde', { diskSizeGB: 25 })]), 'OUT_OF_RANGE', /steps of 10/);
    await expectFailure(create([spec('vde', { diskType: 'ssd', diskSizeGB: 2000 })]), 'OUT_OF_RANGE', /20 to 1000/);
    await expectFailure(create([spec('vde', { diskType: 'ssd.io1', diskSizeGB: 40, iops: 5000 })]), 'OUT_OF_RANGE', /iops/);
    await expectFailure(create([spec('vde', { diskType: 'ssd.gp2' })]), 'INVALID_ARGUMENT', /diskType/);
    await expectFailure(create([spec('vda', {})]), 'INVALID_ARGUMENT', /vdb to vdbm/);
    await expectFailure(create([{ deviceName: 'vdf' }]), 'INVALID_ARGUMENT', /needs cloudDiskSpec/);
    await expectFailure(create([{ noDevice: true }]), 'INVALID_ARGUMENT', /deviceName is required/);
    // vdc is detaching: it may not go into the image.
    await expectFailure(
      s.alice.createImage({ instanceId, name: 'busy-disk' }),
      'FAILED_PRECONDITION',
      /vdc .* is detaching/,
    );
    // Nothing was created by the refused calls.
    expect((await s.alice.describeImages({ imageSource: 'private', instanceIds: [instanceId] })).totalCount).toBe(0);
    await create([]);
    expect((await s.alice.describeImages({ imageSource: 'private', instanceIds: [instanceId] })).totalCount).toBe(1);
  });

  it('a local system disk gives a localDisk image, which cannot be copied, released or exported', async () => {
    const instanceId = seedInstance(s, 'alice', {
      imageId: CENTOS_LOCAL,
      systemDisk: { diskCategory: 'local', deviceName: 'vda', localDisk: { diskType: 'ssd', diskSizeGB: 40 } },
    });
    const { imageId } = await s.alice.createImage({ instanceId, name: 'local-image' });
    s.clock.advance(TRANSITION_MS);
    const { image } = await s.alice.describeImage({ imageId });
    expect(image).toMatchObject({ rootDeviceType: 'localDisk', systemDisk: { diskCategory: 'local' } });
    expect(image.snapshotId).toBeUndefined();
    await expectFailure(s.alice.copyImages({ sourceImageIds: [imageId], destinationRegion: 'cn-east-2' }), 'FAILED_PRECONDITION', /cloudDisk/);
    await expectFailure(s.alice.releaseImage({ imageId }), 'FAILED_PRECONDITION', /cloudDisk/);
    await expectFailure(
      s.alice.exportImage({ imageId, roleName: 'export', ossUrl: 'https://b.s3.cn-north-1.jdcloud-oss.com' }),
      'FAILED_PRECONDITION',
      /cloudDisk/,
    );
    // While an instance made from it exists, it cannot be deleted.
    const user = seedInstance(s, 'alice', { imageId, status: 'running' });
    await expectFailure(s.alice.deleteImage({ imageId }), 'FAILED_PRECONDITION', new RegExp(user));
    s.stub.store.scope('alice', REGION).instances.remove(user);
    await s.alice.deleteImage({ imageId });
  });

  it('running or stopped with a cloud system disk, stopped with a local one, without a task, and the caller’s own', async () => {
    const running = seedInstance(s, 'alice', { status: 'running' });
    const { imageId } = await s.alice.createImage({ instanceId: running, name: 'live-image' });
    expect(imageId).toMatch(/^img-/);
    const localRunning = seedInstance(s, 'alice', {
      status: 'running',
      systemDisk: { diskCategory: 'local', deviceName: 'vda', status: 'attached', localDisk: { diskType: 'ssd', diskSizeGB: 40 } },
    });
    await expectFailure(
      s.alice.createImage({ instanceId: localRunning, name: 'x-image' }),
      'FAILED_PRECONDITION',
      'Please stop the instance first',
    );
    const starting = seedInstance(s, 'alice', { status: 'starting' });
    await expectFailure(
      s.alice.createImage({ instanceId: starting, name: 'x-image' }),
      'FAILED_PRECONDITION',
      'Invalid instance status starting',
    );
    const busy = seedInstance(s, 'alice');
    s.stub.store.scope('alice', REGION).tasks.begin('instance', busy, 'resizeInstance');
    await expectFailure(s.alice.createImage({ instanceId: busy, name: 'x-image' }), 'FAILED_PRECONDITION', /^Conflict with underlay (image )?task/);
    await expectFailure(s.alice.createImage({ instanceId: 'i-nosuch', name: 'x-image' }), 'NOT_FOUND', "Instance 'i-nosuch' not found.");
    const bobs = seedInstance(s, 'bob');
    await expectFailure(s.alice.createImage({ instanceId: bobs, name: 'x-image' }), 'NOT_FOUND');
    const detached = seedInstance(s, 'alice', {
      systemDisk: { diskCategory: 'cloud', deviceName: 'vda', status: 'detached', cloudDisk: { diskSizeGB: 40, diskType: 'ssd.gp1' } },
    });
    await expectFailure(s.alice.createImage({ instanceId: detached, name: 'x-image' }), 'FAILED_PRECONDITION', /system disk/);
  });

  it('name rules: 2 to 32 characters of Chinese, letters, digits, _ - .', async () => {
    const instanceId = seedInstance(s, 'alice');
    await expectFailure(s.alice.createImage({ instanceId, name: 'bad name!' }), 'INVALID_ARGUMENT', /may only contain/);
    await expectFailure(s.alice.createImage({ instanceId, name: 'a' }), 'INVALID_ARGUMENT', /name/);
    await expectFailure(s.alice.createImage({ instanceId, name: 'n'.repeat(33) }), 'INVALID_ARGUMENT', /name/);
    await expectFailure(s.alice.createImage({ instanceId, name: 'ok', description: 'd'.repeat(257) }), 'INVALID_ARGUMENT');
    const { imageId } = await s.alice.createImage({ instanceId, name: '镜像_web-1.0' });
    expect((await s.alice.describeImage({ imageId })).image.name).toBe('镜像_web-1.0');
  });
});

describe('createImage quota', () => {
  let s: ImageTestStub;
  beforeAll(async () => {
    s = await imageStub();
  });
  afterAll(() => s.close());

  it('50 private images per account and region, then 429 QUOTA_EXCEEDED', async () => {
    seedImages(s, 'alice', 49);
    const instanceId = seedInstance(s, 'alice');
    await s.alice.createImage({ instanceId, name: 'the-50th' });
    await expectFailure(s.alice.createImage({ instanceId, name: 'the-51st' }), 'QUOTA_EXCEEDED', /50 of 50/);
    // Quotas are per account and per region.
    await s.bob.createImage({ instanceId: seedInstance(s, 'bob'), name: 'bobs-first' });
    seedInstance(s, 'alice', { instanceId: 'i-eastern0001' }, 'cn-east-2');
    await s.alice.createImage({ instanceId: 'i-eastern0001', name: 'eastern', regionId: 'cn-east-2' });
  });
});

describe('modifyImageAttribute and deleteImage', () => {
  let s: ImageTestStub;
  let imageId: string;
  beforeAll(async () => {
    s = await imageStub();
    imageId = await readyImage(s, 'alice', 'to-modify');
  });
  afterAll(() => s.close());

  it('changes the name, the description or both', async () => {
    await s.alice.modifyImageAttribute({ imageId, name: 'renamed_镜像' });
    await s.alice.modifyImageAttribute({ imageId, description: 'new description' });
    expect((await s.alice.describeImage({ imageId })).image).toMatchObject({ name: 'renamed_镜像', desc: 'new description' });
  });

  it('refuses an empty change, bad names, other sources and other accounts', async () => {
    await expectFailure(s.alice.modifyImageAttribute({ imageId }), 'INVALID_ARGUMENT');
    await expectFailure(s.alice.modifyImageAttribute({ imageId, name: 'with.dot' }), 'INVALID_ARGUMENT', /may only contain/);
    await expectFailure(s.alice.modifyImageAttribute({ imageId, name: 'x'.repeat(33) }), 'INVALID_ARGUMENT', /1 to 32/);
    await expectFailure(s.alice.modifyImageAttribute({ imageId, description: 'd'.repeat(257) }), 'INVALID_ARGUMENT', /256/);
    await expectFailure(
      s.alice.modifyImageAttribute({ imageId: CENTOS, name: 'mine' }),
      'FAILED_PRECONDITION',
      "Can't use this image",
    );
    await expectFailure(s.bob.modifyImageAttribute({ imageId, name: 'stolen' }), 'NOT_FOUND', `Image '${imageId}' not found.`);
    await s.alice.shareImage({ imageId, pins: ['bob'] });
    await expectFailure(s.bob.modifyImageAttribute({ imageId, name: 'stolen' }), 'FAILED_PRECONDITION', "Can't use this image");
    await expectFailure(s.bob.deleteImage({ imageId }), 'FAILED_PRECONDITION', "Can't delete this image");
    await s.alice.unShareImage({ imageId, pins: ['bob'] });
  });

  it('deleteImage: deleting, then gone; catalog images cannot be deleted', async () => {
    await expectFailure(s.alice.deleteImage({ imageId: CENTOS }), 'FAILED_PRECONDITION', "Can't delete this image");
    await s.alice.deleteImage({ imageId, deleteSnapshot: true });
    expect((await s.alice.describeImage({ imageId })).image.status).toBe('deleting');
    await expectFailure(s.alice.deleteImage({ imageId }), 'FAILED_PRECONDITION', /^Conflict with underlay (image )?task/);
    s.clock.advance(TRANSITION_MS);
    await expectFailure(s.alice.describeImage({ imageId }), 'NOT_FOUND');
    await expectFailure(s.alice.deleteImage({ imageId }), 'NOT_FOUND');
    expect((await s.alice.describeImages({ imageSource: 'private' })).totalCount).toBe(0);
  });
});
