// copyImages: private cloud-disk images to another region of the same account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CENTOS,
  type ImageTestStub,
  TRANSITION_MS,
  expectFailure,
  imageStub,
  readyImage,
  seedImages,
  seedInstance,
} from './image-helpers.js';

describe('copyImages', () => {
  let s: ImageTestStub;
  let first: string;
  let second: string;
  beforeAll(async () => {
    s = await imageStub();
    first = await readyImage(s, 'alice', 'copy-me');
    second = await readyImage(s, 'alice', 'copy-me-too');
  });
  afterAll(() => s.close());

  it('copies to the destination region as new private images, pending until done', async () => {
    const { copyImages } = await s.alice.copyImages({ sourceImageIds: [first, second], destinationRegion: 'cn-east-2' });
    expect(copyImages.map((c) => c.sourceImageId)).toEqual([first, second]);
    const copyId = copyImages[0]?.destinationImageId as string;
    expect(copyId).toMatch(/^img-/);
    expect(copyId).not.toBe(first);

    const source = (await s.alice.describeImage({ imageId: first })).image;
    const copy = (await s.alice.describeImage({ imageId: copyId, regionId: 'cn-east-2' })).image;
    expect(copy).toMatchObject({
      imageSource: 'private',
      status: 'pending',
      progress: '0',
      name: 'copy-me',
      rootDeviceType: 'cloudDisk',
      ownerPin: 'alice',
      launchPermission: 'ownerOnly',
    });
    expect(copy.desc).toContain(first);
    expect(copy.snapshotId).not.toBe(source.snapshotId);
    // The copy is not in the source region; the source is busy while it is copied.
    await expectFailure(s.alice.describeImage({ imageId: copyId }), 'NOT_FOUND');
    await expectFailure(s.alice.deleteImage({ imageId: first }), 'FAILED_PRECONDITION', "Conflict with underlay image task 'copyImages'");
    await expectFailure(
      s.alice.copyImages({ sourceImageIds: [first], destinationRegion: 'cn-south-1' }),
      'FAILED_PRECONDITION',
      /^Conflict with underlay image task/,
    );

    s.clock.advance(TRANSITION_MS);
    expect((await s.alice.describeImage({ imageId: copyId, regionId: 'cn-east-2' })).image).toMatchObject({
      status: 'ready',
      progress: '100',
    });
    expect((await s.alice.describeImages({ imageSource: 'private', regionId: 'cn-east-2' })).totalCount).toBe(2);
    // Other accounts see nothing of it.
    await expectFailure(s.bob.describeImage({ imageId: copyId, regionId: 'cn-east-2' }), 'NOT_FOUND');
  });

  it('name and description apply to every copy', async () => {
    const { copyImages } = await s.alice.copyImages({
      sourceImageIds: [first],
      destinationRegion: 'cn-south-1',
      name: 'release-0501.gz',
      description: 'For the Guangzhou cluster',
    });
    const copy = (await s.alice.describeImage({ imageId: copyImages[0]?.destinationImageId as string, regionId: 'cn-south-1' })).image;
    expect(copy).toMatchObject({ name: 'release-0501.gz', desc: 'For the Guangzhou cluster' });
    s.clock.advance(TRANSITION_MS);
  });

  it('the destination must be another valid region', async () => {
    await expectFailure(s.alice.copyImages({ sourceImageIds: [first], destinationRegion: 'cn-north-1' }), 'INVALID_ARGUMENT', /differ/);
    await expectFailure(s.alice.copyImages({ sourceImageIds: [first], destinationRegion: 'xx-nowhere-9' }), 'INVALID_ARGUMENT', /not a region/);
    await expectFailure(s.alice.copyImages({ sourceImageIds: [first], destinationRegion: 'cn_bad' }), 'INVALID_ARGUMENT');
  });

  it('only own private, ready, cloud-disk images; each listed once; at most 10', async () => {
    await expectFailure(s.alice.copyImages({ sourceImageIds: [CENTOS], destinationRegion: 'cn-east-2' }), 'FAILED_PRECONDITION', "Can't use this image");
    await expectFailure(s.alice.copyImages({ sourceImageIds: ['img-nosuchimage'], destinationRegion: 'cn-east-2' }), 'NOT_FOUND');
    await expectFailure(s.alice.copyImages({ sourceImageIds: [first, first], destinationRegion: 'cn-east-2' }), 'INVALID_ARGUMENT', /twice/);
    await expectFailure(s.alice.copyImages({ sourceImageIds: [], destinationRegion: 'cn-east-2' }), 'INVALID_ARGUMENT');
    await expectFailure(
      s.alice.copyImages({ sourceImageIds: Array.from({ length: 11 }, () => first), destinationRegion: 'cn-east-2' }),
      'OUT_OF_RANGE',
    );
    const pending = (await s.alice.createImage({ instanceId: seedInstance(s, 'alice'), name: 'not-yet' })).imageId;
    await expectFailure(s.alice.copyImages({ sourceImageIds: [first, pending], destinationRegion: 'cn-east-2' }), 'FAILED_PRECONDITION');
    s.clock.advance(TRANSITION_MS);
  });

  it('the copies count against the destination region’s image quota (429)', async () => {
    seedImages(s, 'alice', 49, 'cn-east-1');
    await expectFailure(
      s.alice.copyImages({ sourceImageIds: [first, second], destinationRegion: 'cn-east-1' }),
      'QUOTA_EXCEEDED',
      /49 of 50 used, 2 more/,
    );
    // Nothing was copied and the sources are not busy.
    expect((await s.alice.describeImages({ imageSource: 'private', regionId: 'cn-east-1' })).totalCount).toBe(49);
    await s.alice.copyImages({ sourceImageIds: [second], destinationRegion: 'cn-east-1' });
  });
});
