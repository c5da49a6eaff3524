// Sharing between accounts named by user PIN (--access-key accounts: the PIN is the key id;
// --account ones: their own PIN, whatever key signs),
// describeImageMembers, the 20-accounts-per-image limit, community release and withdrawal, and
// account isolation: another account's private image is 404, never a leak.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVmClient } from '@jdcloud-vm/client';
import { ManualClock } from '../src/index.js';
import { REGION as HELPER_REGION, call, errorOf, start, type TestStub } from './helpers.js';
import {
  CENTOS,
  type ImageTestStub,
  cloudDataDisk,
  expectFailure,
  imageStub,
  readyImage,
  seedInstance,
  TRANSITION_MS,
} from './image-helpers.js';

describe('sharing private images', () => {
  let s: ImageTestStub;
  let imageId: string;
  beforeAll(async () => {
    s = await imageStub();
    imageId = await readyImage(s, 'alice', 'shared-base');
  });
  afterAll(() => s.close());

  it('before sharing, other accounts get 404 for everything about the image', async () => {
    for (const other of [s.bob, s.carol]) {
      await expectFailure(other.describeImage({ imageId }), 'NOT_FOUND', `Image '${imageId}' not found.`);
      await expectFailure(other.describeImageMembers({ imageId }), 'NOT_FOUND');
      await expectFailure(other.shareImage({ imageId, pins: ['carol'] }), 'NOT_FOUND');
      await expectFailure(other.unShareImage({ imageId, pins: ['bob'] }), 'NOT_FOUND');
      await expectFailure(other.releaseImage({ imageId }), 'NOT_FOUND');
      await expectFailure(other.unReleaseImage({ imageId }), 'NOT_FOUND');
      await expectFailure(other.deleteImage({ imageId }), 'NOT_FOUND');
      await expectFailure(other.copyImages({ sourceImageIds: [imageId], destinationRegion: 'cn-east-2' }), 'NOT_FOUND');
      await expectFailure(
        other.exportImage({ imageId, roleName: 'r', ossUrl: 'https://b.s3.cn-north-1.jdcloud-oss.com' }),
        'NOT_FOUND',
      );
    }
    expect(await s.alice.describeImageMembers({ imageId })).toEqual({ pins: [], loginNames: [] });
  });

  it('shareImage by pin and login name; the members see it as shared, others still get 404', async () => {
    await s.alice.shareImage({ imageId, pins: ['bob'] });
    await s.alice.shareImage({ imageId, loginNames: ['carol'], pins: ['bob'] }); // bob again: no change
    expect(await s.alice.describeImageMembers({ imageId })).toEqual({ pins: ['bob', 'carol'], loginNames: ['bob', 'carol'] });
    expect((await s.alice.describeImage({ imageId })).image.launchPermission).toBe('specifiedUsers');
    const { image } = await s.bob.describeImage({ imageId });
    expect(image).toMatchObject({ imageSource: 'shared', launchPermission: 'specifiedUsers', ownerPin: 'alice' });
    await s.alice.unShareImage({ imageId, loginNames: ['carol'] });
    await expectFailure(s.carol.describeImage({ imageId }), 'NOT_FOUND');
    expect((await s.alice.describeImageMembers({ imageId })).pins).toEqual(['bob']);
  });

  it('a member cannot modify, share further, list members, release, delete, copy or export it', async () => {
    // The pages' wording for an image that is not the caller's private one.
    const refused = "Can't use this image";
    await expectFailure(s.bob.shareImage({ imageId, pins: ['carol'] }), 'FAILED_PRECONDITION', refused);
    await expectFailure(s.bob.describeImageMembers({ imageId }), 'FAILED_PRECONDITION', refused);
    await expectFailure(s.bob.releaseImage({ imageId }), 'FAILED_PRECONDITION', "Can't use non-private image");
    await expectFailure(s.bob.deleteImage({ imageId }), 'FAILED_PRECONDITION', "Can't delete this image");
    await expectFailure(s.bob.copyImages({ sourceImageIds: [imageId], destinationRegion: 'cn-east-2' }), 'FAILED_PRECONDITION', refused);
    await expectFailure(
      s.bob.exportImage({ imageId, roleName: 'r', ossUrl: 'https://b.s3.cn-north-1.jdcloud-oss.com' }),
      'FAILED_PRECONDITION',
      refused,
    );
  });

  it('pins must be well-formed accounts the stub knows, not the owner, and at least one', async () => {
    // The messages as the shareImage page's error table writes them.
    await expectFailure(s.alice.shareImage({ imageId, pins: ['nobody'] }), 'FAILED_PRECONDITION', "Pin 'nobody' not found");
    await expectFailure(s.alice.shareImage({ imageId, loginNames: ['nobody'] }), 'FAILED_PRECONDITION', "Pin 'nobody' not found");
    await expectFailure(s.alice.shareImage({ imageId, pins: ['bad pin'] }), 'FAILED_PRECONDITION', "Invalid pin 'bad pin'");
    await expectFailure(s.alice.shareImage({ imageId, pins: ['alice'] }), 'FAILED_PRECONDITION', /its owner/);
    await expectFailure(s.alice.shareImage({ imageId, pins: [] }), 'INVALID_ARGUMENT', /at least one account/);
    await expectFailure(s.alice.shareImage({ imageId }), 'INVALID_ARGUMENT', /at least one account/);
    await expectFailure(s.alice.unShareImage({ imageId, pins: ['carol'] }), 'FAILED_PRECONDITION', /not shared with 'carol'/);
    await expectFailure(s.alice.unShareImage({ imageId, pins: ['nobody'] }), 'FAILED_PRECONDITION', "Pin 'nobody' not found");
    await expectFailure(s.alice.unShareImage({ imageId }), 'INVALID_ARGUMENT');
    // Nothing changed.
    expect((await s.alice.describeImageMembers({ imageId })).pins).toEqual(['bob']);
  });

  it('a shared image cannot be deleted until every member is removed', async () => {
    await expectFailure(s.alice.deleteImage({ imageId }), 'FAILED_PRECONDITION', /shared with 1 account/);
  });

  it('only private images can be shared; only ready ones; catalog images are FAILED_PRECONDITION', async () => {
    await expectFailure(s.alice.shareImage({ imageId: CENTOS, pins: ['bob'] }), 'FAILED_PRECONDITION', "Can't use this image");
    await expectFailure(s.alice.describeImageMembers({ imageId: CENTOS }), 'FAILED_PRECONDITION');
    const pending = (await s.alice.createImage({ instanceId: seedInstance(s, 'alice'), name: 'pending-one' })).imageId;
    await expectFailure(s.alice.shareImage({ imageId: pending, pins: ['bob'] }), 'FAILED_PRECONDITION', /^Conflict with underlay image task/);
    s.stub.store.scope('alice', 'cn-north-1').tasks.end('image', pending);
    await expectFailure(s.alice.shareImage({ imageId: pending, pins: ['bob'] }), 'FAILED_PRECONDITION', /must be ready, but it is pending/);
  });

  it('images with an encrypted snapshot cannot be shared, released or copied', async () => {
    const encrypted = await readyImage(s, 'alice', 'encrypted', {
      systemDisk: {
        diskCategory: 'cloud',
        deviceName: 'vda',
        status: 'attached',
        cloudDisk: { diskType: 'ssd.gp1', diskSizeGB: 40, encrypted: true },
      },
    });
    await expectFailure(s.alice.shareImage({ imageId: encrypted, pins: ['bob'] }), 'FAILED_PRECONDITION', /encrypted/);
    await expectFailure(s.alice.releaseImage({ imageId: encrypted }), 'FAILED_PRECONDITION', /encrypted/);
    await expectFailure(s.alice.copyImages({ sourceImageIds: [encrypted], destinationRegion: 'cn-east-2' }), 'FAILED_PRECONDITION', /encrypted/);
  });

  it('releaseImage revokes the shares and publishes the image to every account', async () => {
    await s.alice.releaseImage({ imageId });
    expect(await s.alice.describeImageMembers({ imageId })).toEqual({ pins: [], loginNames: [] });
    expect((await s.alice.describeImage({ imageId })).image).toMatchObject({ imageSource: 'private', launchPermission: 'all' });
    for (const other of [s.bob, s.carol]) {
      expect((await other.describeImage({ imageId })).image).toMatchObject({ imageSource: 'community', launchPermission: 'all' });
    }
    expect((await s.bob.describeImages({ imageSource: 'shared' })).totalCount).toBe(0);
    await expectFailure(s.alice.shareImage({ imageId, pins: ['bob'] }), 'FAILED_PRECONDITION', /community image/);
    await expectFailure(s.alice.deleteImage({ imageId }), 'FAILED_PRECONDITION', /unReleaseImage first/);
    await expectFailure(s.carol.releaseImage({ imageId }), 'FAILED_PRECONDITION', "Can't use non-private image");
    await expectFailure(s.alice.unShareImage({ imageId, pins: ['bob'] }), 'FAILED_PRECONDITION', /not shared with any account/);
  });

  it('unReleaseImage withdraws it; then it can be shared again, unshared and deleted', async () => {
    await s.alice.unReleaseImage({ imageId });
    await s.alice.unReleaseImage({ imageId }); // already withdrawn: nothing to do
    await expectFailure(s.carol.describeImage({ imageId }), 'NOT_FOUND');
    expect((await s.alice.describeImage({ imageId })).image.launchPermission).toBe('ownerOnly');
    await s.alice.shareImage({ imageId, pins: ['carol'] });
    expect((await s.carol.describeImage({ imageId })).image.imageSource).toBe('shared');
    await s.alice.unShareImage({ imageId, pins: ['carol'] });
    await s.alice.deleteImage({ imageId });
  });
});

