// modifyInstanceVpcAttribute: another VPC, another subnet, another address, each rule's refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vpcOfSubnet } from '../src/domain/instance/network.js';
import { type InstanceStub, SUBNET, failure, launch, launchStopped, startInstanceStub } from './instance-fixtures.js';

describe('modifyInstanceVpcAttribute', () => {
  let env: InstanceStub;
  beforeAll(async () => {
    env = await startInstanceStub();
  });
  afterAll(() => env.close());

  it('moves a stopped instance to another VPC, then changes only its address', async () => {
    const { vm } = env;
    const id = await launchStopped(env);
    const other = 'subnet-x9y8z7w6v5';
    expect(await failure(vm.modifyInstanceVpcAttribute({ instanceId: id, subnetId: other }))).toMatchObject({
      httpStatus: 400,
      message: 'Miss security group',
    });
    expect(
      await failure(vm.modifyInstanceVpcAttribute({ instanceId: id, subnetId: other, securityGroups: ['sg-a', 'sg-b', 'sg-c', 'sg-d', 'sg-e', 'sg-f'] })),
    ).toMatchObject({ message: 'too many securityGroup. less than 5' });
    await vm.modifyInstanceVpcAttribute({ instanceId: id, subnetId: other, privateIpAddress: '', securityGroups: ['sg-p2d1k3m7ya'] });
    const moved = (await vm.describeInstance({ instanceId: id })).instance;
    expect(moved).toMatchObject({ subnetId: other, vpcId: vpcOfSubnet(other) });
    expect(moved.primaryNetworkInterface?.networkInterface?.securityGroups).toEqual([{ groupId: 'sg-p2d1k3m7ya' }]);

    expect(await failure(vm.modifyInstanceVpcAttribute({ instanceId: id, subnetId: other }))).toMatchObject({
      message: 'Need specify privateIpAddress',
    });
    expect(await failure(vm.modifyInstanceVpcAttribute({ instanceId: id, subnetId: other, privateIpAddress: '10.1.1.1', assignIpv6: true }))).toMatchObject({
      message: 'Not support change ipv6',
    });
    expect(await failure(vm.modifyInstanceVpcAttribute({ instanceId: id, subnetId: other, privateIpAddress: 'ten' }))).toMatchObject({
      status: 'INVALID_ARGUMENT',
    });
    const [neighbour] = (await launch(env, { primaryNetworkInterface: { networkInterface: { subnetId: other } } })) as [string];
    const taken = (await vm.describeInstance({ instanceId: neighbour })).instance.privateIpAddress as string;
    expect((await failure(vm.modifyInstanceVpcAttribute({ instanceId: id, subnetId: other, privateIpAddress: taken }))).message).toContain('already in use');
    const base = taken.split('.').slice(0, 3).join('.');
    await vm.modifyInstanceVpcAttribute({ instanceId: id, subnetId: other, privateIpAddress: `${base}.200` });
    expect((await vm.describeInstance({ instanceId: id })).instance.privateIpAddress).toBe(`${base}.200`);
  });

  it('refuses a running instance and an unknown one', async () => {
    const { vm } = env;
    const [running] = (await launch(env)) as [string];
    expect(await failure(vm.modifyInstanceVpcAttribute({ instanceId: running, subnetId: SUBNET, privateIpAddress: '10.0.0.9' }))).toMatchObject({
      httpStatus: 400,
      status: 'FAILED_PRECONDITION',
    });
    expect(await failure(vm.modifyInstanceVpcAttribute({ instanceId: 'i-nosuchone1', subnetId: SUBNET }))).toMatchObject({ httpStatus: 404 });
  });
});

describe('modifyInstancePlacement', () => {
  let env: InstanceStub;
  beforeAll(async () => {
    env = await startInstanceStub();
  });
  afterAll(() => env.close());

  it('puts an instance into a group; balance needs a stopped instance; the id is checked', async () => {
    const { vm } = env;
    const [running] = (await launch(env)) as [string];
    await vm.modifyInstancePlacement({ instanceId: running, agId: 'ag-81qqw1m4u5' });
    expect((await vm.describeInstance({ instanceId: running })).instance.ag).toEqual({ id: 'ag-81qqw1m4u5' });
    // The document's `when: {balance: true}` entry, with its declared message.
    expect(await failure(vm.modifyInstancePlacement({ instanceId: running, agId: 'ag-81qqw1m4u5', balance: true }))).toMatchObject({
      httpStatus: 400,
      status: 'FAILED_PRECONDITION',
      message: `Instance '${running}' status must be stopped to force balance, but it is running.`,
    });
    const stopped = await launchStopped(env);
    await vm.modifyInstancePlacement({ instanceId: stopped, agId: 'ag-2b4d6f8h0j', balance: true });
    expect((await vm.describeInstance({ instanceId: stopped })).instance.ag?.id).toBe('ag-2b4d6f8h0j');
    expect(await failure(vm.modifyInstancePlacement({ instanceId: stopped, agId: 'group-1' }))).toMatchObject({ status: 'INVALID_ARGUMENT' });
    expect(await failure(vm.modifyInstancePlacement({ instanceId: stopped }))).toMatchObject({ status: 'INVALID_ARGUMENT' });
    expect(await failure(vm.modifyInstancePlacement({ instanceId: 'i-nosuchone1', agId: 'ag-81qqw1m4u5' }))).toMatchObject({ httpStatus: 404 });
  });
});
