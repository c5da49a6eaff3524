// The Instance group of the document.
//
//   create.ts       createInstances: plan.ts checks every rule first; launch-spec.ts applies
//                   an instance template or availability group to the request
//   describe.ts     describeInstances, describeInstance, describeBriefInstances,
//                   describeInstanceStatus, describeInstancePrivateIpAddress, describeInstanceVncUrl,
//                   describeInstancesCustomData
//   lifecycle.ts    start, stop, reboot, delete, rebuild, resize
//   attachments.ts  attach/detach disks and network interfaces, their autoDelete settings
//   elastic-ip.ts   associateElasticIp, disassociateElasticIp
//   modify.ts       modifyInstanceAttribute, modifyInstancePassword
//   suspension.ts   suspendInstance, resumeInstance, redeployInstance
//   release-time.ts modifyInstanceReleaseTime
//   vpc.ts          modifyInstanceVpcAttribute
//   placement.ts    modifyInstancePlacement
//   rules.ts, offering.ts, billing.ts   the documented input, catalog and billing rules
//   records.ts, network.ts, disks.ts, release.ts   what the store keeps and how it changes
//   view.ts         the records nested back as the Instance model shows them
//   present.ts      the answer shapes
import type { HandlerShare } from '../types.js';
import { attachDisk, attachNetworkInterface, detachDisk, detachNetworkInterface, modifyInstanceDiskAttribute, modifyInstanceNetworkAttribute } from './attachments.js';
import { createInstances } from './create.js';
import {
  describeBriefInstances,
  describeInstance,
  describeInstancePrivateIpAddress,
  describeInstanceStatus,
  describeInstanceVncUrl,
  describeInstances,
  describeInstancesCustomData,
} from './describe.js';
import { associateElasticIp, disassociateElasticIp } from './elastic-ip.js';
import { INSTANCE } from './kind.js';
import { deleteInstance, rebootInstance, rebuildInstance, resizeInstance, startInstance, stopInstance } from './lifecycle.js';
import { modifyInstanceAttribute, modifyInstancePassword } from './modify.js';
import { modifyInstancePlacement } from './placement.js';
import { modifyInstanceReleaseTime } from './release-time.js';
import { redeployInstance, resumeInstance, suspendInstance } from './suspension.js';
import { modifyInstanceVpcAttribute } from './vpc.js';

export { INSTANCE } from './kind.js';
export type { InstanceRecord } from './records.js';
export { vpcOfSubnet, defaultSecurityGroup } from './network.js';

export const instanceModule = {
  name: 'instance',
  resources: [INSTANCE],
  handlers: {
    createInstances,
    describeInstances,
    describeInstance,
    describeBriefInstances,
    describeInstanceStatus,
    describeInstancePrivateIpAddress,
    describeInstanceVncUrl,
    startInstance,
    stopInstance,
    rebootInstance,
    deleteInstance,
    rebuildInstance,
    resizeInstance,
    modifyInstancePassword,
    modifyInstanceAttribute,
    modifyInstanceDiskAttribute,
    modifyInstanceNetworkAttribute,
    attachDisk,
    detachDisk,
    attachNetworkInterface,
    detachNetworkInterface,
    associateElasticIp,
    disassociateElasticIp,
    suspendInstance,
    resumeInstance,
    redeployInstance,
    modifyInstanceReleaseTime,
    describeInstancesCustomData,
    modifyInstanceVpcAttribute,
    modifyInstancePlacement,
  } satisfies HandlerShare,
};
