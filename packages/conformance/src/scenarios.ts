// One call per operation of the document, as a user of an official SDK writes it, in an order in
// which each call finds what it needs (a key pair before an instance, a stopped instance before a
// resize, a private image before sharing it). Parameters come from JD Cloud's pages
// (../shared/reference/jdcloud-vm/pages/{zh-CN,en}/<operationId>.md: request examples and the
// parameter tables' example values), never chosen to suit the stub. Only ids differ: the pages mask
// theirs (`i-eumm****d6`), so an id of a resource this API creates is the one an earlier call
// returned (`{{instanceId}}`), and an id of another service's resource (subnet, security group,
// cloud disk, network interface) is a well-formed one of that service, as a real account has.
//
// The data is shared by every driver (the official Node and Python SDKs) and is meant to be
// rendered as documentation samples: keep it plain JSON, one entry per operation.

/** A JSON value; a string `{{name}}` stands for a value captured by an earlier scenario. */
export type Value = string | number | boolean | null | Value[] | { [key: string]: Value };
export type Params = Record<string, Value>;

/** Poll an operation until a field of its result has a value (transitional states end later). */
export interface Wait {
  operationId: string;
  params: Params;
  /** Dotted path into the result, e.g. `instance.status`, `taskSet.0.taskStatus`. */
  field: string;
  equals: string;
}

export interface Scenario {
  operationId: string;
  /** What the call does, in a few words. */
  title: string;
  /** Where its parameters were read. */
  source: string;
  /** Every parameter but `regionId` (the client's), named as the SDKs name them. */
  params: Params;
  /** What the real service answers: a 2xx, or the documented error it gives. */
  expect: { http: number; status?: string };
  /** Values later scenarios use: name → dotted path into this call's result. */
  capture?: Record<string, string>;
  waitFor?: Wait;
}

export const REGION = 'cn-north-1';

/**
 * Values the run provides before the first call: the PIN of a second account of the stub, the
 * one an image is shared with (shareImage / unShareImage name accounts by PIN).
 */
export type Environment = {
  partnerPin: string;
};

// Resources of other services (VPC, cloud disks, network interfaces) that the account owns; the
// VM API takes them by id. Their shape follows the pages' masked ids.
const SUBNET = 'subnet-c2p3w4x59o';
const SECURITY_GROUP = 'sg-p2d1k3m7ya';
const CLOUD_DISK = 'vol-u8r2q5nmc1';
const NETWORK_INTERFACE = 'port-n2h7a1b9se';
// modifyInstanceVpcAttribute's example moves an instance to a subnet with security groups, which
// only a change of VPC takes: a subnet of another VPC, and the page's second group.
const OTHER_VPC_SUBNET = 'subnet-c2p3k8m29o';
const OTHER_SECURITY_GROUP = 'sg-zn1a5b7c3c';
// A snapshot of one of the account's cloud disks (a resource of the disk service).
const SNAPSHOT = 'snapshot-h8u1ajrz9m';
// An availability group of the account (a resource of the availability group service).
const AVAILABILITY_GROUP = 'ag-81qqw1m4u5';

// A public key generated for this suite (the importKeypair page shows a truncated one).
const PUBLIC_KEY =
  'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDKXjvbA88KJGhW398RsEUkaxREgY7gJgHytzHFsjsvn7Gruk3d1PtN1s+4xArqM7dv6JEZEGe8prwDtIs69YvljdnQfX+QuMR30Wv/dWtcy9Upqxh2JAj6y4932pfFcp4dQUNLfhg48txgzHDFgYfKItamb6MgZpUMxXA2eViCjEH6ekOcPA0bhMfIFGc8q692LoqQNI2+EXgdNWhZK/osA3nBGY5fqs6jqwDqp+PVvMSxrVSZXJVIGYraPQS1FNuqR5CqCSOIp2ZBGmH+Ggg0gpU5FPl6qUJN8zpTJVhgEyJC35fseA2Y4f8YBXHQ039BvDcxdIjEjoI2ikgGo/bV conformance';

const ok = { http: 200 };
const page = (operationId: string, detail?: string) =>
  `pages/zh-CN/${operationId}.md${detail ? ` (${detail})` : ''}`;

