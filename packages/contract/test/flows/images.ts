import { expect, it } from 'vitest';
import { ACCOUNT_B, eventually, failure, type Harness } from '../../src/harness.js';
import { fixture, waitForStatus } from './instances.js';

const state = { privateImageId: '', copiedImageId: '' };

async function imageStatus(h: Harness, imageId: string): Promise<string | undefined> {
  return (await h.vm.describeImage({ imageId })).image?.status;
}

export function imageFlows(h: () => Harness): void {
  it('lists public images, their details and constraints', async () => {
    const { vm } = h();
    const images = await vm.describeImages({ imageSource: 'public', pageSize: 50 });
    expect(images.totalCount).toBeGreaterThan(0);
    const image = await vm.describeImage({ imageId: fixture.imageId });
    expect(image.image?.imageSource).toBe('public');
    const constraints = await vm.describeImageConstraints({ imageId: fixture.imageId });
    expect(constraints).toHaveProperty('imageConstraints');
    const batch = await vm.describeImageConstraintsBatch({ ids: images.images!.map((i) => i.imageId!).slice(0, 3) });
    expect(Array.isArray(batch.imageConstraints)).toBe(true);
  });

  it('creates a private image from a stopped instance; it becomes ready', async () => {
    const { vm } = h();
    const id = fixture.instanceIds[1]!;
    // The same deviceName twice is refused (DUPLICATE), whatever the instance's state.
    const twice = [{ deviceName: 'vdb', noDevice: true }, { deviceName: 'vdb', noDevice: true }];
    expect((await failure(vm.createImage({ instanceId: id, name: 'contract-image', dataDisks: twice }))).status).toBe('DUPLICATE');
    await vm.stopInstance({ instanceId: id });
    await waitForStatus(h(), id, 'stopped');
    // Leaving the data disk out (noDevice) makes a system-disk image, which may be shared.
    const created = await vm.createImage({
      instanceId: id,
      name: 'contract-image',
      description: 'golden image of the contract run',
      dataDisks: [{ deviceName: 'vdb', noDevice: true }],
    });
    state.privateImageId = created.imageId!;
    await eventually(async () => ((await imageStatus(h(), state.privateImageId)) === 'ready' ? true : undefined));
    await vm.modifyImageAttribute({ imageId: state.privateImageId, name: 'contract-image-v2' });
    const mine = await vm.describeImages({ imageSource: 'private' });
    expect(mine.images?.map((i) => i.imageId)).toContain(state.privateImageId);
  });

  it('shares with another account, lists members, and refuses to delete while shared', async () => {
    const { vm, other } = h();
    expect((await failure(other.describeImage({ imageId: state.privateImageId }))).httpStatus).toBe(404);
    await vm.shareImage({ imageId: state.privateImageId, pins: [ACCOUNT_B.accessKeyId] });
    const members = await vm.describeImageMembers({ imageId: state.privateImageId });
    expect(members.pins).toContain(ACCOUNT_B.accessKeyId);
    expect((await other.describeImage({ imageId: state.privateImageId })).image?.imageSource).toBe('shared');
    expect((await failure(vm.deleteImage({ imageId: state.privateImageId }))).httpStatus).toBe(400);
    expect((await failure(other.modifyImageAttribute({ imageId: state.privateImageId, name: 'stolen' }))).httpStatus).toBeGreaterThanOrEqual(400);
    await vm.unShareImage({ imageId: state.privateImageId, pins: [ACCOUNT_B.accessKeyId] });
    expect((await failure(other.describeImage({ imageId: state.privateImageId }))).httpStatus).toBe(404);
  });

  it('publishes and withdraws a community image', async () => {
    const { vm, other } = h();
    await vm.releaseImage({ imageId: state.privateImageId });
    expect((await other.describeImage({ imageId: state.privateImageId })).image?.imageSource).toBe('community');
    await vm.unReleaseImage({ imageId: state.privateImageId });
    expect((await failure(other.describeImage({ imageId: state.privateImageId }))).httpStatus).toBe(404);
  });

  it('copies to another region, imports and exports with tasks', async () => {
    const { vm } = h();
    const copied = await vm.copyImages({ sourceImageIds: [state.privateImageId], destinationRegion: 'cn-east-2' });
    state.copiedImageId = copied.copyImages![0]!.destinationImageId!;
    await eventually(async () => {
      const image = await vm.describeImage({ imageId: state.copiedImageId, regionId: 'cn-east-2' });
      return image.image ? true : undefined;
    });
    const imported = await vm.importImage({
      architecture: 'x86_64',
      osType: 'linux',
      platform: 'CentOS',
      diskFormat: 'qcow2',
      systemDiskSizeGB: 50,
      imageUrl: 'https://image-import.s3.cn-north-1.jdcloud-oss.com/linux/system.qcow2',
      osVersion: '7.9',
      imageName: 'contract-imported',
      clientToken: 'contract-import-0001',
    });
    expect(imported.imageId).toBeDefined();
    const exported = await vm.exportImage({ imageId: state.privateImageId, roleName: 'image-export-role', ossUrl: 'https://image-export.s3-internal.cn-north-1.jdcloud-oss.com', ossPrefix: 'contract' });
    expect(exported.taskId).toBeDefined();
    const tasks = await vm.imageTasks({ taskAction: 'ImportImage', pageSize: 10 });
    expect(tasks.taskSet?.map((t) => t.taskId)).toContain(imported.taskId);
  });

  it('deletes private images', async () => {
    const { vm } = h();
    // The copy (and its source) stay busy with the copy task until the copy is ready: deleting
    // earlier is refused, as on the service.
    await eventually(async () => {
      const copy = await vm.describeImage({ imageId: state.copiedImageId, regionId: 'cn-east-2' });
      return copy.image?.status === 'ready' ? true : undefined;
    });
    await vm.deleteImage({ imageId: state.copiedImageId, regionId: 'cn-east-2' });
    await vm.deleteImage({ imageId: state.privateImageId });
    await eventually(async () => {
      const error = await vm.describeImage({ imageId: state.privateImageId }).then(() => undefined, (e: { httpStatus: number }) => e);
      return error?.httpStatus === 404 ? true : undefined;
    });
  });
}