describe('the share limit', () => {
  let s: ImageTestStub;
  beforeAll(async () => {
    s = await imageStub(21);
  });
  afterAll(() => s.close());

  it('one image is shared with at most 20 accounts (imageShare quota → 429)', async () => {
    const imageId = await readyImage(s, 'alice', 'popular');
    const members = Array.from({ length: 21 }, (_, i) => `member${String(i + 1).padStart(2, '0')}`);
    await s.alice.shareImage({ imageId, pins: members.slice(0, 15) });
    await expectFailure(s.alice.shareImage({ imageId, pins: members.slice(10, 21) }), 'QUOTA_EXCEEDED', /15 of 20 used, 6 more/);
    await s.alice.shareImage({ imageId, pins: members.slice(10, 20) });
    expect((await s.alice.describeImageMembers({ imageId })).pins).toEqual(members.slice(0, 20));
    await expectFailure(s.alice.shareImage({ imageId, pins: ['member21'] }), 'QUOTA_EXCEEDED');
    // Another image has its own limit.
    const other = await readyImage(s, 'alice', 'other');
    await s.alice.shareImage({ imageId: other, pins: ['member21'] });
    expect((await s.as('member21').describeImages({ imageSource: 'shared' })).images.map((i) => i.imageId)).toEqual([other]);
  });

  it('whole-machine images are refused before the limit is looked at', async () => {
    const instanceId = seedInstance(s, 'alice', { dataDisks: [cloudDataDisk('vdb', 50)] });
    const { imageId } = await s.alice.createImage({ instanceId, name: 'machine' });
    s.clock.advance(1000);
    await expectFailure(s.alice.shareImage({ imageId, pins: ['bob'] }), 'FAILED_PRECONDITION', /whole-machine/);
  });
});

