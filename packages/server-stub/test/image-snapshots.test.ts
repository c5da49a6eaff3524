// createImageFromSnapshots: a system-disk image from one snapshot, a whole-instance image from
// several, pending → ready, the device and size rules, and clientToken idempotency.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InstanceStub, failure, startInstanceStub } from './instance-fixtures.js';

describe('createImageFromSnapshots', () => {
  let env: InstanceStub;
  beforeAll(async () => {
    env = await startInstanceStub();
  });
  afterAll(() => env.close());

  const base = { name: 'from-snap', platform: 'CentOS', architecture: 'x86_64', bootMode: 'bios' } as const;

  it('makes a private image from one or several snapshots; it becomes ready', async () => {
    const { vm } = env;
    const { imageId } = await vm.createImageFromSnapshots({
      ...base,
      osVersion: '7.9',
      cloudDisks: [{ snapshotId: 'snapshot-h8u1ajrz9m', deviceName: 'vda', diskSizeGB: 60 }],
    });
    const pending = (await vm.describeImage({ imageId })).image;
    expect(pending).toMatchObject({ status: 'pending', imageSource: 'private', platform: 'CentOS', systemDiskSizeGB: 60, rootDeviceType: 'cloudDisk' });
    env.settle();
    expect((await vm.describeImage({ imageId })).image.status).toBe('ready');

    const whole = await vm.createImageFromSnapshots({
      ...base,
      platform: 'Rocky Linux',
      cloudDisks: [
        { snapshotId: 'snapshot-h8u1ajrz9m', deviceName: 'vda' },
        { snapshotId: 'snapshot-k2m4n6p8q0', deviceName: 'vdb', diskSizeGB: 100, diskType: 'ssd.io1' },
      ],
    });
    const image = (await vm.describeImage({ imageId: whole.imageId })).image;
    expect(image.platform).toBe('Rocky Linux');
    expect(image.dataDisks?.map((d) => [d.deviceName, d.cloudDisk?.diskSizeGB])).toEqual([['vdb', 100]]);
  });

  it('refuses a set without vda, a repeated device, sizes out of range and too many snapshots', async () => {
    const { vm } = env;
    const refused = async (cloudDisks: Parameters<typeof vm.createImageFromSnapshots>[0]['cloudDisks']) =>
      failure(vm.createImageFromSnapshots({ ...base, cloudDisks }));
    expect(await refused([{ snapshotId: 'snapshot-a', deviceName: 'vdb' }])).toMatchObject({ httpStatus: 400, status: 'INVALID_ARGUMENT' });
    expect(
      await refused([
        { snapshotId: 'snapshot-a', deviceName: 'vda' },
        { snapshotId: 'snapshot-b', deviceName: 'vda' },
      ]),
    ).toMatchObject({ status: 'INVALID_ARGUMENT' });
    expect(await refused([{ snapshotId: 'snapshot-a', deviceName: 'vda', diskSizeGB: 600 }])).toMatchObject({ status: 'OUT_OF_RANGE' });
    const nine = Array.from({ length: 9 }, (_, i) => ({ snapshotId: `snapshot-${i}`, deviceName: i === 0 ? 'vda' : `vd${'bcdefghij'[i - 1]}` }));
    expect(await refused(nine)).toMatchObject({ httpStatus: 400 });
    expect(await refused([])).toMatchObject({ httpStatus: 400 });
    expect(await failure(vm.createImageFromSnapshots({ ...base, name: 'x', cloudDisks: [{ snapshotId: 'snapshot-a', deviceName: 'vda' }] }))).toMatchObject({
      httpStatus: 400,
    });
  });

  it('answers a repeated clientToken with the image it made', async () => {
    const { vm } = env;
    const call = () =>
      vm.createImageFromSnapshots({ ...base, clientToken: 'snap-token-1', cloudDisks: [{ snapshotId: 'snapshot-h8u1ajrz9m', deviceName: 'vda' }] });
    const first = await call();
    expect(await call()).toEqual(first);
  });
});