const instanceIs = (status: string): Wait => ({
  operationId: 'describeInstance',
  params: { instanceId: '{{instanceId}}' },
  field: 'instance.status',
  equals: status,
});
const imageIs = (imageId: string, status: string): Wait => ({
  operationId: 'describeImage',
  params: { imageId },
  field: 'image.status',
  equals: status,
});
const byInstance = { pageNumber: 1, pageSize: 10, filters: [{ name: 'instanceId', values: ['{{instanceId}}'] }] };

export const scenarios: Scenario[] = [
  {
    operationId: 'describeInstanceTypes',
    title: 'list two instance types',
    source: page('describeInstanceTypes', 'request example'),
    params: { filters: [{ name: 'instanceTypes', values: ['g.n2.medium', 'g.n2.large'] }] },
    expect: ok,
  },
  {
    operationId: 'describeImages',
    title: 'find a public CentOS image with a cloud system disk',
    source: page('describeImages', 'parameter table'),
    params: { imageSource: 'public', platform: 'CentOS', rootDeviceType: 'cloudDisk', pageNumber: 1, pageSize: 20 },
    expect: ok,
    capture: { imageId: 'images.0.imageId' },
  },
  {
    operationId: 'describeImage',
    title: 'read that image',
    source: page('describeImage', 'request example'),
    params: { imageId: '{{imageId}}' },
    expect: ok,
  },
  {
    operationId: 'describeImageConstraints',
    title: 'read its instance-type constraints',
    source: page('describeImageConstraints', 'request example'),
    params: { imageId: '{{imageId}}' },
    expect: ok,
  },
  {
    operationId: 'describeImageConstraintsBatch',
    title: 'read the constraints of several images',
    source: page('describeImageConstraintsBatch', 'request example'),
    params: { ids: ['{{imageId}}'] },
    expect: ok,
  },
  {
    operationId: 'describeQuotas',
    title: 'read the image and instance quotas',
    source: page('describeQuotas', 'request example'),
    params: { filters: [{ name: 'resourceTypes', values: ['image', 'instance'] }] },
    expect: ok,
  },
  {
    operationId: 'createKeypair',
    title: 'create the key pair the instance will use',
    source: page('createKeypair', 'request example; name from the createInstances example'),
    params: { keyName: 'ssh-key-test' },
    expect: ok,
    capture: { keyName: 'keyName' },
  },
  {
    operationId: 'importKeypair',
    title: 'import a public key',
    source: page('importKeypair', 'request example'),
    params: { keyName: 'my-test', publicKey: PUBLIC_KEY },
    expect: ok,
    capture: { importedKeyName: 'keyName' },
  },
  {
    operationId: 'describeKeypairs',
    title: 'list both key pairs by name',
    source: page('describeKeypairs', 'request example'),
    params: { filters: [{ name: 'keyNames', values: ['{{keyName}}', '{{importedKeyName}}'] }] },
    expect: ok,
  },
  {
    operationId: 'createInstances',
    title: 'create an instance: password and key, 5 Mbps BGP IP, SSD system disk, an ssd.io1 data disk',
    source: page('createInstances', '场景1：自定义创建'),
    params: {
      maxCount: 1,
      clientToken: 'jd71-13hb-12dk-p123',
      instanceSpec: {
        az: 'cn-north-1a',
        imageId: '{{imageId}}',
        instanceType: 'g.n2.large',
        name: 'instance',
        password: 'A1i2n@Apix#',
        keyNames: ['{{keyName}}'],
        elasticIp: { bandwidthMbps: 5, provider: 'bgp' },
        primaryNetworkInterface: { networkInterface: { subnetId: SUBNET, securityGroups: [SECURITY_GROUP] } },
        systemDisk: { diskCategory: 'cloud', cloudDiskSpec: { diskType: 'ssd.gp1' } },
        dataDisks: [{ diskCategory: 'cloud', cloudDiskSpec: { diskType: 'ssd.io1', diskSizeGB: 20, iops: 1000 } }],
        charge: { chargeMode: 'postpaid_by_duration' },
        chargeOnStopped: 'stopCharging',
      },
    },
    expect: ok,
    capture: { instanceId: 'instanceIds.0' },
    waitFor: instanceIs('running'),
  },
  {
    operationId: 'describeInstance',
    title: 'read the instance',
    source: page('describeInstance', 'request example'),
    params: { instanceId: '{{instanceId}}' },
    expect: ok,
    capture: { elasticIpId: 'instance.elasticIpId' },
  },
  {
    operationId: 'describeInstances',
    title: 'list instances by id',
    source: page('describeInstances', 'request example'),
    params: byInstance,
    expect: ok,
  },
  {
    operationId: 'describeBriefInstances',
    title: 'list brief instances by id',
    source: page('describeBriefInstances', 'request example'),
    params: byInstance,
    expect: ok,
  },
  {
    operationId: 'describeInstanceStatus',
    title: 'list instance states by id',
    source: page('describeInstanceStatus', 'request example'),
    params: byInstance,
    expect: ok,
  },
  {
    operationId: 'describeInstancePrivateIpAddress',
    title: 'list private addresses by id',
    source: page('describeInstancePrivateIpAddress', 'request example'),
    params: byInstance,
    expect: ok,
  },
  {
    operationId: 'describeInstanceVncUrl',
    title: 'get the VNC address of the running instance',
    source: page('describeInstanceVncUrl', 'request example'),
    params: { instanceId: '{{instanceId}}' },
    expect: ok,
  },
  {
    operationId: 'describeInstancesCustomData',
    title: 'read the metadata and launch script of the instance',
    source: page('describeInstancesCustomData', 'request example'),
    params: { pageNumber: 1, pageSize: 10, filters: [{ name: 'instanceId', values: ['{{instanceId}}'] }] },
    expect: ok,
  },
  {
    operationId: 'modifyInstanceReleaseTime',
    title: 'cancel any scheduled deletion of the instance (autoReleaseTime left out)',
    source: 'jdcloud_sdk/services/vm/apis/ModifyInstanceReleaseTimeRequest.py (no page; an empty time cancels the schedule)',
    params: { instanceIds: ['{{instanceId}}'] },
    expect: ok,
  },
  {
    operationId: 'modifyInstanceAttribute',
    title: 'rename the instance',
    source: page('modifyInstanceAttribute', 'request example'),
    params: { instanceId: '{{instanceId}}', name: 'test', description: 'test' },
    expect: ok,
  },
  {
    operationId: 'modifyInstancePassword',
    title: 'change its password',
    source: page('modifyInstancePassword', 'request example'),
    params: { instanceId: '{{instanceId}}', password: 'Instance@359' },
    expect: ok,
  },
  {
    operationId: 'rebootInstance',
    title: 'reboot it',
    source: page('rebootInstance', 'request example'),
    params: { instanceId: '{{instanceId}}' },
    expect: ok,
    waitFor: instanceIs('running'),
  },
  {
    operationId: 'attachDisk',
    title: 'attach a cloud disk as vdc (vdb holds the data disk created with it)',
    source: page('attachDisk', 'request example'),
    params: { instanceId: '{{instanceId}}', diskId: CLOUD_DISK, deviceName: 'vdc', autoDelete: true },
    expect: ok,
  },
  {
    operationId: 'modifyInstanceDiskAttribute',
    title: 'keep that disk when the instance is deleted',
    source: page('modifyInstanceDiskAttribute', 'request example'),
    params: { instanceId: '{{instanceId}}', dataDisks: [{ diskId: CLOUD_DISK, autoDelete: false }] },
    expect: ok,
  },
  {
    operationId: 'detachDisk',
    title: 'detach it',
    source: page('detachDisk', 'request example'),
    params: { instanceId: '{{instanceId}}', diskId: CLOUD_DISK },
    expect: ok,
  },
  {
    operationId: 'attachNetworkInterface',
    title: 'attach a network interface',
    source: page('attachNetworkInterface', 'request example'),
    params: { instanceId: '{{instanceId}}', networkInterfaceId: NETWORK_INTERFACE, autoDelete: false },
    expect: ok,
  },
  {
    operationId: 'modifyInstanceNetworkAttribute',
    title: 'delete that interface with the instance',
    source: page('modifyInstanceNetworkAttribute', 'request example'),
    params: { instanceId: '{{instanceId}}', networks: [{ networkInterfaceId: NETWORK_INTERFACE, autoDelete: true }] },
    expect: ok,
  },
  {
    operationId: 'detachNetworkInterface',
    title: 'detach it',
    source: page('detachNetworkInterface', 'request example'),
    params: { instanceId: '{{instanceId}}', networkInterfaceId: NETWORK_INTERFACE },
    expect: ok,
  },
  {
    operationId: 'disassociateElasticIp',
    title: 'release the elastic IP created with the instance from it',
    source: page('disassociateElasticIp', 'request example'),
    params: { instanceId: '{{instanceId}}', elasticIpId: '{{elasticIpId}}' },
    expect: ok,
  },
  {
    operationId: 'associateElasticIp',
    title: 'associate it again',
    source: page('associateElasticIp', 'request example'),
    params: { instanceId: '{{instanceId}}', elasticIpId: '{{elasticIpId}}' },
    expect: ok,
  },
  {
    operationId: 'stopInstance',
    title: 'stop the instance',
    source: page('stopInstance', 'parameter table'),
    params: { instanceId: '{{instanceId}}', chargeOnStopped: 'keepCharging' },
    expect: ok,
    waitFor: instanceIs('stopped'),
  },
  {
    operationId: 'resizeInstance',
    title: 'change its type while stopped',
    source: page('resizeInstance', 'request example'),
    params: { instanceId: '{{instanceId}}', instanceType: 'g.n2.medium' },
    expect: ok,
    waitFor: instanceIs('stopped'),
  },
  {
    operationId: 'rebuildInstance',
    title: 'rebuild its system from the image while stopped',
    source: page('rebuildInstance', 'request example; password from the parameter table'),
    params: { instanceId: '{{instanceId}}', imageId: '{{imageId}}', password: 'Instance@010' },
    expect: ok,
    waitFor: instanceIs('stopped'),
  },
  {
    operationId: 'attachKeypair',
    title: 'attach the key pair to the stopped instance (the rebuild left it without one)',
    source: page('attachKeypair', 'request example'),
    params: { keyName: '{{keyName}}', instanceIds: ['{{instanceId}}'], passWordAuth: 'yes' },
    expect: ok,
  },
  {
    operationId: 'detachKeypair',
    title: 'detach it again',
    source: 'jdcloud_sdk/services/vm/apis/DetachKeypairRequest.py (no page: keyName and instanceIds)',
    params: { keyName: '{{keyName}}', instanceIds: ['{{instanceId}}'] },
    expect: ok,
  },
  {
    operationId: 'modifyInstanceVpcAttribute',
    title: 'move the stopped instance to a subnet of another VPC, with security groups of that VPC',
    source: page('modifyInstanceVpcAttribute', 'request example; the masked subnet is another one than the instance\'s, as the security groups say'),
    params: { instanceId: '{{instanceId}}', subnetId: OTHER_VPC_SUBNET, privateIpAddress: '', securityGroups: [SECURITY_GROUP, OTHER_SECURITY_GROUP] },
    expect: ok,
  },
  {
    operationId: 'modifyInstancePlacement',
    title: 'put the stopped instance into an availability group',
    source: 'jdcloud_sdk/services/vm/apis/ModifyInstancePlacementRequest.py (no page: agId, balance default false; the group id in the Ag model\'s form)',
    params: { instanceId: '{{instanceId}}', agId: AVAILABILITY_GROUP },
    expect: ok,
  },
  {
    operationId: 'startInstance',
    title: 'start it',
    source: page('startInstance', 'request example'),
    params: { instanceId: '{{instanceId}}' },
    expect: ok,
    waitFor: instanceIs('running'),
  },
  {
    operationId: 'suspendInstance',
    title: 'suspend the running instance',
    source: 'jdcloud_sdk/services/vm/apis/SuspendInstanceRequest.py (no page: instanceId only)',
    params: { instanceId: '{{instanceId}}' },
    expect: ok,
    waitFor: instanceIs('suspended'),
  },
  {
    operationId: 'resumeInstance',
    title: 'resume it',
    source: 'jdcloud_sdk/services/vm/apis/ResumeInstanceRequest.py (no page: instanceId only)',
    params: { instanceId: '{{instanceId}}' },
    expect: ok,
    waitFor: instanceIs('running'),
  },
  {
    operationId: 'redeployInstance',
    title: 'redeploy it on another host',
    source: 'jdcloud_sdk/services/vm/apis/RedeployInstanceRequest.py (no page: instanceId only)',
    params: { instanceId: '{{instanceId}}' },
    expect: ok,
    waitFor: instanceIs('running'),
  },
  {
    operationId: 'createImage',
    title: 'make a private image of the running instance, leaving its data disk vdb out',
    source: page('createImage', 'request example'),
    params: { instanceId: '{{instanceId}}', name: 'test', description: 'test', dataDisks: [{ deviceName: 'vdb', noDevice: true }] },
    expect: ok,
    capture: { privateImageId: 'imageId' },
    waitFor: imageIs('{{privateImageId}}', 'ready'),
  },
  {
    operationId: 'modifyImageAttribute',
    title: 'rename the private image',
    source: page('modifyImageAttribute', 'request example'),
    params: { imageId: '{{privateImageId}}', name: 'test', description: 'test' },
    expect: ok,
  },
  {
    operationId: 'shareImage',
    title: 'share it with another account',
    source: page('shareImage', 'request example'),
    params: { imageId: '{{privateImageId}}', pins: ['{{partnerPin}}'] },
    expect: ok,
  },
  {
    operationId: 'describeImageMembers',
    title: 'list the accounts it is shared with',
    source: page('describeImageMembers', 'request example'),
    params: { imageId: '{{privateImageId}}' },
    expect: ok,
  },
  {
    operationId: 'unShareImage',
    title: 'stop sharing it',
    source: page('unShareImage', 'request example'),
    params: { imageId: '{{privateImageId}}', pins: ['{{partnerPin}}'] },
    expect: ok,
  },
  {
    operationId: 'releaseImage',
    title: 'publish it as a community image',
    source: page('releaseImage', 'request example'),
    params: { imageId: '{{privateImageId}}' },
    expect: ok,
  },
  {
    operationId: 'unReleaseImage',
    title: 'withdraw it',
    source: page('unReleaseImage', 'request example'),
    params: { imageId: '{{privateImageId}}' },
    expect: ok,
  },
  {
    operationId: 'copyImages',
    title: 'copy it to cn-east-2',
    source: page('copyImages', 'request example'),
    params: { sourceImageIds: ['{{privateImageId}}'], destinationRegion: 'cn-east-2' },
    expect: ok,
  },
  {
    operationId: 'exportImage',
    title: 'export it to object storage',
    source: page('exportImage', 'parameter table'),
    params: {
      imageId: '{{privateImageId}}',
      roleName: 'exportRole',
      ossUrl: 'https://test.s3-internal.cn-north-1.jdcloud-oss.com',
      ossPrefix: 'testExport',
      clientToken: 'jd71-13hb-12dk-p123',
    },
    expect: ok,
    capture: { exportTaskId: 'taskId' },
    waitFor: {
      operationId: 'imageTasks',
      params: { taskAction: 'ExportImage', taskIds: ['{{exportTaskId}}'] },
      field: 'taskSet.0.taskStatus',
      equals: 'finished',
    },
  },
  {
    operationId: 'importImage',
    title: 'import a raw image from object storage',
    source: page('importImage', 'request example'),
    params: {
      architecture: 'x86_64',
      osType: 'linux',
      platform: 'CentOS',
      diskFormat: 'raw',
      systemDiskSizeGB: 50,
      imageUrl: 'https://test.s3-internal.cn-north-1.jdcloud-oss.com/linux/system_img.raw',
      osVersion: '7.3',
      imageName: 'testImport',
      description: 'testImport',
      forceImport: false,
    },
    expect: ok,
    capture: { importTaskId: 'taskId' },
  },
  {
    operationId: 'imageTasks',
    title: 'follow the import task',
    source: page('imageTasks', 'request example'),
    params: { taskAction: 'ImportImage', taskIds: ['{{importTaskId}}'] },
    expect: ok,
  },
  {
    operationId: 'createInstanceTemplate',
    title: 'create a template: password, SSD system disk, an hdd.std1 data disk',
    source: page('createInstanceTemplate', 'request example; instance type from the describeInstanceTemplate answer'),
    params: {
      name: 'test',
      description: 'test',
      instanceTemplateData: {
        instanceType: 'g.n2.medium',
        imageId: '{{imageId}}',
        password: 'Instance@010',
        primaryNetworkInterface: {
          autoDelete: true,
          networkInterface: { subnetId: SUBNET, securityGroups: [SECURITY_GROUP] },
        },
        systemDisk: { diskCategory: 'cloud', cloudDiskSpec: { diskType: 'ssd.gp1', diskSizeGB: 100 } },
        dataDisks: [{ diskCategory: 'cloud', autoDelete: true, cloudDiskSpec: { diskType: 'hdd.std1', diskSizeGB: 100 }, deviceName: 'vdb' }],
        chargeOnStopped: 'keepCharging',
        passWordAuth: 'yes',
        imageInherit: 'no',
      },
    },
    expect: ok,
    capture: { instanceTemplateId: 'instanceTemplateId' },
  },
  {
    operationId: 'describeInstanceTemplate',
    title: 'read the template',
    source: page('describeInstanceTemplate', 'request example'),
    params: { instanceTemplateId: '{{instanceTemplateId}}' },
    expect: ok,
  },
  {
    operationId: 'describeInstanceTemplatesCustomdata',
    title: 'read the custom data the template gives its instances',
    source: page('describeInstanceTemplatesCustomdata', 'parameter table: filters instanceTemplateId'),
    params: { filters: [{ name: 'instanceTemplateId', values: ['{{instanceTemplateId}}'] }] },
    expect: ok,
  },
  {
    operationId: 'describeInstanceTemplates',
    title: 'list templates by id',
    source: page('describeInstanceTemplates', 'request example'),
    params: { pageNumber: 1, pageSize: 10, filters: [{ name: 'instanceTemplateId', values: ['{{instanceTemplateId}}'] }] },
    expect: ok,
  },
  {
    operationId: 'updateInstanceTemplate',
    title: 'rename the template',
    source: page('updateInstanceTemplate', 'request example'),
    params: { instanceTemplateId: '{{instanceTemplateId}}', name: 'test2', description: 'test' },
    expect: ok,
  },
  {
    operationId: 'verifyInstanceTemplate',
    title: 'check the template is still usable',
    source: page('verifyInstanceTemplate', 'request example'),
    params: { instanceTemplateId: '{{instanceTemplateId}}' },
    expect: ok,
  },
  {
    operationId: 'createImageFromSnapshots',
    title: 'make a system-disk image from one snapshot of the account',
    source: 'jdcloud_sdk/services/vm/apis/CreateImageFromSnapshotsRequest.py (no page: platform, architecture and bootMode from the listed values, osVersion its example, one snapshot as vda)',
    params: {
      name: 'snapshot-image',
      platform: 'CentOS',
      osVersion: '7.9',
      architecture: 'x86_64',
      bootMode: 'bios',
      cloudDisks: [{ snapshotId: SNAPSHOT, deviceName: 'vda' }],
    },
    expect: ok,
    capture: { snapshotImageId: 'imageId' },
    waitFor: imageIs('{{snapshotImageId}}', 'ready'),
  },
  {
    operationId: 'deleteInstanceTemplate',
    title: 'delete the template',
    source: page('deleteInstanceTemplate', 'request example'),
    params: { instanceTemplateId: '{{instanceTemplateId}}' },
    expect: ok,
  },
  {
    operationId: 'deleteInstance',
    title: 'delete the instance',
    source: page('deleteInstance', 'request example'),
    params: { instanceId: '{{instanceId}}' },
    expect: ok,
  },
  {
    operationId: 'deleteImage',
    title: 'delete the private image and its snapshots',
    source: page('deleteImage', 'request example and parameter table'),
    params: { imageId: '{{privateImageId}}', deleteSnapshot: true },
    expect: ok,
  },
  {
    operationId: 'deleteKeypair',
    title: 'delete the imported key pair',
    source: page('deleteKeypair', 'request example'),
    params: { keyName: '{{importedKeyName}}' },
    expect: ok,
  },
];