describe('sharing in open mode', () => {
  let stub: TestStub;
  beforeAll(async () => {
    stub = await start({ transitionMs: 0, accounts: ['jd_friend'] });
  });
  afterAll(() => stub.close());

  it('the caller is default; the other PINs are the configured accounts (without keys they cannot call)', async () => {
    stub.store.scope('default', HELPER_REGION).instances.insert('i-open0001', {
      instanceId: 'i-open0001',
      status: 'stopped',
      systemDisk: { diskCategory: 'cloud', deviceName: 'vda', cloudDisk: { diskType: 'ssd.gp1', diskSizeGB: 40 } },
    });
    const created = await call('POST', stub.api('/instances/i-open0001:createImage'), { body: { name: 'open-image' } });
    expect(created.status).toBe(200);
    const imageId = created.json.result.imageId as string;
    const unknown = errorOf(await call('POST', stub.api(`/images/${imageId}:share`), { body: { pins: ['someone'] } }));
    expect(unknown).toEqual({ code: 400, status: 'FAILED_PRECONDITION', message: "Pin 'someone' not found" });
    const self = errorOf(await call('POST', stub.api(`/images/${imageId}:share`), { body: { pins: ['default'] } }));
    expect(self.message).toMatch(/its owner/);
    expect((await call('POST', stub.api(`/images/${imageId}:share`), { body: { pins: ['jd_friend'] } })).status).toBe(200);
    expect((await call('GET', stub.api(`/images/${imageId}/members`))).json.result.pins).toEqual(['jd_friend']);
  });
});

