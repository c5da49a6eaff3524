// describeImages / describeImage / describeImageConstraints(Batch) through @jdcloud-vm/client:
// what each account sees, every selection parameter, paging, and 404 for what it may not see.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BT_PANEL,
  CENTOS,
  CENTOS_LOCAL,
  CENTOS_OFFLINE,
  type ImageTestStub,
  UBUNTU,
  UBUNTU_ARM,
  WINDOWS,
  expectFailure,
  imageStub,
  readyImage,
  seedImages,
  seedInstance,
} from './image-helpers.js';

describe('describing images', () => {
  let s: ImageTestStub;
  let alicePrivate: string;
  let aliceShared: string;
  let bobCommunity: string;
  let fromInstance: string;

  beforeAll(async () => {
    s = await imageStub();
    aliceShared = await readyImage(s, 'alice', 'alice-shared');
    await s.alice.shareImage({ imageId: aliceShared, pins: ['bob'] });
    bobCommunity = await readyImage(s, 'bob', 'bob-community');
    await s.bob.releaseImage({ imageId: bobCommunity });
    // Stays pending: the clock does not move after it.
    fromInstance = seedInstance(s, 'alice', { instanceId: 'i-describe0001' });
    alicePrivate = (await s.alice.createImage({ instanceId: fromInstance, name: 'alice-web' })).imageId;
  });
  afterAll(() => s.close());

  const ids = (images: Array<{ imageId?: string }>) => images.map((i) => i.imageId);

  it('imageSource is mandatory unless ids is given', async () => {
    await expectFailure(s.alice.describeImages({}), 'INVALID_ARGUMENT', /imageSource is required/);
  });

  it('public: the online bios official images of the catalog, 20 per page', async () => {
    const { images, totalCount } = await s.alice.describeImages({ imageSource: 'public' });
    expect(ids(images)).toEqual([CENTOS, CENTOS_LOCAL, UBUNTU, WINDOWS]);
    expect(totalCount).toBe(4);
    expect(images.every((i) => i.imageSource === 'public' && i.launchPermission === 'all')).toBe(true);
  });

  it('bootMode defaults to bios; uefi lists the Arm image', async () => {
    const { images } = await s.alice.describeImages({ imageSource: 'public', bootMode: 'uefi' });
    expect(ids(images)).toEqual([UBUNTU_ARM]);
  });

  it('offline=true lists the official images taken offline', async () => {
    const { images } = await s.alice.describeImages({ imageSource: 'public', offline: true });
    expect(ids(images)).toEqual([CENTOS_OFFLINE]);
  });

  it('thirdparty lists the marketplace images', async () => {
    const { images } = await s.alice.describeImages({ imageSource: 'thirdparty' });
    expect(ids(images)).toEqual([BT_PANEL]);
  });

  it('platform, rootDeviceType and architecture select exactly; imageName is a fuzzy match', async () => {
    expect(ids((await s.alice.describeImages({ imageSource: 'public', platform: 'Ubuntu' })).images)).toEqual([UBUNTU]);
    expect(ids((await s.alice.describeImages({ imageSource: 'public', rootDeviceType: 'localDisk' })).images)).toEqual([
      CENTOS_LOCAL,
    ]);
    expect(
      ids((await s.alice.describeImages({ imageSource: 'public', architecture: 'arm64', bootMode: 'uefi' })).images),
    ).toEqual([UBUNTU_ARM]);
    expect(ids((await s.alice.describeImages({ imageSource: 'public', imageName: 'WINDOWS server' })).images)).toEqual([
      WINDOWS,
    ]);
    expect(ids((await s.alice.describeImages({ imageSource: 'private', imageName: 'WEB' })).images)).toEqual([alicePrivate]);
  });

  it('private: the own images with their launch permission and status', async () => {
    const { images, totalCount } = await s.alice.describeImages({ imageSource: 'private' });
    expect(totalCount).toBe(2);
    const byId = new Map(images.map((i) => [i.imageId, i]));
    expect(byId.get(alicePrivate)).toMatchObject({ imageSource: 'private', launchPermission: 'ownerOnly', ownerPin: 'alice' });
    expect(byId.get(aliceShared)).toMatchObject({ imageSource: 'private', launchPermission: 'specifiedUsers' });
    expect(ids((await s.alice.describeImages({ imageSource: 'private', launchPermission: 'specifiedUsers' })).images)).toEqual([
      aliceShared,
    ]);
    // launchPermission only applies to private images.
    expect((await s.alice.describeImages({ imageSource: 'public', launchPermission: 'ownerOnly' })).totalCount).toBe(4);
  });

  it('status and instanceIds select exactly', async () => {
    const pending = await s.alice.describeImages({ imageSource: 'private', status: 'pending' });
    expect(ids(pending.images)).toEqual([alicePrivate]);
    const made = await s.alice.describeImages({ imageSource: 'private', instanceIds: [fromInstance] });
    expect(ids(made.images)).toEqual([alicePrivate]);
    expect((await s.alice.describeImages({ imageSource: 'private', instanceIds: ['i-nothing'] })).totalCount).toBe(0);
  });

  it('shared: another account sees a shared image as shared, and only the one it was shared with', async () => {
    const forBob = await s.bob.describeImages({ imageSource: 'shared' });
    expect(ids(forBob.images)).toEqual([aliceShared]);
    expect(forBob.images[0]).toMatchObject({ imageSource: 'shared', launchPermission: 'specifiedUsers', ownerPin: 'alice' });
    expect((await s.carol.describeImages({ imageSource: 'shared' })).totalCount).toBe(0);
    expect((await s.bob.describeImages({ imageSource: 'private' })).images.map((i) => i.imageId)).not.toContain(aliceShared);
  });

  it('community: everyone but the owner sees a released image as community', async () => {
    for (const viewer of [s.alice, s.carol]) {
      const { images } = await viewer.describeImages({ imageSource: 'community' });
      expect(ids(images)).toEqual([bobCommunity]);
      expect(images[0]).toMatchObject({ imageSource: 'community', launchPermission: 'all', ownerPin: 'bob' });
    }
    expect((await s.bob.describeImages({ imageSource: 'community' })).totalCount).toBe(0);
    const own = await s.bob.describeImages({ imageSource: 'private' });
    expect(own.images.find((i) => i.imageId === bobCommunity)).toMatchObject({ launchPermission: 'all' });
  });

  it('ids looks images up across sources, ignoring offline and the bootMode default, never another account’s private one', async () => {
    const { images, totalCount } = await s.carol.describeImages({
      ids: [CENTOS_OFFLINE, UBUNTU_ARM, bobCommunity, alicePrivate, aliceShared],
    });
    expect(ids(images).sort()).toEqual([CENTOS_OFFLINE, UBUNTU_ARM, bobCommunity].sort());
    expect(totalCount).toBe(3);
    const withSource = await s.bob.describeImages({ ids: [aliceShared, CENTOS], imageSource: 'shared' });
    expect(ids(withSource.images)).toEqual([aliceShared]);
  });

  it('describeImage answers what the caller may see and 404 otherwise', async () => {
    expect((await s.alice.describeImage({ imageId: CENTOS })).image.name).toBe('CentOS 7.9 64-bit');
    expect((await s.bob.describeImage({ imageId: aliceShared })).image.imageSource).toBe('shared');
    expect((await s.carol.describeImage({ imageId: bobCommunity })).image.imageSource).toBe('community');
    const own = (await s.alice.describeImage({ imageId: alicePrivate })).image;
    expect(own).toMatchObject({ imageSource: 'private', status: 'pending', instanceId: fromInstance });
    expect(JSON.stringify(own)).not.toContain('_shared');
    await expectFailure(s.bob.describeImage({ imageId: alicePrivate }), 'NOT_FOUND', `Image '${alicePrivate}' not found.`);
    await expectFailure(s.carol.describeImage({ imageId: aliceShared }), 'NOT_FOUND');
    await expectFailure(s.alice.describeImage({ imageId: 'img-doesnotexist' }), 'NOT_FOUND');
    // Private images live in their region.
    await expectFailure(s.alice.describeImage({ imageId: alicePrivate, regionId: 'cn-east-2' }), 'NOT_FOUND');
  });

  it('describeImageConstraints: the catalog restriction; none for private images; 404 when invisible', async () => {
    expect((await s.alice.describeImageConstraints({ imageId: WINDOWS })).imageConstraints).toEqual({
      imageId: WINDOWS,
      imageInstanceTypeConstraint: { constraintsType: 'excludes', instanceTypes: ['g.n2.medium', 'c.n2.medium', 't.n2.small'] },
    });
    expect((await s.alice.describeImageConstraints({ imageId: UBUNTU_ARM })).imageConstraints.imageInstanceTypeConstraint).toEqual({
      constraintsType: 'includes',
      instanceTypes: ['g.a2.large'],
    });
    expect((await s.alice.describeImageConstraints({ imageId: alicePrivate })).imageConstraints).toEqual({
      imageId: alicePrivate,
      imageInstanceTypeConstraint: { constraintsType: 'excludes', instanceTypes: [] },
    });
    await expectFailure(s.carol.describeImageConstraints({ imageId: alicePrivate }), 'NOT_FOUND');
  });

  it('describeImageConstraintsBatch: one entry per visible listed image; every catalog image without ids', async () => {
    const { imageConstraints } = await s.bob.describeImageConstraintsBatch({ ids: [BT_PANEL, aliceShared, alicePrivate] });
    expect(imageConstraints.map((c) => c.imageId)).toEqual([BT_PANEL, aliceShared]);
    expect(imageConstraints[0]?.imageInstanceTypeConstraint?.instanceTypes).toEqual(['t.n2.small']);
    const all = await s.bob.describeImageConstraintsBatch({});
    expect(all.imageConstraints).toHaveLength(7);
  });
});

