// The operations the official SDKs expose beyond the seed overview, on an instance of their own
// (the shared fixture's instances are imaged and deleted by the other flows).
import { expect, it } from 'vitest';
import { eventually, failure, type Harness, inAYear } from '../../src/harness.js';
import { fixture, waitForStatus } from './instances.js';

const own = { instanceId: '' };

async function launchOne(h: Harness, name: string): Promise<string> {
  const { instanceIds } = await h.vm.createInstances({
    instanceSpec: {
      az: 'cn-north-1a',
      instanceType: 'g.n2.medium',
      imageId: fixture.imageId,
      name,
      password: 'Contract#2024x',
      primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-c2p3qv0b1x' } },
      systemDisk: { diskCategory: 'cloud', cloudDiskSpec: { diskType: 'ssd.gp1' } },
    },
  });
  const id = instanceIds![0]!;
  await waitForStatus(h, id, 'running');
  return id;
}

export function sdkOperationFlows(h: () => Harness): void {
  it('suspends, resumes and redeploys an instance', async () => {
    const { vm } = h();
    own.instanceId = await launchOne(h(), 'contract-sdk-ops');
    const instanceId = own.instanceId;
    await vm.suspendInstance({ instanceId });
    await waitForStatus(h(), instanceId, 'suspended');
    expect((await failure(vm.suspendInstance({ instanceId }))).httpStatus).toBe(400);
    await vm.resumeInstance({ instanceId });
    await waitForStatus(h(), instanceId, 'running');
    expect((await failure(vm.resumeInstance({ instanceId }))).httpStatus).toBe(400);
    await vm.redeployInstance({ instanceId });
    await waitForStatus(h(), instanceId, 'running');
  });

  it('attaches a key pair to a stopped instance and detaches it', async () => {
    const { vm } = h();
    const instanceId = own.instanceId;
    await vm.createKeypair({ keyName: 'contract-attach' });
    expect((await failure(vm.attachKeypair({ keyName: 'contract-attach', instanceIds: [instanceId], passWordAuth: 'yes' }))).httpStatus).toBe(400);
    await vm.stopInstance({ instanceId });
    await waitForStatus(h(), instanceId, 'stopped');
    expect(await vm.attachKeypair({ keyName: 'contract-attach', instanceIds: [instanceId], passWordAuth: 'no' })).toEqual({
      successInstanceId: [instanceId],
      failInstanceId: [],
    });
    expect((await vm.describeInstance({ instanceId })).instance?.keyNames).toEqual(['contract-attach']);
    expect(await vm.detachKeypair({ keyName: 'contract-attach', instanceIds: [instanceId] })).toEqual({
      successInstanceId: [instanceId],
      failInstanceId: [],
    });
    expect((await failure(vm.detachKeypair({ keyName: 'contract-attach', instanceIds: [instanceId] }))).httpStatus).toBe(400);
  });

  it('moves the stopped instance to another VPC and changes its address', async () => {
    const { vm } = h();
    const instanceId = own.instanceId;
    expect((await failure(vm.modifyInstanceVpcAttribute({ instanceId, subnetId: 'subnet-contract77' }))).httpStatus).toBe(400);
    await vm.modifyInstanceVpcAttribute({ instanceId, subnetId: 'subnet-contract77', securityGroups: ['sg-contract77'] });
    const moved = (await vm.describeInstance({ instanceId })).instance;
    expect(moved?.subnetId).toBe('subnet-contract77');
  });

  it('puts the instance into an availability group', async () => {
    const { vm } = h();
    const instanceId = own.instanceId;
    expect((await failure(vm.modifyInstancePlacement({ instanceId, agId: 'not-a-group' }))).httpStatus).toBe(400);
    await vm.modifyInstancePlacement({ instanceId, agId: 'ag-81qqw1m4u5', balance: true });
    expect((await vm.describeInstance({ instanceId })).instance?.ag?.id).toBe('ag-81qqw1m4u5');
  });

  it('lists the custom data of the instance and of templates', async () => {
    const { vm } = h();
    const listed = await vm.describeInstancesCustomData({ filters: [{ name: 'instanceId', values: [own.instanceId] }] });
    expect(listed).toEqual({ customData: [{ instanceId: own.instanceId, metadata: [], userdata: [] }], totalCount: 1 });
    const templates = await vm.describeInstanceTemplatesCustomdata({});
    expect(templates.totalCount).toBe(templates.instanceTemplatesCustomData.length);
  });

  it('schedules the deletion of the instance, then cancels it', async () => {
    const { vm } = h();
    const instanceId = own.instanceId;
    await vm.modifyInstanceReleaseTime({ instanceIds: [instanceId], autoReleaseTime: inAYear() });
    expect((await vm.describeInstance({ instanceId })).instance?.autoReleaseTime).toBe(inAYear());
    expect((await failure(vm.modifyInstanceReleaseTime({ instanceIds: [instanceId], autoReleaseTime: '2035-06-01' }))).httpStatus).toBe(400);
    await vm.modifyInstanceReleaseTime({ instanceIds: [instanceId], autoReleaseTime: '' });
    expect((await vm.describeInstance({ instanceId })).instance?.autoReleaseTime).toBeUndefined();
  });

  it('makes a private image from a snapshot; it becomes ready and is deleted', async () => {
    const { vm } = h();
    const { imageId } = await vm.createImageFromSnapshots({
      name: 'contract-from-snapshot',
      platform: 'Ubuntu',
      architecture: 'x86_64',
      bootMode: 'uefi',
      cloudDisks: [{ snapshotId: 'snapshot-contract1', deviceName: 'vda' }],
    });
    await eventually(async () => ((await vm.describeImage({ imageId })).image?.status === 'ready' ? true : undefined));
    await vm.deleteImage({ imageId });
  });

  it('deletes its instance', async () => {
    await h().vm.deleteInstance({ instanceId: own.instanceId });
  });
}