describe('accounts with user PINs and several access keys', () => {
  let stub: TestStub;
  const clock = new ManualClock(Date.now());
  const client = (accessKeyId: string, secretAccessKey: string) =>
    createVmClient({ endpoint: stub.url, accessKeyId, secretAccessKey, regionId: HELPER_REGION, retry: false });
  beforeAll(async () => {
    stub = await start({
      clock,
      transitionMs: TRANSITION_MS,
      accounts: ['jd_alice=AK_ALICE_1:SK_A1,AK_ALICE_2:SK_A2', { pin: 'jd_bob', accessKeys: [{ accessKeyId: 'AK_BOB', secretAccessKey: 'SK_B' }] }],
      accessKeys: ['AK_CAROL:SK_C'],
    });
  });
  afterAll(() => stub.close());

  it('both keys of an account see the same state; shares name the PIN, not a key', async () => {
    const [alice1, alice2, bob, carol] = [client('AK_ALICE_1', 'SK_A1'), client('AK_ALICE_2', 'SK_A2'), client('AK_BOB', 'SK_B'), client('AK_CAROL', 'SK_C')];
    stub.store.scope('jd_alice', HELPER_REGION).instances.insert('i-pin00001', {
      instanceId: 'i-pin00001',
      status: 'stopped',
      systemDisk: { diskCategory: 'cloud', deviceName: 'vda', cloudDisk: { diskType: 'ssd.gp1', diskSizeGB: 40 } },
    });
    const { imageId } = await alice1.createImage({ instanceId: 'i-pin00001', name: 'pin-image' });
    clock.advance(TRANSITION_MS);
    expect((await alice2.describeImage({ imageId })).image).toMatchObject({ imageSource: 'private', status: 'ready' });
    await expectFailure(alice2.shareImage({ imageId, pins: ['AK_BOB'] }), 'FAILED_PRECONDITION', "Pin 'AK_BOB' not found");
    await expectFailure(alice2.shareImage({ imageId, pins: ['AK_ALICE_1'] }), 'FAILED_PRECONDITION', "Pin 'AK_ALICE_1' not found");
    await expectFailure(alice2.shareImage({ imageId, pins: ['jd_alice'] }), 'FAILED_PRECONDITION', /its owner/);
    // --access-key accounts keep the key id as their PIN.
    await alice2.shareImage({ imageId, pins: ['jd_bob', 'AK_CAROL'] });
    expect(await alice1.describeImageMembers({ imageId })).toEqual({ pins: ['jd_bob', 'AK_CAROL'], loginNames: ['jd_bob', 'AK_CAROL'] });
    expect((await bob.describeImage({ imageId })).image).toMatchObject({ imageSource: 'shared', ownerPin: 'jd_alice' });
    expect((await carol.describeImage({ imageId })).image.imageSource).toBe('shared');
    await alice1.unShareImage({ imageId, pins: ['jd_bob'] });
    await expectFailure(bob.describeImage({ imageId }), 'NOT_FOUND');
    // The state is kept by PIN; the request log names the PIN too.
    const stored = Object.keys(stub.store.toJSON().accounts);
    expect(stored).toContain('jd_alice');
    expect(stored.filter((account) => account.startsWith('AK_ALICE'))).toEqual([]);
    expect(stub.logs.filter((l) => l.msg === 'request').at(-1)?.account).toBe('jd_bob');
  });
});
