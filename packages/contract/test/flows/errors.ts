import type { VmClient } from '@jdcloud-vm/client';
import { expect, it } from 'vitest';
import { failure, type Harness, inAYear } from '../../src/harness.js';

// One documented failure per operation, called the way a user's mistake would arrive: an id that
// does not exist (404), a value out of range or malformed (400). Each answer is also checked
// against the document by the recorder. Casts mark inputs the client's types rightly refuse.
const MISSING = { instanceId: 'i-missing00001', imageId: 'img-missing00001', instanceTemplateId: 'it-missing00001' };
const tooSmallPage = { pageSize: 5 };

type ErrorCase = [operationId: string, expected: number, call: (vm: VmClient) => Promise<unknown>];

const cases: ErrorCase[] = [
  ['associateElasticIp', 404, (vm) => vm.associateElasticIp({ ...pick('instanceId'), elasticIpId: 'fip-contract99' })],
  ['attachDisk', 404, (vm) => vm.attachDisk({ ...pick('instanceId'), diskId: 'vol-contract99' })],
  ['attachNetworkInterface', 404, (vm) => vm.attachNetworkInterface({ ...pick('instanceId'), networkInterfaceId: 'port-contract99' })],
  ['createInstances', 400, (vm) => vm.createInstances({ maxCount: 0, instanceSpec: { name: 'zero' } } as never)],
  ['deleteInstance', 404, (vm) => vm.deleteInstance(pick('instanceId'))],
  ['describeBriefInstances', 400, (vm) => vm.describeBriefInstances(tooSmallPage)],
  ['describeInstance', 404, (vm) => vm.describeInstance(pick('instanceId'))],
  ['describeInstancePrivateIpAddress', 400, (vm) => vm.describeInstancePrivateIpAddress(tooSmallPage)],
  ['describeInstances', 400, (vm) => vm.describeInstances({ filters: [{ name: 'colour', values: ['blue'] }] })],
  ['describeInstanceStatus', 400, (vm) => vm.describeInstanceStatus(tooSmallPage)],
  ['describeInstanceVncUrl', 404, (vm) => vm.describeInstanceVncUrl(pick('instanceId'))],
  ['detachDisk', 404, (vm) => vm.detachDisk({ ...pick('instanceId'), diskId: 'vol-contract99' })],
  ['detachNetworkInterface', 404, (vm) => vm.detachNetworkInterface({ ...pick('instanceId'), networkInterfaceId: 'port-contract99' })],
  ['disassociateElasticIp', 404, (vm) => vm.disassociateElasticIp({ ...pick('instanceId'), elasticIpId: 'fip-contract99' })],
  ['modifyInstanceAttribute', 404, (vm) => vm.modifyInstanceAttribute({ ...pick('instanceId'), name: 'renamed' })],
  ['modifyInstanceDiskAttribute', 404, (vm) => vm.modifyInstanceDiskAttribute({ ...pick('instanceId'), dataDisks: [{ diskId: 'vol-contract99', autoDelete: true }] })],
  ['modifyInstanceNetworkAttribute', 404, (vm) => vm.modifyInstanceNetworkAttribute({ ...pick('instanceId'), networks: [{ networkInterfaceId: 'port-contract99', autoDelete: true }] })],
  ['modifyInstancePassword', 400, (vm) => vm.modifyInstancePassword({ ...pick('instanceId'), password: 'short' })],
  ['rebootInstance', 404, (vm) => vm.rebootInstance(pick('instanceId'))],
  ['rebuildInstance', 404, (vm) => vm.rebuildInstance(pick('instanceId'))],
  ['resizeInstance', 404, (vm) => vm.resizeInstance({ ...pick('instanceId'), instanceType: 'g.n2.large' })],
  ['startInstance', 404, (vm) => vm.startInstance(pick('instanceId'))],
  ['stopInstance', 400, (vm) => vm.stopInstance({ ...pick('instanceId'), chargeOnStopped: 'sometimes' } as never)],
  ['copyImages', 404, (vm) => vm.copyImages({ sourceImageIds: [MISSING.imageId], destinationRegion: 'cn-east-2' })],
  ['createImage', 404, (vm) => vm.createImage({ ...pick('instanceId'), name: 'from-nothing' })],
  ['deleteImage', 404, (vm) => vm.deleteImage(pick('imageId'))],
  ['describeImage', 404, (vm) => vm.describeImage(pick('imageId'))],
  ['describeImageConstraints', 404, (vm) => vm.describeImageConstraints(pick('imageId'))],
  // No id pattern is documented (an unknown id is left out of the answer): a malformed list is the 400.
  ['describeImageConstraintsBatch', 400, (vm) => vm.describeImageConstraintsBatch({ ids: [{ imageId: 'img-m5s0zs2l1k' }] } as never)],
  ['describeImageMembers', 404, (vm) => vm.describeImageMembers(pick('imageId'))],
  ['describeImages', 400, (vm) => vm.describeImages({ imageSource: 'public', ...tooSmallPage })],
  ['exportImage', 404, (vm) => vm.exportImage({ ...pick('imageId'), roleName: 'role', ossUrl: 'https://bucket.s3.cn-north-1.jdcloud-oss.com' })],
  ['imageTasks', 400, (vm) => vm.imageTasks({ taskAction: 'ImportImage', ...tooSmallPage })],
  ['importImage', 400, (vm) =>
    vm.importImage({ architecture: 'x86_64', osType: 'linux', platform: 'CentOS', diskFormat: 'qcow2', systemDiskSizeGB: 45, imageUrl: 'https://bucket.s3.cn-north-1.jdcloud-oss.com/a.qcow2', osVersion: '7.9', imageName: 'bad-size' })],
  ['modifyImageAttribute', 404, (vm) => vm.modifyImageAttribute({ ...pick('imageId'), name: 'renamed' })],
  ['releaseImage', 404, (vm) => vm.releaseImage(pick('imageId'))],
  ['shareImage', 404, (vm) => vm.shareImage({ ...pick('imageId'), pins: ['someone'] })],
  ['unReleaseImage', 404, (vm) => vm.unReleaseImage(pick('imageId'))],
  ['unShareImage', 404, (vm) => vm.unShareImage({ ...pick('imageId'), pins: ['someone'] })],
  ['createInstanceTemplate', 404, (vm) =>
    vm.createInstanceTemplate({
      name: 'no-such-type',
      instanceTemplateData: {
        instanceType: 'x.none.huge',
        imageId: 'img-missing00001',
        primaryNetworkInterface: { networkInterface: { subnetId: 'subnet-c2p3qv0b1x' } },
      },
    })],
  ['deleteInstanceTemplate', 404, (vm) => vm.deleteInstanceTemplate(pick('instanceTemplateId'))],
  ['describeInstanceTemplate', 404, (vm) => vm.describeInstanceTemplate(pick('instanceTemplateId'))],
  ['describeInstanceTemplates', 400, (vm) => vm.describeInstanceTemplates(tooSmallPage)],
  ['updateInstanceTemplate', 404, (vm) => vm.updateInstanceTemplate({ ...pick('instanceTemplateId'), name: 'renamed' })],
  ['verifyInstanceTemplate', 404, (vm) => vm.verifyInstanceTemplate(pick('instanceTemplateId'))],
  ['describeInstanceTypes', 400, (vm) => vm.describeInstanceTypes({ filters: [{ name: 'colour', values: ['blue'] }] })],
  ['createKeypair', 400, (vm) => vm.createKeypair({ keyName: 'has spaces' })],
  ['deleteKeypair', 404, (vm) => vm.deleteKeypair({ keyName: 'nobody-has-this' })],
  ['describeKeypairs', 400, (vm) => vm.describeKeypairs(tooSmallPage)],
  ['importKeypair', 400, (vm) => vm.importKeypair({ keyName: 'broken', publicKey: 'ssh-rsa not-base64' })],
  ['suspendInstance', 404, (vm) => vm.suspendInstance(pick('instanceId'))],
  ['resumeInstance', 404, (vm) => vm.resumeInstance(pick('instanceId'))],
  ['redeployInstance', 404, (vm) => vm.redeployInstance(pick('instanceId'))],
  ['attachKeypair', 404, (vm) => vm.attachKeypair({ keyName: 'nobody-has-this', instanceIds: [MISSING.instanceId], passWordAuth: 'yes' })],
  ['detachKeypair', 404, (vm) => vm.detachKeypair({ keyName: 'nobody-has-this', instanceIds: [MISSING.instanceId] })],
  ['modifyInstanceReleaseTime', 404, (vm) => vm.modifyInstanceReleaseTime({ instanceIds: [MISSING.instanceId], autoReleaseTime: inAYear() })],
  ['describeInstancesCustomData', 400, (vm) => vm.describeInstancesCustomData({ pageSize: 11 })],
  ['describeInstanceTemplatesCustomdata', 400, (vm) => vm.describeInstanceTemplatesCustomdata({ filters: [{ name: 'colour', values: ['blue'] }] })],
  ['modifyInstanceVpcAttribute', 404, (vm) => vm.modifyInstanceVpcAttribute({ ...pick('instanceId'), subnetId: 'subnet-c2p3qv0b1x', privateIpAddress: '10.0.0.8' })],
  ['modifyInstancePlacement', 404, (vm) => vm.modifyInstancePlacement({ ...pick('instanceId'), agId: 'ag-81qqw1m4u5' })],
  ['createImageFromSnapshots', 400, (vm) => vm.createImageFromSnapshots({ name: 'no-system-disk', platform: 'CentOS', architecture: 'x86_64', bootMode: 'bios', cloudDisks: [{ snapshotId: 'snapshot-contract1', deviceName: 'vdb' }] })],
  ['describeQuotas', 400, (vm) => vm.describeQuotas({ filters: [{ name: 'resourceTypes', values: ['imageShare'] }] })],
];

function pick<K extends keyof typeof MISSING>(key: K): Record<K, string> {
  return { [key]: MISSING[key] } as Record<K, string>;
}

export const errorCaseOperations = cases.map(([operationId]) => operationId);

export function errorFlows(h: () => Harness): void {
  it.each(cases)('%s answers its documented %i', async (operationId, expected, call) => {
    const exchangesBefore = h().recorder.exchanges.length;
    const error = await failure(call(h().vm));
    expect(error.httpStatus, error.message).toBe(expected);
    const exchange = h().recorder.exchanges.slice(exchangesBefore).at(-1);
    expect(exchange?.operationId).toBe(operationId);
    expect(exchange?.problems).toEqual([]);
  });
}
