// importImage / exportImage / imageTasks: tasks that go pending → running → finished with the
// clock, the imported image that becomes ready with its task, clientToken idempotency, filters
// and paging.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoTime } from '../src/index.js';
import {
  CENTOS,
  type ImageTestStub,
  TRANSITION_MS,
  cloudDataDisk,
  expectFailure,
  imageStub,
  readyImage,
  seedImages,
  seedInstance,
} from './image-helpers.js';

const IMPORT = {
  architecture: 'x86_64',
  osType: 'linux',
  platform: 'CentOS',
  diskFormat: 'qcow2',
  systemDiskSizeGB: 50,
  imageUrl: 'https://image-import.s3.cn-north-1.jdcloud-oss.com/linux/system.qcow2',
  imageName: 'centos-imported',
} as const;
const OSS = 'https://image-export.s3-internal.cn-north-1.jdcloud-oss.com';

/** `2024-07-02 17:34:44`, China time, as the service writes times. */
const serviceTime = (ms: number) => isoTime(ms).slice(0, 19).replace('T', ' ');

describe('importImage and imageTasks', () => {
  let s: ImageTestStub;
  beforeAll(async () => {
    s = await imageStub();
  });
  afterAll(() => s.close());

  it('imports a cloud-disk private image that becomes ready when its task finishes', async () => {
    const started = s.clock.now();
    const { imageId, taskId, importTaskId } = await s.alice.importImage({
      ...IMPORT,
      osVersion: '7.9',
      description: 'golden image',
      dataDisks: [{ dataDiskSizeGB: 100, imageUrl: 'https://image-import.s3.cn-north-1.jdcloud-oss.com/linux/data.qcow2' }],
    });
    expect(imageId).toMatch(/^img-/);
    expect(typeof taskId).toBe('string');
    // The pages' name for the same task, an integer there.
    expect(importTaskId).toBe(Number(taskId));
    const image = (await s.alice.describeImage({ imageId: imageId as string })).image;
    expect(image).toMatchObject({
      imageSource: 'private',
      status: 'pending',
      imported: true,
      rootDeviceType: 'cloudDisk',
      systemDiskSizeGB: 50,
      name: 'centos-imported',
      desc: 'golden image',
      platform: 'CentOS',
      osVersion: '7.9',
    });
    expect(image.dataDisks?.map((d) => [d.deviceName, d.cloudDisk?.diskSizeGB])).toEqual([['vdb', 100]]);

    const task = async () => (await s.alice.imageTasks({ taskIds: [taskId as string] })).taskSet[0];
    expect(await task()).toEqual({
      taskId,
      action: 'ImportImage',
      taskStatus: 'pending',
      progress: 0,
      errorInfo: '',
      message: '',
      createdTime: isoTime(started),
      finishedTime: '',
      imageId,
      imageName: 'centos-imported',
      imageUrl: IMPORT.imageUrl,
    });
    s.clock.advance(TRANSITION_MS);
    expect(await task()).toMatchObject({ taskStatus: 'running', finishedTime: '' });
    expect((await s.alice.describeImage({ imageId: imageId as string })).image.status).toBe('pending');
    s.clock.advance(TRANSITION_MS);
    expect(await task()).toMatchObject({ taskStatus: 'finished', progress: 100, finishedTime: isoTime(started + 2 * TRANSITION_MS) });
    expect((await s.alice.describeImage({ imageId: imageId as string })).image).toMatchObject({ status: 'ready', progress: '100' });
  });

  it('a repeated clientToken returns the earlier result without importing again', async () => {
    const first = await s.alice.importImage({ ...IMPORT, imageName: 'once', clientToken: 'import-20240501-01' });
    const again = await s.alice.importImage({ ...IMPORT, imageName: 'once', clientToken: 'import-20240501-01' });
    expect(again).toEqual(first);
    expect((await s.alice.describeImages({ imageSource: 'private', imageName: 'once' })).totalCount).toBe(1);
    // Tokens are per account.
    const bobs = await s.bob.importImage({ ...IMPORT, imageName: 'once', clientToken: 'import-20240501-01' });
    expect(bobs.imageId).not.toBe(first.imageId);
    s.clock.advance(2 * TRANSITION_MS);
  });

  it('refuses files of another region (CONFLICT), bad sizes and bad names', async () => {
    await expectFailure(
      s.alice.importImage({ ...IMPORT, imageUrl: 'https://b.s3.cn-east-2.jdcloud-oss.com/system.qcow2' }),
      'CONFLICT',
      /cn-east-2/,
    );
    await expectFailure(
      s.alice.importImage({ ...IMPORT, dataDisks: [{ dataDiskSizeGB: 50, imageUrl: 'https://b.s3.cn-south-1.jdcloud-oss.com/d.qcow2' }] }),
      'CONFLICT',
    );
    await expectFailure(s.alice.importImage({ ...IMPORT, imageUrl: 'not a url' }), 'INVALID_ARGUMENT', /imageUrl/);
    await expectFailure(s.alice.importImage({ ...IMPORT, systemDiskSizeGB: 30 }), 'OUT_OF_RANGE');
    await expectFailure(s.alice.importImage({ ...IMPORT, systemDiskSizeGB: 510 }), 'OUT_OF_RANGE');
    await expectFailure(s.alice.importImage({ ...IMPORT, imageName: 'has.dot' }), 'INVALID_ARGUMENT', /imageName/);
    await expectFailure(s.alice.importImage({ ...IMPORT, imageName: '' }), 'INVALID_ARGUMENT', /imageName/);
    await expectFailure(
      s.alice.importImage({ ...IMPORT, dataDisks: [{ dataDiskSizeGB: 0, imageUrl: IMPORT.imageUrl }] }),
      'OUT_OF_RANGE',
    );
  });

  it('counts against the private-image quota (429)', async () => {
    const used = (await s.carol.describeImages({ imageSource: 'private' })).totalCount;
    seedImages(s, 'carol', 50 - used);
    await expectFailure(s.carol.importImage(IMPORT), 'QUOTA_EXCEEDED');
    expect((await s.carol.imageTasks({})).totalCount).toBe(0);
  });
});

