// The InstanceTemplate group through @jdcloud-vm/client against a signed stub: create with the
// catalog and state checks, describe (filters, paging), PATCH semantics of update, delete,
// verify after the referenced resources changed, and isolation between two accounts.
import { type VmClient, createVmClient } from '@jdcloud-vm/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGION, type TestStub, failure, start } from './helpers.js';

const CENTOS = '7168934e-8bbb-5c59-a527-f69412fcbe96'; // cloud system disk, 40 GiB
const CENTOS_LOCAL = '45b27fe1-8c18-5126-99ac-9e41e8e6dda7'; // local system disk
const UBUNTU_ARM = 'd6fe6de3-f3cb-5e07-9245-460e013b96ce'; // only g.a2.large
const WINDOWS = '0b251d7a-912f-5d9e-be2b-9c4f8a1f9bee'; // 50 GiB, not on g.n2.medium
const NIC = { networkInterface: { subnetId: 'subnet-c2p3qv0b1x', securityGroups: ['sg-p2d1rf3ki7'] } };
const A = { accessKeyId: 'AKTEMPLATEA', secretAccessKey: 'secret-a' };
const B = { accessKeyId: 'AKTEMPLATEB', secretAccessKey: 'secret-b' };


function seedPrivateImage(stub: TestStub, account: string, imageId: string, extra: Record<string, unknown> = {}): void {
  stub.store.scope(account, REGION).images.insert(imageId, {
    imageId,
    name: `private ${imageId}`,
    platform: 'CentOS',
    osVersion: '7.9',
    architecture: 'x86_64',
    systemDiskSizeGB: 40,
    imageSource: 'private',
    osType: 'linux',
    status: 'ready',
    rootDeviceType: 'cloudDisk',
    createTime: '2024-05-01T16:30:00+08:00',
    ...extra,
  });
}