describe('paging describeImages', () => {
  let s: ImageTestStub;
  beforeAll(async () => {
    s = await imageStub();
    seedImages(s, 'alice', 25);
  });
  afterAll(() => s.close());

  it('20 per page by default, totalCount over all pages, pageSize 10 to 100', async () => {
    const first = await s.alice.describeImages({ imageSource: 'private' });
    expect(first.images).toHaveLength(20);
    expect(first.totalCount).toBe(25);
    const second = await s.alice.describeImages({ imageSource: 'private', pageNumber: 2 });
    expect(second.images.map((i) => i.name)).toEqual(['seeded-20', 'seeded-21', 'seeded-22', 'seeded-23', 'seeded-24']);
    const small = await s.alice.describeImages({ imageSource: 'private', pageSize: 10, pageNumber: 3 });
    expect(small.images).toHaveLength(5);
    expect((await s.alice.describeImages({ imageSource: 'private', pageNumber: 9 })).images).toEqual([]);
    await expectFailure(s.alice.describeImages({ imageSource: 'private', pageSize: 5 }), 'OUT_OF_RANGE');
    const all: string[] = [];
    for await (const image of s.alice.paginate('describeImages', { imageSource: 'private', pageSize: 10 })) {
      all.push(image.imageId as string);
    }
    expect(new Set(all).size).toBe(25);
  });

  it('another account sees none of them', async () => {
    expect((await s.bob.describeImages({ imageSource: 'private' })).totalCount).toBe(0);
  });
});