describe('exportImage', () => {
  let s: ImageTestStub;
  let imageId: string;
  beforeAll(async () => {
    s = await imageStub();
    imageId = await readyImage(s, 'alice', 'to-export');
  });
  afterAll(() => s.close());

  it('starts an ExportImage task writing QCOW2 files to the bucket', async () => {
    const { taskId, exportTaskId } = await s.alice.exportImage({ imageId, roleName: 'image-export-role', ossUrl: OSS, ossPrefix: 'webbase0501' });
    expect(exportTaskId).toBe(taskId);
    const { taskSet } = await s.alice.imageTasks({ taskAction: 'ExportImage' });
    expect(taskSet).toEqual([
      expect.objectContaining({
        taskId,
        action: 'ExportImage',
        taskStatus: 'pending',
        imageId,
        ossUrl: OSS,
        ossObject: `webbase0501-${imageId}-vda.qcow2`,
        ossObjects: [`webbase0501-${imageId}-vda.qcow2`],
      }),
    ]);
    expect(taskSet[0]).not.toHaveProperty('imageUrl');
    s.clock.advance(2 * TRANSITION_MS);
    expect((await s.alice.imageTasks({ taskIds: [taskId as string] })).taskSet[0]?.taskStatus).toBe('finished');
  });

  it('isAllDisk exports the data disks of a whole-machine image too', async () => {
    const instanceId = seedInstance(s, 'alice', { dataDisks: [cloudDataDisk('vdb', 100)] });
    const { imageId: machine } = await s.alice.createImage({ instanceId, name: 'machine' });
    s.clock.advance(TRANSITION_MS);
    const systemOnly = await s.alice.exportImage({ imageId: machine, roleName: 'r', ossUrl: OSS });
    const all = await s.alice.exportImage({ imageId: machine, roleName: 'r', ossUrl: OSS, isAllDisk: true });
    const tasks = (await s.alice.imageTasks({ taskIds: [systemOnly.taskId as string, all.taskId as string] })).taskSet;
    expect(tasks.map((t) => t.ossObjects)).toEqual([[`${machine}-vda.qcow2`], [`${machine}-vda.qcow2`, `${machine}-vdb.qcow2`]]);
  });

  it('a repeated clientToken returns the earlier task', async () => {
    const first = await s.alice.exportImage({ imageId, roleName: 'r', ossUrl: OSS, clientToken: 'export-1' });
    const again = await s.alice.exportImage({ imageId, roleName: 'r', ossUrl: OSS, clientToken: 'export-1' });
    expect(again.taskId).toBe(first.taskId);
  });

  it('refuses other regions (CONFLICT), plain http, bad prefixes, Windows, catalog, pending and other accounts’ images', async () => {
    await expectFailure(
      s.alice.exportImage({ imageId, roleName: 'r', ossUrl: 'https://b.s3.cn-east-2.jdcloud-oss.com' }),
      'CONFLICT',
      /ossUrl is in region cn-east-2/,
    );
    await expectFailure(s.alice.exportImage({ imageId, roleName: 'r', ossUrl: 'http://b.s3.cn-north-1.jdcloud-oss.com' }), 'INVALID_ARGUMENT', /https/);
    await expectFailure(s.alice.exportImage({ imageId, roleName: 'r', ossUrl: OSS, ossPrefix: 'web-base' }), 'INVALID_ARGUMENT', /letters and digits/);
    await expectFailure(s.alice.exportImage({ imageId, roleName: ' ', ossUrl: OSS }), 'INVALID_ARGUMENT', /roleName/);
    await expectFailure(s.alice.exportImage({ imageId: CENTOS, roleName: 'r', ossUrl: OSS }), 'FAILED_PRECONDITION', "Can't use this image");
    const windows = await readyImage(s, 'alice', 'windows', { platform: 'Windows Server', osType: 'windows' });
    await expectFailure(s.alice.exportImage({ imageId: windows, roleName: 'r', ossUrl: OSS }), 'FAILED_PRECONDITION', /Windows/);
    const pending = (await s.alice.createImage({ instanceId: seedInstance(s, 'alice'), name: 'pending' })).imageId;
    await expectFailure(s.alice.exportImage({ imageId: pending, roleName: 'r', ossUrl: OSS }), 'FAILED_PRECONDITION', "Invalid image status 'pending'");
    await expectFailure(s.bob.exportImage({ imageId, roleName: 'r', ossUrl: OSS }), 'NOT_FOUND');
  });

  it('an imported Windows image can be exported', async () => {
    const { imageId: imported } = await s.alice.importImage({
      ...IMPORT,
      osType: 'windows',
      platform: 'Windows Server',
      imageName: 'win-imported',
    });
    s.clock.advance(2 * TRANSITION_MS);
    await s.alice.exportImage({ imageId: imported as string, roleName: 'r', ossUrl: OSS });
  });
});

