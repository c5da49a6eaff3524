// The official JD Cloud Node.js SDK (jdcloud-sdk-js 1.2.202) against the stub, signed: it sends
// the custom-method colon as %3A, filters as indexed keys, `{}` bodies and its own headers.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestStub, seedInstance, start } from './helpers.js';

const require = createRequire(import.meta.url);
// The SDK prints every canonical request through this logger.
(require('jdcloud-sdk-js/src/lib/node_loader.js') as { config: { logger: unknown } }).config.logger = () => {};
type Sdk = Record<string, (opts: Record<string, unknown>) => Promise<any>>;
const VM = require('jdcloud-sdk-js/src/repo/vm/v1/vm.js') as new (options: object) => Sdk;

describe('official JD Cloud Node.js SDK', () => {
  let stub: TestStub;
  let vm: Sdk;
  beforeAll(async () => {
    stub = await start({ accessKeys: ['AK_SDK:SK_SDK'] });
    vm = new VM({
      credentials: { accessKeyId: 'AK_SDK', secretAccessKey: 'SK_SDK' },
      regionId: 'cn-north-1',
      endpoint: { host: `127.0.0.1:${stub.port}`, protocol: 'http' },
    });
  });
  afterAll(() => stub.close());

  it('creates, lists with filters, and deletes key pairs', async () => {
    const created = await vm.createKeypair!({ keyName: 'sdk-key' });
    expect(created.result.keyName).toBe('sdk-key');
    expect(created.result.privateKey).toContain('BEGIN PRIVATE KEY');
    const listed = await vm.describeKeypairs!({ filters: [{ name: 'keyNames', values: ['sdk-key', 'other'] }], pageSize: 10 });
    expect(listed.result.totalCount).toBe(1);
    expect(listed.result.keypairs[0].keyFingerprint).toBe(created.result.keyFingerprint);
    await vm.deleteKeypair!({ keyName: 'sdk-key' });
    const again = await vm.deleteKeypair!({ keyName: 'sdk-key' }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(again).toMatchObject({ error: { code: 404, status: 'NOT_FOUND' } });
  });

  it('calls a custom method (stopInstance, sent as %3A) and gets the precondition error as JSON', async () => {
    seedInstance(stub, 'AK_SDK', { instanceId: 'i-sdk0000001', status: 'running' });
    const stopped = await vm.stopInstance!({ instanceId: 'i-sdk0000001' });
    expect(typeof stopped.requestId).toBe('string');
    const log = stub.logs.filter((l) => l.msg === 'request').at(-1);
    expect(log).toMatchObject({ operationId: 'stopInstance', status: 200, path: '/v1/regions/cn-north-1/instances/i-sdk0000001%3AstopInstance' });
    const refused = await vm.stopInstance!({ instanceId: 'i-sdk0000001' }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toMatchObject({ error: { code: 400, status: 'FAILED_PRECONDITION' } });
  });

  it('runs a whole instance lifecycle, images and templates through the SDK', async () => {
    const settle = async (instanceId: string, status: string) => {
      for (let i = 0; i < 100; i += 1) {
        const answer = await vm.describeInstanceStatus!({ filters: [{ name: 'instanceId', values: [instanceId] }] });
        if (answer.result.instanceStatuses[0]?.status === status) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`${instanceId} never became ${status}`);
    };
    const images = await vm.describeImages!({ imageSource: 'public', platform: 'Ubuntu', pageSize: 10 });
    const imageId = images.result.images.find((i: { architecture: string }) => i.architecture === 'x86_64').imageId as string;
    const created = await vm.createInstances!({
      maxCount: 2,
      clientToken: 'sdk-token-1',
      instanceSpec: {
        az: 'cn-north-1a',
        instanceType: 'g.n2.medium',
        imageId,
        name: 'sdk-vm',
        primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-sdk00001' } },
        systemDisk: { diskCategory: 'cloud', cloudDiskSpec: { az: 'cn-north-1a', name: 'sdk-sys', diskType: 'ssd.gp1', diskSizeGB: 40 } },
        userTags: [{ key: 'team', value: 'sdk' }],
      },
    });
    const [first, second] = created.result.instanceIds as string[];
    await settle(first!, 'running');
    await settle(second!, 'running');
    const brief = await vm.describeBriefInstances!({ filters: [{ name: 'status', values: ['running'] }], tags: [{ key: 'team', values: ['sdk'] }] });
    expect(brief.result.totalCount).toBe(2);
    const one = await vm.describeInstance!({ instanceId: first });
    expect(one.result.instance.instanceType).toBe('g.n2.medium');
    await vm.attachDisk!({ instanceId: first, diskId: 'vol-sdk00001' });
    await vm.stopInstance!({ instanceId: first });
    await settle(first!, 'stopped');
    await vm.resizeInstance!({ instanceId: first, instanceType: 'g.n2.large' });
    await settle(first!, 'stopped');
    const image = await vm.createImage!({ instanceId: first, name: 'sdk-image', dataDisks: [{ deviceName: 'vdb', noDevice: true }] });
    expect(image.result.imageId).toMatch(/^img-/);
    const template = await vm.createInstanceTemplate!({
      name: 'sdk-template',
      instanceTemplateData: {
        instanceType: 'g.n2.medium',
        imageId,
        primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-sdk00001' } },
      },
    });
    await vm.verifyInstanceTemplate!({ instanceTemplateId: template.result.instanceTemplateId });
    const quotas = await vm.describeQuotas!({ filters: [{ name: 'resourceTypes', values: ['instance'] }] });
    const everything = await vm.describeInstances!({ pageSize: 100 });
    expect(quotas.result.quotas[0]).toMatchObject({ resourceType: 'instance', used: everything.result.totalCount });
    await vm.startInstance!({ instanceId: first });
    await settle(first!, 'running');
    await vm.deleteInstance!({ instanceId: second });
    const requests = stub.logs.filter((l) => l.msg === 'request');
    expect(requests.every((l) => (l.status as number) < 500)).toBe(true);
    expect(requests.some((l) => l.path === `/v1/regions/cn-north-1/instances/${first}%3AresizeInstance`)).toBe(true);
  });

  it('with a wrong secret every call is refused with 401', async () => {
    const wrong = new VM({
      credentials: { accessKeyId: 'AK_SDK', secretAccessKey: 'not-the-secret' },
      regionId: 'cn-north-1',
      endpoint: { host: `127.0.0.1:${stub.port}`, protocol: 'http' },
    });
    const error = await wrong.describeKeypairs!({}).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED' } });
  });
});