describe('instance templates', () => {
  let stub: TestStub;
  let a: VmClient;
  let b: VmClient;
  const minimal = (extra: Record<string, unknown> = {}) => ({
    instanceType: 'g.n2.medium',
    imageId: CENTOS,
    primaryNetworkInterface: NIC,
    ...extra,
  });

  beforeAll(async () => {
    stub = await start({ accessKeys: [`${A.accessKeyId}:${A.secretAccessKey}`, `${B.accessKeyId}:${B.secretAccessKey}`] });
    const client = (key: typeof A) => createVmClient({ ...key, regionId: REGION, endpoint: stub.url, retry: false });
    a = client(A);
    b = client(B);
  });
  afterAll(() => stub.close());

  describe('createInstanceTemplate and describeInstanceTemplate', () => {
    it('stores the settings and reads them back as the InstanceTemplate model, system disk from the image', async () => {
      const { instanceTemplateId } = await a.createInstanceTemplate({ name: 'minimal', instanceTemplateData: minimal() });
      expect(instanceTemplateId).toMatch(/^it-[0-9a-z]+$/);
      const { instanceTemplate } = await a.describeInstanceTemplate({ instanceTemplateId });
      expect(instanceTemplate.createdTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      expect(instanceTemplate).toEqual({
        id: instanceTemplateId,
        name: 'minimal',
        description: '',
        createdTime: instanceTemplate.createdTime,
        ags: [],
        instanceTemplateData: {
          instanceType: 'g.n2.medium',
          imageId: CENTOS,
          includePassword: false,
          systemDisk: {
            diskCategory: 'cloud',
            autoDelete: false,
            instanceTemplateDisk: { diskType: 'ssd.gp1', diskSizeGB: 40, encrypt: false },
          },
          primaryNetworkInterface: {
            autoDelete: true,
            networkInterface: { subnetId: 'subnet-c2p3qv0b1x', securityGroups: ['sg-p2d1rf3ki7'], ipv6AddressCount: 0 },
          },
          chargeOnStopped: 'keepCharging',
          passwordAuth: 'yes',
          imageInherit: 'no',
        },
      });
    });

    it('the document example: password kept but never shown, metadata and user data not part of the model', async () => {
      const { instanceTemplateId } = await a.createInstanceTemplate({
        name: 'web-template',
        description: 'Web tier template',
        instanceTemplateData: {
          instanceType: 'g.n2.medium',
          imageId: CENTOS,
          password: 'Tmpl#Vm2024',
          primaryNetworkInterface: { autoDelete: true, ...NIC },
          systemDisk: { diskCategory: 'cloud', cloudDiskSpec: { diskType: 'ssd.gp1', diskSizeGB: 100 } },
          dataDisks: [
            { diskCategory: 'cloud', autoDelete: true, cloudDiskSpec: { diskType: 'hdd.std1', diskSizeGB: 100 }, deviceName: 'vdb' },
          ],
          metadata: [{ key: 'role', value: 'web' }],
          userdata: [{ key: 'launch-script', value: Buffer.from("#!/bin/bash\necho 'hello'\n").toString('base64') }],
          elasticIp: { bandwidthMbps: 10, provider: 'BGP', chargeMode: 'bandwith' },
          instanceTags: [{ key: 'env', value: 'prod' }],
          chargeOnStopped: 'stopCharging',
          imageInherit: 'no',
        },
      });
      const raw = await fetch(stub.api(`/instanceTemplates/${instanceTemplateId}`), {
        headers: await signedHeaders(`/instanceTemplates/${instanceTemplateId}`),
      }).then((r) => r.text());
      expect(raw).not.toContain('Tmpl#Vm2024');
      expect(raw).not.toContain('launch-script');
      expect(raw).not.toContain('_password');
      const { instanceTemplate } = await a.describeInstanceTemplate({ instanceTemplateId });
      const data = instanceTemplate.instanceTemplateData;
      expect(instanceTemplate.description).toBe('Web tier template');
      expect(data?.includePassword).toBe(true);
      expect(data?.systemDisk).toEqual({
        diskCategory: 'cloud',
        autoDelete: false,
        instanceTemplateDisk: { diskType: 'ssd.gp1', diskSizeGB: 100, encrypt: false },
      });
      expect(data?.dataDisks).toEqual([
        { diskCategory: 'cloud', autoDelete: true, deviceName: 'vdb', instanceTemplateDisk: { diskType: 'hdd.std1', diskSizeGB: 100, encrypt: false } },
      ]);
      expect(data?.elasticIp).toEqual({ bandwidthMbps: 10, provider: 'BGP', chargeMode: 'bandwith' });
      expect(data?.instanceTags).toEqual([{ key: 'env', value: 'prod' }]);
      expect(data?.chargeOnStopped).toBe('stopCharging');
      // What createInstances needs from the template is in the record (the `_` fields).
      const record = stub.store.scope(A.accessKeyId, REGION).instanceTemplates.get(instanceTemplateId);
      expect(record?._password).toBe('Tmpl#Vm2024');
      expect(record?._metadata).toEqual([{ key: 'role', value: 'web' }]);
      expect(record?._userdata?.[0]?.key).toBe('launch-script');
    });

    async function signedHeaders(path: string): Promise<Record<string, string>> {
      const { signRequest } = await import('@jdcloud-vm/client/signing');
      const headers = await signRequest(
        { method: 'GET', url: stub.api(path), headers: { 'content-type': 'application/json' } },
        { ...A, regionId: REGION },
      );
      delete headers.host;
      return headers;
    }

    it('key pairs must exist (NOT_FOUND); with passWordAuth no no password is kept', async () => {
      const data = minimal({ keyNames: ['dev-keypair'], passWordAuth: 'no', password: 'Tmpl#Vm2024' });
      expect(await failure(a.createInstanceTemplate({ name: 'keys', instanceTemplateData: data }))).toEqual({
        httpStatus: 404,
        status: 'NOT_FOUND',
        message: "KeyPair 'dev-keypair' not found",
      });
      await a.createKeypair({ keyName: 'dev-keypair' });
      const { instanceTemplateId } = await a.createInstanceTemplate({ name: 'keys', instanceTemplateData: data });
      const { instanceTemplate } = await a.describeInstanceTemplate({ instanceTemplateId });
      expect(instanceTemplate.instanceTemplateData).toMatchObject({ keyNames: ['dev-keypair'], passwordAuth: 'no', includePassword: false });
      expect(
        await failure(a.createInstanceTemplate({ name: 'two-keys', instanceTemplateData: minimal({ keyNames: ['dev-keypair', 'other'] }) })),
      ).toMatchObject({ status: 'OUT_OF_RANGE' });
    });

    it('names: 1–32 Chinese characters, letters, digits, _ and -; not unique; description at most 256', async () => {
      for (const name of ['bad name', 'slash/no', 'x'.repeat(33), '']) {
        const error = await failure(a.createInstanceTemplate({ name, instanceTemplateData: minimal() }));
        expect(error.status, name).toBe('INVALID_ARGUMENT');
      }
      await a.createInstanceTemplate({ name: '模板_web-1', instanceTemplateData: minimal() });
      await a.createInstanceTemplate({ name: 'x'.repeat(32), instanceTemplateData: minimal() });
      await a.createInstanceTemplate({ name: 'same', instanceTemplateData: minimal() });
      await a.createInstanceTemplate({ name: 'same', instanceTemplateData: minimal() });
      const error = await failure(a.createInstanceTemplate({ name: 'd', description: 'd'.repeat(257), instanceTemplateData: minimal() }));
      expect(error).toMatchObject({ status: 'INVALID_ARGUMENT', message: expect.stringContaining('256') });
    });

    it.each([
      ['an unknown instance type', { instanceType: 'x.n9.huge' }, 404, 'NOT_FOUND', "InstanceType 'x.n9.huge' not found"],
      ['an unknown image', { imageId: 'img-nothere1' }, 404, 'NOT_FOUND', "Image 'img-nothere1' not found"],
      ['an image that does not support the type', { imageId: UBUNTU_ARM }, 400, 'FAILED_PRECONDITION', "Image constraints. Doesn't support instanceType 'g.n2.medium'"],
      ['a constraint of the image (excludes)', { imageId: WINDOWS }, 400, 'FAILED_PRECONDITION', "Image constraints. Doesn't support instanceType 'g.n2.medium'"],
      ['a cloud system disk for a local-disk image', { imageId: CENTOS_LOCAL, systemDisk: { diskCategory: 'cloud' } }, 400, 'FAILED_PRECONDITION', 'Image constraints. Only support local system disk'],
      ['a local system disk for a cloud-disk image', { systemDisk: { diskCategory: 'local' } }, 400, 'FAILED_PRECONDITION', 'Image constraints. Only support cloud system disk'],
    ])('%s is refused', async (_what, change, httpStatus, status, message) => {
      expect(await failure(a.createInstanceTemplate({ name: 'refused', instanceTemplateData: minimal(change) }))).toEqual({
        httpStatus,
        status,
        message,
      });
    });

    it.each([
      ['a system disk over 500 GiB', { systemDisk: { cloudDiskSpec: { diskSizeGB: 600 } } }, 'OUT_OF_RANGE', 'SystemDisk.CloudDiskSpec.DiskSizeGB out of range'],
      ['a system disk under 40 GiB', { systemDisk: { cloudDiskSpec: { diskSizeGB: 30 } } }, 'OUT_OF_RANGE', 'SystemDisk.CloudDiskSpec.DiskSizeGB out of range'],
      ['a system disk smaller than the image', { instanceType: 'g.n2.large', imageId: WINDOWS, systemDisk: { cloudDiskSpec: { diskSizeGB: 40 } } }, 'OUT_OF_RANGE', "smaller than the image's system disk (50 GiB)"],
      ['a size off the 10 GiB step', { systemDisk: { cloudDiskSpec: { diskSizeGB: 45 } } }, 'INVALID_ARGUMENT', 'multiple of 10'],
      ['a data disk under 20 GiB', { dataDisks: [{ cloudDiskSpec: { diskSizeGB: 10 } }] }, 'OUT_OF_RANGE', 'DataDisks[0].CloudDiskSpec.DiskSizeGB out of range'],
      ['a data disk over 16000 GiB', { dataDisks: [{ cloudDiskSpec: { diskSizeGB: 16010 } }] }, 'OUT_OF_RANGE', 'DataDisks[0].CloudDiskSpec.DiskSizeGB out of range'],
      ['a local data disk', { dataDisks: [{ diskCategory: 'local', cloudDiskSpec: { diskSizeGB: 20 } }] }, 'INVALID_ARGUMENT', 'only be cloud disks'],
      ['a data disk without size or snapshot', { dataDisks: [{ cloudDiskSpec: { diskType: 'ssd.gp1' } }] }, 'INVALID_ARGUMENT', 'DiskSizeGB missing'],
      ['8 data disks beside a cloud system disk', { dataDisks: Array.from({ length: 8 }, () => ({ cloudDiskSpec: { diskSizeGB: 20 } })) }, 'OUT_OF_RANGE', 'at most 7 data disks'],
      ['more cloud disks than the type holds', { instanceType: 't.n2.small', dataDisks: Array.from({ length: 4 }, () => ({ cloudDiskSpec: { diskSizeGB: 20 } })) }, 'OUT_OF_RANGE', "'t.n2.small' holds at most 4 cloud disks"],
      ['a device name used twice', { dataDisks: [{ deviceName: 'vdb', cloudDiskSpec: { diskSizeGB: 20 } }, { deviceName: 'vdb', cloudDiskSpec: { diskSizeGB: 20 } }] }, 'INVALID_ARGUMENT', "'vdb' is used twice"],
      ['IOPS on a disk type without them', { systemDisk: { cloudDiskSpec: { diskType: 'ssd.gp1', diskSizeGB: 40, iops: 1000 } } }, 'INVALID_ARGUMENT', 'ssd.io1 disks only'],
      ['IOPS above 50 × the size', { systemDisk: { cloudDiskSpec: { diskType: 'ssd.io1', diskSizeGB: 40, iops: 2010 } } }, 'OUT_OF_RANGE', 'Iops out of range'],
      ['six security groups', { primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-a1', securityGroups: ['sg-1', 'sg-2', 'sg-3', 'sg-4', 'sg-5', 'sg-6'] } } }, 'OUT_OF_RANGE', 'at most 5'],
      ['a malformed password (a run of three)', { password: 'Abc#2024xy' }, 'INVALID_ARGUMENT', 'Malformed InstanceTemplateData.Password'],
      ['a malformed password (banned word)', { password: 'Vm#Cloud2024' }, 'INVALID_ARGUMENT', "contains 'cloud'"],
      ['a malformed password (two classes)', { password: 'vmtemplatez' }, 'INVALID_ARGUMENT', 'at least three'],
      ['an elastic IP provider in the wrong case', { elasticIp: { bandwidthMbps: 5, provider: 'bgp', chargeMode: 'flow' } }, 'INVALID_ARGUMENT', "'BGP' or 'nonBGP'"],
      ['a reserved tag key', { instanceTags: [{ key: 'jdc-owner', value: 'x' }] }, 'INVALID_ARGUMENT', "'jdc-owner'"],
      ['user data that is not Base64', { userdata: [{ key: 'launch-script', value: 'not base64!' }] }, 'INVALID_ARGUMENT', 'not Base64'],
      ['imageInherit with a public image', { imageInherit: 'yes' }, 'FAILED_PRECONDITION', 'private or shared image'],
    ])('%s is refused', async (_what, change, status, message) => {
      const error = await failure(a.createInstanceTemplate({ name: 'refused', instanceTemplateData: minimal(change) }));
      expect(error.status).toBe(status);
      expect(error.message).toContain(message);
    });

    it('a password is never echoed in an error', async () => {
      const error = await failure(a.createInstanceTemplate({ name: 'p', instanceTemplateData: minimal({ password: 'Secret#abcde' }) }));
      expect(error.status).toBe('INVALID_ARGUMENT');
      expect(error.message).not.toContain('Secret#abcde');
    });

    it('local system disks, burstable types, types not offered in the region', async () => {
      const local = await a.createInstanceTemplate({ name: 'local', instanceTemplateData: minimal({ imageId: CENTOS_LOCAL }) });
      const { instanceTemplate } = await a.describeInstanceTemplate({ instanceTemplateId: local.instanceTemplateId });
      expect(instanceTemplate.instanceTemplateData?.systemDisk).toEqual({ diskCategory: 'local', autoDelete: false });
      // 8 data disks fit beside a local system disk.
      await a.createInstanceTemplate({
        name: 'local-8',
        instanceTemplateData: minimal({ imageId: CENTOS_LOCAL, dataDisks: Array.from({ length: 8 }, () => ({ cloudDiskSpec: { diskSizeGB: 20 } })) }),
      });

      const burst = await a.createInstanceTemplate({ name: 'burst', instanceTemplateData: minimal({ instanceType: 't.n2.small' }) });
      expect((await a.describeInstanceTemplate({ instanceTemplateId: burst.instanceTemplateId })).instanceTemplate.instanceTemplateData?.burstInfo).toEqual({
        burstMode: 'standard',
      });
      const unlimited = await a.createInstanceTemplate({
        name: 'unlimited',
        instanceTemplateData: minimal({ instanceType: 't.n2.small', burstSpec: { burstMode: 'unlimited' } }),
      });
      expect(
        (await a.describeInstanceTemplate({ instanceTemplateId: unlimited.instanceTemplateId })).instanceTemplate.instanceTemplateData?.burstInfo,
      ).toEqual({ burstMode: 'unlimited' });

      // g.n1 types are not sold in cn-east-1 (the catalog's availability lists no zone).
      const error = await failure(
        a.createInstanceTemplate({ regionId: 'cn-east-1', name: 'east', instanceTemplateData: minimal({ instanceType: 'g.n1.medium' }) }),
      );
      expect(error).toEqual({ httpStatus: 404, status: 'NOT_FOUND', message: "InstanceType 'g.n1.medium' not found in cn-east-1" });
    });
  });

  describe('describeInstanceTemplates', () => {
    let other: VmClient;
    let ids: string[];
    beforeAll(async () => {
      const key = { accessKeyId: 'AKTEMPLATELIST', secretAccessKey: 'secret-list' };
      const listStub = await start({ accessKeys: [`${key.accessKeyId}:${key.secretAccessKey}`] });
      other = createVmClient({ ...key, regionId: REGION, endpoint: listStub.url, retry: false });
      ids = [];
      for (let i = 1; i <= 12; i++) {
        const name = i <= 3 ? `Web-${i}` : `batch-${i}`;
        ids.push((await other.createInstanceTemplate({ name, instanceTemplateData: minimal() })).instanceTemplateId);
      }
      return () => listStub.close();
    });

    it('pages of 20 by default, pageSize 10–100', async () => {
      const all = await other.describeInstanceTemplates();
      expect(all.totalCount).toBe(12);
      expect(all.instanceTemplates.map((t) => t.id)).toEqual(ids);
      const second = await other.describeInstanceTemplates({ pageSize: 10, pageNumber: 2 });
      expect(second.instanceTemplates.map((t) => t.id)).toEqual(ids.slice(10));
      expect(second.totalCount).toBe(12);
      expect((await failure(other.describeInstanceTemplates({ pageSize: 5 }))).status).toBe('OUT_OF_RANGE');
      const walked: string[] = [];
      for await (const t of other.paginate('describeInstanceTemplates', { pageSize: 10 })) walked.push(t.id as string);
      expect(walked).toEqual(ids);
    });

    it('filters: name fuzzy (case-insensitive), instanceTemplateId exact, several values, AND between filters', async () => {
      const web = await other.describeInstanceTemplates({ filters: [{ name: 'name', values: ['web'] }] });
      expect(web.instanceTemplates.map((t) => t.name)).toEqual(['Web-1', 'Web-2', 'Web-3']);
      const byId = await other.describeInstanceTemplates({ filters: [{ name: 'instanceTemplateId', values: [ids[0] as string, ids[5] as string] }] });
      expect(byId.instanceTemplates.map((t) => t.id)).toEqual([ids[0], ids[5]]);
      const partialId = await other.describeInstanceTemplates({ filters: [{ name: 'instanceTemplateId', values: [(ids[0] as string).slice(0, 5)] }] });
      expect(partialId.totalCount).toBe(0);
      const both = await other.describeInstanceTemplates({
        filters: [
          { name: 'name', values: ['web', 'batch-4'] },
          { name: 'instanceTemplateId', values: [ids[1] as string, ids[3] as string, ids[6] as string] },
        ],
      });
      expect(both.instanceTemplates.map((t) => t.id)).toEqual([ids[1], ids[3]]);
      expect((await failure(other.describeInstanceTemplates({ filters: [{ name: 'imageId', values: [CENTOS] }] }))).status).toBe(
        'INVALID_ARGUMENT',
      );
    });
  });

  describe('updateInstanceTemplate', () => {
    it('changes only the fields sent (defaults of the document are not applied to a PATCH)', async () => {
      const { instanceTemplateId } = await a.createInstanceTemplate({
        name: 'patch-me',
        description: 'first',
        instanceTemplateData: minimal({ chargeOnStopped: 'stopCharging', password: 'Tmpl#Vm2024', instanceTags: [{ key: 'env', value: 'dev' }] }),
      });
      const before = (await a.describeInstanceTemplate({ instanceTemplateId })).instanceTemplate;
      await a.updateInstanceTemplate({ instanceTemplateId, name: 'patched' });
      const renamed = (await a.describeInstanceTemplate({ instanceTemplateId })).instanceTemplate;
      expect(renamed).toEqual({ ...before, name: 'patched' });

      await a.updateInstanceTemplate({ instanceTemplateId, instanceTemplateData: { instanceType: 'c.n2.large' } });
      const retyped = (await a.describeInstanceTemplate({ instanceTemplateId })).instanceTemplate;
      expect(retyped.instanceTemplateData).toEqual({ ...before.instanceTemplateData, instanceType: 'c.n2.large' });
      expect(retyped.instanceTemplateData?.chargeOnStopped).toBe('stopCharging');
      expect(retyped.instanceTemplateData?.imageInherit).toBe('no');
      expect(retyped.description).toBe('first');
    });

    it('password / noPassword, elasticIp / noElasticIp, keyNames, tags, metadata, policy', async () => {
      const { instanceTemplateId } = await a.createInstanceTemplate({
        name: 'settings',
        instanceTemplateData: minimal({
          password: 'Tmpl#Vm2024',
          elasticIp: { bandwidthMbps: 10, provider: 'BGP', chargeMode: 'bandwith' },
          instanceTags: [
            { key: 'env', value: 'prod' },
            { key: 'team', value: 'web' },
          ],
          metadata: [
            { key: 'role', value: 'api' },
            { key: 'tier', value: '1' },
          ],
          autoImagePolicyId: 'pol-xgsc5k2r7e',
        }),
      });
      await a.updateInstanceTemplate({
        instanceTemplateId,
        instanceTemplateData: {
          noPassword: true,
          noElasticIp: true,
          keyNames: ['dev-keypair'],
          passWordAuth: 'no',
          removeInstanceTags: ['env'],
          instanceTags: [{ key: 'team', value: 'api' }, { key: 'cost', value: 'c1' }],
          metadata: [{ key: 'TIER-' }, { key: 'Role', value: 'web' }],
          autoImagePolicyId: 'NoPolicy',
        },
      });
      const data = (await a.describeInstanceTemplate({ instanceTemplateId })).instanceTemplate.instanceTemplateData;
      expect(data?.includePassword).toBe(false);
      expect(data?.elasticIp).toBeUndefined();
      expect(data?.keyNames).toEqual(['dev-keypair']);
      expect(data?.passwordAuth).toBe('no');
      expect(data?.instanceTags).toEqual([{ key: 'team', value: 'api' }, { key: 'cost', value: 'c1' }]);
      expect(data?.autoImagePolicyId).toBeUndefined();
      const record = stub.store.scope(A.accessKeyId, REGION).instanceTemplates.get(instanceTemplateId);
      expect(record?._metadata).toEqual([{ key: 'Role', value: 'web' }]);
      expect(record?._password).toBeUndefined();

      await a.updateInstanceTemplate({ instanceTemplateId, instanceTemplateData: { password: 'Tmpl#Vm2025', passWordAuth: 'yes' } });
      expect((await a.describeInstanceTemplate({ instanceTemplateId })).instanceTemplate.instanceTemplateData?.includePassword).toBe(true);

      for (const instanceTemplateData of [
        { password: 'Tmpl#Vm2025', noPassword: true },
        { elasticIp: { bandwidthMbps: 1, chargeMode: 'flow' as const }, noElasticIp: true },
        { instanceTags: [{ key: 'x', value: '1' }], removeInstanceTags: ['x'] },
        { password: 'weakpass' },
      ]) {
        expect((await failure(a.updateInstanceTemplate({ instanceTemplateId, instanceTemplateData }))).status).toBe('INVALID_ARGUMENT');
      }
      expect(
        await failure(a.updateInstanceTemplate({ instanceTemplateId, instanceTemplateData: { keyNames: ['missing-key'] } })),
      ).toMatchObject({ status: 'NOT_FOUND', message: "KeyPair 'missing-key' not found" });
    });

    it('new settings are checked as at creation; a system disk taken from the image follows a new image', async () => {
      const { instanceTemplateId } = await a.createInstanceTemplate({ name: 'image-swap', instanceTemplateData: minimal({ instanceType: 'g.n2.large' }) });
      await a.updateInstanceTemplate({ instanceTemplateId, instanceTemplateData: { imageId: WINDOWS } });
      const data = (await a.describeInstanceTemplate({ instanceTemplateId })).instanceTemplate.instanceTemplateData;
      expect(data?.imageId).toBe(WINDOWS);
      expect(data?.systemDisk?.instanceTemplateDisk?.diskSizeGB).toBe(50);

      expect(await failure(a.updateInstanceTemplate({ instanceTemplateId, instanceTemplateData: { instanceType: 'g.n2.medium' } }))).toEqual({
        httpStatus: 400,
        status: 'FAILED_PRECONDITION',
        message: "Image constraints. Doesn't support instanceType 'g.n2.medium'",
      });
      expect(
        (await failure(a.updateInstanceTemplate({ instanceTemplateId, instanceTemplateData: { systemDisk: { cloudDiskSpec: { diskSizeGB: 40 } } } })))
          .status,
      ).toBe('OUT_OF_RANGE');
      expect((await failure(a.updateInstanceTemplate({ instanceTemplateId, instanceTemplateData: { imageId: 'img-gone1' } }))).status).toBe(
        'NOT_FOUND',
      );
      expect(
        (await failure(a.updateInstanceTemplate({ instanceTemplateId, instanceTemplateData: { instanceType: 'x.n0.none' } }))).status,
      ).toBe('NOT_FOUND');

      // An explicit system disk does not follow the image: a 40 GiB disk cannot take a 50 GiB image.
      const fixed = await a.createInstanceTemplate({
        name: 'fixed-disk',
        instanceTemplateData: minimal({ instanceType: 'g.n2.large', systemDisk: { cloudDiskSpec: { diskSizeGB: 40 } } }),
      });
      expect(
        (await failure(a.updateInstanceTemplate({ instanceTemplateId: fixed.instanceTemplateId, instanceTemplateData: { imageId: WINDOWS } })))
          .status,
      ).toBe('OUT_OF_RANGE');
      await a.updateInstanceTemplate({
        instanceTemplateId: fixed.instanceTemplateId,
        instanceTemplateData: { imageId: WINDOWS, systemDisk: { cloudDiskSpec: { diskSizeGB: 60 } }, dataDisks: [{ cloudDiskSpec: { diskSizeGB: 30 } }] },
      });
      const fixedData = (await a.describeInstanceTemplate({ instanceTemplateId: fixed.instanceTemplateId })).instanceTemplate.instanceTemplateData;
      expect(fixedData?.systemDisk?.instanceTemplateDisk?.diskSizeGB).toBe(60);
      expect(fixedData?.dataDisks).toHaveLength(1);
      await a.updateInstanceTemplate({ instanceTemplateId: fixed.instanceTemplateId, instanceTemplateData: { dataDisks: [] } });
      expect(
        (await a.describeInstanceTemplate({ instanceTemplateId: fixed.instanceTemplateId })).instanceTemplate.instanceTemplateData?.dataDisks,
      ).toBeUndefined();
    });

    it('an empty body and an unknown template are refused', async () => {
      const { instanceTemplateId } = await a.createInstanceTemplate({ name: 'empty-patch', instanceTemplateData: minimal() });
      expect((await failure(a.updateInstanceTemplate({ instanceTemplateId }))).status).toBe('INVALID_ARGUMENT');
      expect(await failure(a.updateInstanceTemplate({ instanceTemplateId: 'it-nothere00', name: 'x' }))).toEqual({
        httpStatus: 404,
        status: 'NOT_FOUND',
        message: "InstanceTemplate 'it-nothere00' not found.",
      });
      expect((await failure(a.updateInstanceTemplate({ instanceTemplateId, name: 'no spaces allowed' }))).status).toBe('INVALID_ARGUMENT');
    });
  });

  describe('deleteInstanceTemplate', () => {
    it('removes the template; a second delete is NOT_FOUND', async () => {
      const { instanceTemplateId } = await a.createInstanceTemplate({ name: 'doomed', instanceTemplateData: minimal() });
      await a.deleteInstanceTemplate({ instanceTemplateId });
      expect((await failure(a.describeInstanceTemplate({ instanceTemplateId }))).status).toBe('NOT_FOUND');
      expect(await failure(a.deleteInstanceTemplate({ instanceTemplateId }))).toEqual({
        httpStatus: 404,
        status: 'NOT_FOUND',
        message: `InstanceTemplate '${instanceTemplateId}' not found.`,
      });
    });

    it('a template used by an availability group is refused (a seeded `ags`: the stub has no availability groups)', async () => {
      const { instanceTemplateId } = await a.createInstanceTemplate({ name: 'in-use', instanceTemplateData: minimal() });
      stub.store
        .scope(A.accessKeyId, REGION)
        .instanceTemplates
        .update(instanceTemplateId, (draft) => {
          draft.ags = [{ id: 'ag-81qqw1m4u5', name: 'web-ag' }];
        });
      const error = await failure(a.deleteInstanceTemplate({ instanceTemplateId }));
      expect(error).toMatchObject({ httpStatus: 400, status: 'FAILED_PRECONDITION' });
      expect(error.message).toContain("'ag-81qqw1m4u5'");
      expect((await a.describeInstanceTemplate({ instanceTemplateId })).instanceTemplate.ags).toEqual([{ id: 'ag-81qqw1m4u5', name: 'web-ag' }]);
    });
  });

  describe('verifyInstanceTemplate', () => {
    it('answers without a result while everything the template names is usable', async () => {
      const { instanceTemplateId } = await a.createInstanceTemplate({ name: 'valid', instanceTemplateData: minimal() });
      expect(await a.verifyInstanceTemplate({ instanceTemplateId })).toBeUndefined();
      expect((await failure(a.verifyInstanceTemplate({ instanceTemplateId: 'it-nothere00' }))).status).toBe('NOT_FOUND');
    });

    it('a deleted key pair → NOT_FOUND naming it', async () => {
      await a.createKeypair({ keyName: 'short-lived' });
      const { instanceTemplateId } = await a.createInstanceTemplate({ name: 'key', instanceTemplateData: minimal({ keyNames: ['short-lived'] }) });
      await a.verifyInstanceTemplate({ instanceTemplateId });
      await a.deleteKeypair({ keyName: 'short-lived' });
      expect(await failure(a.verifyInstanceTemplate({ instanceTemplateId }))).toEqual({
        httpStatus: 404,
        status: 'NOT_FOUND',
        message: "KeyPair 'short-lived' not found",
      });
    });

    it('a private image that is no longer ready → FAILED_PRECONDITION; deleted → NOT_FOUND', async () => {
      seedPrivateImage(stub, A.accessKeyId, 'img-private01');
      const { instanceTemplateId } = await a.createInstanceTemplate({ name: 'private', instanceTemplateData: minimal({ imageId: 'img-private01', imageInherit: 'yes' }) });
      await a.verifyInstanceTemplate({ instanceTemplateId });
      const images = stub.store.scope(A.accessKeyId, REGION).images;
      images.update('img-private01', (draft) => {
        draft.status = 'deleting';
      });
      expect(await failure(a.verifyInstanceTemplate({ instanceTemplateId }))).toEqual({
        httpStatus: 400,
        status: 'FAILED_PRECONDITION',
        message: "Invalid image status 'deleting'",
      });
      // The same image cannot be used for a new template either.
      expect((await failure(a.createInstanceTemplate({ name: 'p2', instanceTemplateData: minimal({ imageId: 'img-private01' }) }))).status).toBe(
        'FAILED_PRECONDITION',
      );
      images.remove('img-private01');
      expect(await failure(a.verifyInstanceTemplate({ instanceTemplateId }))).toEqual({
        httpStatus: 404,
        status: 'NOT_FOUND',
        message: "Image 'img-private01' not found",
      });
    });

    it('an image another account stops sharing → NOT_FOUND', async () => {
      seedPrivateImage(stub, B.accessKeyId, 'img-sharedb1', { _sharedWith: [A.accessKeyId] });
      const { instanceTemplateId } = await a.createInstanceTemplate({ name: 'shared', instanceTemplateData: minimal({ imageId: 'img-sharedb1' }) });
      await a.verifyInstanceTemplate({ instanceTemplateId });
      stub.store
        .scope(B.accessKeyId, REGION)
        .images
        .update('img-sharedb1', (draft) => {
          draft._sharedWith = [];
        });
      expect((await failure(a.verifyInstanceTemplate({ instanceTemplateId }))).message).toBe("Image 'img-sharedb1' not found");
    });
  });

  describe('accounts are isolated', () => {
    it("another account sees none of A's templates, key pairs or private images", async () => {
      const { instanceTemplateId } = await a.createInstanceTemplate({ name: 'mine', instanceTemplateData: minimal() });
      expect((await b.describeInstanceTemplates()).totalCount).toBe(0);
      for (const call of [
        () => b.describeInstanceTemplate({ instanceTemplateId }),
        () => b.updateInstanceTemplate({ instanceTemplateId, name: 'theirs' }),
        () => b.verifyInstanceTemplate({ instanceTemplateId }),
        () => b.deleteInstanceTemplate({ instanceTemplateId }),
      ]) {
        expect(await failure(call())).toEqual({ httpStatus: 404, status: 'NOT_FOUND', message: `InstanceTemplate '${instanceTemplateId}' not found.` });
      }
      expect((await a.describeInstanceTemplate({ instanceTemplateId })).instanceTemplate.name).toBe('mine');

      seedPrivateImage(stub, A.accessKeyId, 'img-onlya01');
      expect((await failure(b.createInstanceTemplate({ name: 'x', instanceTemplateData: minimal({ imageId: 'img-onlya01' }) }))).message).toBe(
        "Image 'img-onlya01' not found",
      );
      expect((await failure(b.createInstanceTemplate({ name: 'x', instanceTemplateData: minimal({ keyNames: ['dev-keypair'] }) }))).message).toBe(
        "KeyPair 'dev-keypair' not found",
      );
      // Other regions of the same account are separate too.
      expect((await a.describeInstanceTemplates({ regionId: 'cn-south-1' })).totalCount).toBe(0);
    });
  });

  describe('quota', () => {
    it('instanceTemplate quota → 429 QUOTA_EXCEEDED; deleting frees it', async () => {
      const limited = await start({ quotas: { instanceTemplate: 2 } });
      try {
        const vm = createVmClient({ accessKeyId: 'any', secretAccessKey: 'any', regionId: REGION, endpoint: limited.url, retry: false });
        const first = await vm.createInstanceTemplate({ name: 'q1', instanceTemplateData: minimal() });
        await vm.createInstanceTemplate({ name: 'q2', instanceTemplateData: minimal() });
        const error = await failure(vm.createInstanceTemplate({ name: 'q3', instanceTemplateData: minimal() }));
        expect(error).toEqual({
          httpStatus: 429,
          status: 'QUOTA_EXCEEDED',
          message: 'InstanceTemplate quota limit exceeded: 2 of 2 used, 1 more requested.',
        });
        await vm.deleteInstanceTemplate({ instanceTemplateId: first.instanceTemplateId });
        await vm.createInstanceTemplate({ name: 'q3', instanceTemplateData: minimal() });
      } finally {
        await limited.close();
      }
    });
  });
});