describe('imageTasks filters and paging', () => {
  let s: ImageTestStub;
  let t0: number;
  beforeAll(async () => {
    s = await imageStub();
    t0 = s.clock.now();
    for (let i = 0; i < 12; i += 1) {
      await s.alice.importImage({ ...IMPORT, imageName: `import-${i}` });
      s.clock.advance(TRANSITION_MS / 2);
    }
  });
  afterAll(() => s.close());

  it('lists the account’s tasks, a page at a time', async () => {
    const first = await s.alice.imageTasks({});
    expect(first.totalCount).toBe(12);
    expect(first.taskSet).toHaveLength(12);
    const page = await s.alice.imageTasks({ pageSize: 10, pageNumber: 2 });
    expect(page.taskSet.map((t) => t.imageName)).toEqual(['import-10', 'import-11']);
    await expectFailure(s.alice.imageTasks({ pageSize: 5 }), 'OUT_OF_RANGE');
    expect((await s.bob.imageTasks({})).totalCount).toBe(0);
  });

  it('taskAction, taskStatus and taskIds select exactly', async () => {
    expect((await s.alice.imageTasks({ taskAction: 'ExportImage' })).totalCount).toBe(0);
    expect((await s.alice.imageTasks({ taskAction: 'ImportImage' })).totalCount).toBe(12);
    // 12 tasks started 500 ms apart; the clock is 6000 ms on: those of the last 2 s are not finished.
    const statuses = (await s.alice.imageTasks({})).taskSet.map((t) => t.taskStatus);
    expect(statuses).toEqual([...Array(9).fill('finished'), 'running', 'running', 'pending']);
    expect((await s.alice.imageTasks({ taskStatus: 'running' })).totalCount).toBe(2);
    expect((await s.alice.imageTasks({ taskStatus: 'failed' })).totalCount).toBe(0);
    const ids = (await s.alice.imageTasks({})).taskSet.map((t) => t.taskId as string);
    const some = await s.alice.imageTasks({ taskIds: [ids[3] as string, ids[7] as string, 'no-such-task'] });
    expect(some.taskSet.map((t) => t.taskId)).toEqual([ids[3], ids[7]]);
  });

  it('startTime and endTime bound the creation time, in the service format or ISO 8601', async () => {
    // Tasks 2..5 were created at t0 + 1000 .. t0 + 2500.
    const start = serviceTime(t0 + 1000);
    const end = serviceTime(t0 + 2500);
    const within = await s.alice.imageTasks({ startTime: start, endTime: end });
    // The service format has whole seconds: t0's fraction decides the edges, so compare by time.
    for (const task of within.taskSet) {
      const created = Date.parse(task.createdTime as string);
      expect(created).toBeGreaterThanOrEqual(Date.parse(`${start.replace(' ', 'T')}+08:00`));
      expect(created).toBeLessThanOrEqual(Date.parse(`${end.replace(' ', 'T')}+08:00`));
    }
    expect(within.totalCount).toBeGreaterThan(0);
    expect((await s.alice.imageTasks({ startTime: isoTime(t0 + 60_000) })).totalCount).toBe(0);
    expect((await s.alice.imageTasks({ endTime: isoTime(t0 - 60_000) })).totalCount).toBe(0);
    await expectFailure(s.alice.imageTasks({ startTime: 'yesterday' }), 'INVALID_ARGUMENT', /startTime/);
    await expectFailure(s.alice.imageTasks({ startTime: end, endTime: start }), 'INVALID_ARGUMENT', /after endTime/);
  });
});
