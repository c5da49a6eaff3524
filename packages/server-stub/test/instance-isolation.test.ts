// Each access key is its own account: another key sees none of Alice's instances and gets
// 404 NOT_FOUND from every operation that names one, whatever its state.
import type { VmClient } from '@jdcloud-vm/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InstanceStub, PASSWORD, failure, launch, startInstanceStub } from './instance-fixtures.js';

const PATH_OPERATIONS: Array<[string, (vm: VmClient, instanceId: string) => Promise<unknown>]> = [
  ['describeInstance', (vm, instanceId) => vm.describeInstance({ instanceId })],
  ['describeInstanceVncUrl', (vm, instanceId) => vm.describeInstanceVncUrl({ instanceId })],
  ['startInstance', (vm, instanceId) => vm.startInstance({ instanceId })],
  ['stopInstance', (vm, instanceId) => vm.stopInstance({ instanceId })],
  ['rebootInstance', (vm, instanceId) => vm.rebootInstance({ instanceId })],
  ['deleteInstance', (vm, instanceId) => vm.deleteInstance({ instanceId })],
  ['rebuildInstance', (vm, instanceId) => vm.rebuildInstance({ instanceId, password: PASSWORD })],
  ['resizeInstance', (vm, instanceId) => vm.resizeInstance({ instanceId, instanceType: 'g.n2.large' })],
  ['modifyInstancePassword', (vm, instanceId) => vm.modifyInstancePassword({ instanceId, password: PASSWORD })],
  ['modifyInstanceAttribute', (vm, instanceId) => vm.modifyInstanceAttribute({ instanceId, name: 'stolen' })],
  [
    'modifyInstanceDiskAttribute',
    (vm, instanceId) => vm.modifyInstanceDiskAttribute({ instanceId, dataDisks: [{ diskId: 'vol-iso0000001', autoDelete: true }] }),
  ],
  [
    'modifyInstanceNetworkAttribute',
    (vm, instanceId) => vm.modifyInstanceNetworkAttribute({ instanceId, networks: [{ networkInterfaceId: 'port-iso0000001' }] }),
  ],
  ['attachDisk', (vm, instanceId) => vm.attachDisk({ instanceId, diskId: 'vol-iso0000002' })],
  ['detachDisk', (vm, instanceId) => vm.detachDisk({ instanceId, diskId: 'vol-iso0000001' })],
  ['attachNetworkInterface', (vm, instanceId) => vm.attachNetworkInterface({ instanceId, networkInterfaceId: 'port-iso0000002' })],
  ['detachNetworkInterface', (vm, instanceId) => vm.detachNetworkInterface({ instanceId, networkInterfaceId: 'port-iso0000001' })],
  ['associateElasticIp', (vm, instanceId) => vm.associateElasticIp({ instanceId, elasticIpId: 'fip-iso0000002' })],
  ['disassociateElasticIp', (vm, instanceId) => vm.disassociateElasticIp({ instanceId, elasticIpId: 'fip-iso0000001' })],
];

describe('account isolation of instances', () => {
  let env: InstanceStub;
  let running: string;
  let stopped: string;
  beforeAll(async () => {
    env = await startInstanceStub();
    [running] = (await launch(env, { name: 'alice-running' })) as [string];
    [stopped] = (await launch(env, { name: 'alice-stopped' })) as [string];
    await env.vm.attachDisk({ instanceId: running, diskId: 'vol-iso0000001' });
    await env.vm.attachNetworkInterface({ instanceId: running, networkInterfaceId: 'port-iso0000001' });
    await env.vm.associateElasticIp({ instanceId: running, elasticIpId: 'fip-iso0000001' });
    await env.vm.stopInstance({ instanceId: stopped });
    env.settle();
  });
  afterAll(() => env.close());

  for (const [operationId, call] of PATH_OPERATIONS) {
    it(`${operationId} on another account's instance is 404 NOT_FOUND`, async () => {
      for (const id of [running, stopped]) {
        expect(await failure(call(env.bob, id))).toEqual({
          httpStatus: 404,
          status: 'NOT_FOUND',
          message: `Instance '${id}' not found.`,
        });
      }
    });
  }

  it('the list operations show another account nothing', async () => {
    const filters = [{ name: 'instanceId', values: [running, stopped] }];
    expect(await env.bob.describeInstances({ filters })).toEqual({ instances: [], totalCount: 0 });
    expect(await env.bob.describeBriefInstances({})).toEqual({ instances: [], totalCount: 0 });
    expect(await env.bob.describeInstanceStatus({})).toEqual({ instanceStatuses: [], totalCount: 0 });
    expect(await env.bob.describeInstancePrivateIpAddress({})).toEqual({ instancePrivateIpAddress: [], totalCount: 0 });
    expect((await env.vm.describeInstanceStatus({ filters })).totalCount).toBe(2);
  });

  it("nothing another account tried changed Alice's instances", async () => {
    const { instance } = await env.vm.describeInstance({ instanceId: running });
    expect(instance).toMatchObject({ instanceName: 'alice-running', status: 'running', elasticIpId: 'fip-iso0000001' });
    expect(instance.dataDisks?.map((d) => d.cloudDisk?.diskId)).toEqual(['vol-iso0000001']);
    expect(instance.secondaryNetworkInterfaces?.map((n) => n.networkInterface?.networkInterfaceId)).toEqual(['port-iso0000001']);
    expect((await env.vm.describeInstance({ instanceId: stopped })).instance.status).toBe('stopped');
  });

  it("resources of other services are tracked per account: Bob may use ids Alice holds", async () => {
    const [bobs] = (await launch({ ...env, vm: env.bob })) as [string];
    await env.bob.attachDisk({ instanceId: bobs, diskId: 'vol-iso0000001' });
    await env.bob.associateElasticIp({ instanceId: bobs, elasticIpId: 'fip-iso0000001' });
    expect((await env.vm.describeInstanceStatus({})).totalCount).toBe(2);
  });
});
