// Shared set-up of the image tests: a signed stub with a manual clock and several accounts, one
// @jdcloud-vm/client per account, and seeds for instances and private images.
import { type VmClient, createVmClient } from '@jdcloud-vm/client';
import type { components } from '@jdcloud-vm/client';
import { expect } from 'vitest';
import { ManualClock } from '../src/index.js';
import { REGION, type TestStub, failure, start } from './helpers.js';

export { type Failure, failure } from './helpers.js';

export { REGION };
export const TRANSITION_MS = 1000;

/** Catalog images (data/catalog/public-images.json). */
export const CENTOS = '7168934e-8bbb-5c59-a527-f69412fcbe96';
export const CENTOS_LOCAL = '45b27fe1-8c18-5126-99ac-9e41e8e6dda7';
export const UBUNTU = 'c70ccb1d-97b5-5982-b1ae-a9213a1be74f';
export const UBUNTU_ARM = 'd6fe6de3-f3cb-5e07-9245-460e013b96ce';
export const WINDOWS = '0b251d7a-912f-5d9e-be2b-9c4f8a1f9bee';
export const CENTOS_OFFLINE = 'dd0eb63a-21ea-527e-8ca5-6c824f5ef917';
export const BT_PANEL = 'a37e8fff-f6d9-5be9-aafb-5d3eb5e2bb09';

export interface ImageTestStub {
  stub: TestStub;
  clock: ManualClock;
  /** Clients by account (access key id). */
  as: (account: string) => VmClient;
  alice: VmClient;
  bob: VmClient;
  carol: VmClient;
  close: () => Promise<void>;
}

/** A stub signed with `alice`, `bob`, `carol` and `extra` more accounts (`member01`, ...). */
export async function imageStub(extra = 0): Promise<ImageTestStub> {
  const accounts = ['alice', 'bob', 'carol', ...Array.from({ length: extra }, (_, i) => `member${String(i + 1).padStart(2, '0')}`)];
  // The clock starts at the real time: the client signs with the real date.
  const clock = new ManualClock(Date.now());
  const stub = await start({
    accessKeys: accounts.map((a) => `${a}:secret-of-${a}`),
    clock,
    transitionMs: TRANSITION_MS,
  });
  const clients = new Map<string, VmClient>();
  const as = (account: string): VmClient => {
    let client = clients.get(account);
    if (!client) {
      client = createVmClient({
        endpoint: stub.url,
        accessKeyId: account,
        secretAccessKey: `secret-of-${account}`,
        regionId: REGION,
        retry: false,
      });
      clients.set(account, client);
    }
    return client;
  };
  return { stub, clock, as, alice: as('alice'), bob: as('bob'), carol: as('carol'), close: () => stub.close() };
}


/** Expects the call to fail with this status class (and HTTP status). */
export async function expectFailure(call: Promise<unknown>, status: string, message?: string | RegExp) {
  const error = await failure(call);
  const http: Record<string, number> = { NOT_FOUND: 404, QUOTA_EXCEEDED: 429 };
  expect({ status: error.status, httpStatus: error.httpStatus }).toEqual({ status, httpStatus: http[status] ?? 400 });
  if (message !== undefined) expect(error.message).toMatch(message);
  return error;
}

type Instance = components['schemas']['Instance'];
type Disk = NonNullable<Instance['dataDisks']>[number];

export function cloudDataDisk(deviceName: string, diskSizeGB: number, extra: Partial<Disk> = {}): Disk {
  return {
    diskCategory: 'cloud',
    autoDelete: true,
    deviceName,
    status: 'attached',
    cloudDisk: { diskId: `vol-${deviceName}0001`, diskType: 'ssd.gp1', diskSizeGB, status: 'in-use', encrypted: false },
    ...extra,
  };
}

let seq = 0;

/** A stopped CentOS instance with a 40 GiB cloud system disk and the given data disks. */
export function seedInstance(
  s: ImageTestStub,
  account: string,
  overrides: Partial<Instance> = {},
  region = REGION,
): string {
  seq += 1;
  const instanceId = overrides.instanceId ?? `i-seed${String(seq).padStart(4, '0')}`;
  const instance: Instance = {
    instanceId,
    instanceName: `web-${seq}`,
    instanceType: 'g.n2.large',
    status: 'stopped',
    imageId: CENTOS,
    az: `${region}a`,
    osType: 'linux',
    platform: 'CentOS',
    osVersion: '7.9',
    architecture: 'x86_64',
    bootMode: 'bios',
    systemDisk: {
      diskCategory: 'cloud',
      autoDelete: true,
      deviceName: 'vda',
      status: 'attached',
      cloudDisk: { diskId: `vol-sys${seq}`, diskType: 'ssd.gp1', diskSizeGB: 40, status: 'in-use', encrypted: false },
    },
    dataDisks: [],
    ...overrides,
  };
  s.stub.store.scope(account, region).instances.insert(instanceId, { ...instance, instanceId });
  return instanceId;
}

/** Makes a ready private image of `account` through createImage (system disk only). */
export async function readyImage(s: ImageTestStub, account: string, name = 'base-image', overrides: Partial<Instance> = {}) {
  const instanceId = seedInstance(s, account, overrides);
  const { imageId } = await s.as(account).createImage({ instanceId, name });
  s.clock.advance(TRANSITION_MS);
  const { image } = await s.as(account).describeImage({ imageId });
  expect(image.status).toBe('ready');
  return imageId;
}

/** Puts `count` ready private images straight into the store. */
export function seedImages(s: ImageTestStub, account: string, count: number, region = REGION): string[] {
  const ids: string[] = [];
  const images = s.stub.store.scope(account, region).images;
  for (let i = 0; i < count; i += 1) {
    const imageId = `img-seeded${account}${region.replace(/-/g, '')}${i}`;
    images.insert(imageId, {
      imageId,
      name: `seeded-${i}`,
      platform: 'CentOS',
      architecture: 'x86_64',
      systemDiskSizeGB: 40,
      imageSource: 'private',
      osType: 'linux',
      status: 'ready',
      createTime: '2024-05-01T10:00:00+08:00',
      rootDeviceType: 'cloudDisk',
      dataDisks: [],
      bootMode: 'bios',
      _sharedWith: [],
      _community: false,
    });
    ids.push(imageId);
  }
  return ids;
}
