// describeInstancesCustomData, describeInstanceTemplatesCustomdata and modifyInstanceReleaseTime:
// custom data as given at creation, ten a page or ten templates a call, and a deletion time that
// is checked, recorded and cancelled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReleaseTime } from '../src/domain/instance/release-time.js';
import { IMAGES, type InstanceStub, SUBNET, failure, launch, startInstanceStub } from './instance-fixtures.js';

const SCRIPT = Buffer.from('#!/bin/bash\necho hello\n').toString('base64');

describe('custom data listings', () => {
  let env: InstanceStub;
  beforeAll(async () => {
    env = await startInstanceStub();
  });
  afterAll(() => env.close());

  it('lists the metadata and launch script of instances, ten a page', async () => {
    const { vm } = env;
    const [withData] = (await launch(env, {
      metadata: [{ key: 'role', value: 'web' }],
      userdata: [{ key: 'launch-script', value: SCRIPT }],
    })) as [string];
    const [plain] = (await launch(env)) as [string];
    const one = await vm.describeInstancesCustomData({ filters: [{ name: 'instanceId', values: [withData] }] });
    expect(one).toEqual({
      customData: [{ instanceId: withData, metadata: [{ key: 'role', value: 'web' }], userdata: [{ key: 'launch-script', value: SCRIPT }] }],
      totalCount: 1,
    });
    const bare = await vm.describeInstancesCustomData({ filters: [{ name: 'instanceId', values: [plain] }] });
    expect(bare.customData).toEqual([{ instanceId: plain, metadata: [], userdata: [] }]);
    await launch(env, {}, 10);
    const page = await vm.describeInstancesCustomData({});
    expect(page.customData).toHaveLength(10);
    expect(page.totalCount).toBe(12);
    expect(await failure(vm.describeInstancesCustomData({ pageSize: 11 }))).toMatchObject({ httpStatus: 400 });
  });

  it('lists the custom data of templates, at most ten ids a call', async () => {
    const { vm } = env;
    const { instanceTemplateId } = await vm.createInstanceTemplate({
      name: 'with-data',
      instanceTemplateData: {
        instanceType: 'g.n2.medium',
        imageId: IMAGES.centos,
        primaryNetworkInterface: { networkInterface: { subnetId: SUBNET } },
        metadata: [{ key: 'tier', value: 'front' }],
      },
    });
    const listed = await vm.describeInstanceTemplatesCustomdata({ filters: [{ name: 'instanceTemplateId', values: [instanceTemplateId] }] });
    expect(listed).toEqual({
      instanceTemplatesCustomData: [{ id: instanceTemplateId, metadata: [{ key: 'tier', value: 'front' }], userdata: [] }],
      totalCount: 1,
    });
    expect((await vm.describeInstanceTemplatesCustomdata({})).totalCount).toBe(1);
    const eleven = Array.from({ length: 11 }, (_, i) => `it-${String(i).padStart(10, '0')}`);
    const tooMany = await failure(vm.describeInstanceTemplatesCustomdata({ filters: [{ name: 'instanceTemplateId', values: eleven }] }));
    expect(tooMany).toMatchObject({ httpStatus: 400, status: 'INVALID_ARGUMENT' });
  });
});

describe('modifyInstanceReleaseTime', () => {
  let env: InstanceStub;
  beforeAll(async () => {
    env = await startInstanceStub();
  });
  afterAll(() => env.close());

  const inChina = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

  it('reads yyyy-MM-dd HH:mm:ss as UTC+8 and refuses dates that do not exist', () => {
    expect(parseReleaseTime('2030-01-01 08:00:00')).toBe(Date.UTC(2030, 0, 1, 0, 0, 0));
    expect(parseReleaseTime('2030-02-30 00:00:00')).toBeUndefined();
    expect(parseReleaseTime('2030-01-01T00:00:00Z')).toBeUndefined();
  });

  it('sets, moves and cancels the deletion time; checks the range and the instances', async () => {
    const { vm } = env;
    const [a, b] = (await launch(env, {}, 2)) as [string, string];
    const now = env.clock.now();
    const inTwoDays = inChina(now + 48 * 3_600_000);
    await vm.modifyInstanceReleaseTime({ instanceIds: [a, b], autoReleaseTime: inTwoDays });
    expect((await vm.describeInstance({ instanceId: a })).instance.autoReleaseTime).toBe(inTwoDays);
    expect((await vm.describeInstance({ instanceId: b })).instance.autoReleaseTime).toBe(inTwoDays);

    for (const bad of [inChina(now + 30 * 60_000), inChina(now + 11 * 366 * 24 * 3_600_000), 'tomorrow']) {
      expect(await failure(vm.modifyInstanceReleaseTime({ instanceIds: [a], autoReleaseTime: bad }))).toMatchObject({
        httpStatus: 400,
        status: 'INVALID_ARGUMENT',
      });
    }
    // An unknown instance: 404, and the known one keeps its time.
    const later = inChina(now + 72 * 3_600_000);
    expect(await failure(vm.modifyInstanceReleaseTime({ instanceIds: [a, 'i-nosuchone1'], autoReleaseTime: later }))).toMatchObject({
      httpStatus: 404,
    });
    expect((await vm.describeInstance({ instanceId: a })).instance.autoReleaseTime).toBe(inTwoDays);

    await vm.modifyInstanceReleaseTime({ instanceIds: [a] });
    expect((await vm.describeInstance({ instanceId: a })).instance.autoReleaseTime).toBeUndefined();
    expect((await vm.describeInstance({ instanceId: b })).instance.autoReleaseTime).toBe(inTwoDays);
  });
});
