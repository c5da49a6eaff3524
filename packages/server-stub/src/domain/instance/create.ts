// createInstances: every documented rule is checked first (plan.ts), then maxCount instances are
// written at once with their network interface, private IP, disks and elastic IP, each starting
// `pending` and becoming `running` after --transition-ms. Nothing awaits in between, so
// concurrent calls cannot overshoot a quota or hand out one private IP twice.
//
// A repeated clientToken answers the instance ids of the first call and creates nothing.
import type { components } from '@jdcloud-vm/client';
import { outOfRange } from '../../http/errors.js';
import { randomResourceId } from '../../state/ids.js';
import { startTransition } from '../transitions.js';
import type { HandlerContext, OperationContext, OperationResult } from '../types.js';
import { chargeOf } from './billing.js';
import { newDisk, trackAttached } from './disks.js';
import { resolveLaunchSpec } from './launch-spec.js';
import { diskReference, nicReference } from './view.js';
import { elasticIpAddressOf, macAddress } from './network.js';
import { type Plan, type PlannedDisk, type PlannedInstance, plan } from './plan.js';
import { type DiskAttachmentEntry, type InstanceRecord, type NicRecord } from './records.js';
import { hostnameFromName, osFamily } from './rules.js';
import { launchTimeOf } from './times.js';

type Schemas = components['schemas'];

function diskName(planned: PlannedDisk, instanceName: string, index: number): string {
  if (planned.spec.name) return planned.spec.name;
  const suffix = index === 0 ? '' : String(index);
  return `${[...instanceName].slice(0, 32 - suffix.length).join('')}${suffix}`;
}

function createDisk(
  ctx: HandlerContext,
  p: Plan,
  planned: PlannedDisk,
  instanceId: string,
  name: string,
  now: number,
): DiskAttachmentEntry {
  const cloud = planned.spec;
  const disk = newDisk({
    diskId: ctx.store.newId('vol'),
    az: p.az,
    name,
    ...(cloud.description !== undefined ? { description: cloud.description } : {}),
    diskType: cloud.diskType,
    diskSizeGB: cloud.diskSizeGB,
    ...(cloud.iops !== undefined && cloud.diskType === 'ssd.io1' ? { iops: cloud.iops } : {}),
    ...(cloud.snapshotId ? { snapshotId: cloud.snapshotId } : {}),
    multiAttachable: cloud.multiAttachable ?? false,
    encrypted: cloud.encrypt ?? false,
    charge: chargeOf(p.spec.charge, now),
    now,
  });
  const tracked = trackAttached(ctx.store, disk, instanceId, now);
  return {
    diskCategory: 'cloud',
    autoDelete: planned.autoDelete,
    cloudDisk: diskReference(tracked.diskId),
    deviceName: planned.deviceName,
    status: 'attached',
  };
}

function ipv6Of(p: Plan): Schemas['NetworkInterfaceIpv6Address'][] {
  if (p.spec.ipv6Address) return [{ ipv6Id: randomResourceId('ipv6'), ipv6Address: p.spec.ipv6Address }];
  const out: Schemas['NetworkInterfaceIpv6Address'][] = [];
  for (let i = 0; i < (p.spec.ipv6AddressCount ?? 0); i += 1) {
    const groups = Array.from({ length: 4 }, () => Math.floor(Math.random() * 0xffff).toString(16));
    out.push({ ipv6Id: randomResourceId('ipv6'), ipv6Address: `240e:${groups.join(':')}::${(i + 1).toString(16)}` });
  }
  return out;
}

function launchOne(ctx: HandlerContext, p: Plan, one: PlannedInstance, now: number): string {
  const instanceId = ctx.store.newId('i');
  const { name } = one;
  const os = osFamily(p.image.osType);
  const hostname = one.hostname ?? hostnameFromName(name, os, instanceId.slice(2, 8));
  const charge = chargeOf(p.spec.charge, now);

  // Network interface (and the elastic IP bound to its primary IP).
  const nic: NicRecord = {
    networkInterfaceId: ctx.store.newId('port'),
    macAddress: macAddress(),
    vpcId: p.vpcId,
    subnetId: p.subnetId,
    securityGroups: p.securityGroups,
    sanityCheck: 1,
    primaryIp: { privateIpAddress: one.privateIpAddress },
    secondaryIps: [],
  };
  const ipv6 = ipv6Of(p);
  if (ipv6.length > 0) nic.ipv6Addresses = ipv6;
  ctx.store.networkInterfaces.insert(nic.networkInterfaceId, nic);
  if (p.spec.elasticIp) {
    const elasticIpId = ctx.store.newId('fip');
    ctx.store.elasticIps.insert(elasticIpId, { elasticIpId, elasticIpAddress: elasticIpAddressOf(elasticIpId), _networkInterfaceId: nic.networkInterfaceId });
  }

  // Disks.
  const systemDisk: DiskAttachmentEntry =
    p.systemDisk.category === 'local'
      ? {
          diskCategory: 'local',
          autoDelete: true,
          localDisk: { diskType: p.type.localDisks?.[0]?.diskType ?? 'ssd', diskSizeGB: p.type.localDisks?.[0]?.diskSizeGB ?? 40 },
          deviceName: 'vda',
          status: 'attached',
        }
      : createDisk(ctx, p, p.systemDisk.disk, instanceId, diskName(p.systemDisk.disk, name, 0), now);
  const dataDisks = p.dataDisks.map((d, i) => createDisk(ctx, p, d, instanceId, diskName(d, name, i + 1), now));

  const record: InstanceRecord = {
    instanceId,
    instanceName: name,
    hostname,
    instanceType: p.type.instanceType,
    status: 'pending',
    description: p.spec.description,
    imageId: p.image.imageId,
    systemDisk,
    dataDisks,
    primaryNetworkInterface: { deviceIndex: 1, autoDelete: true, networkInterface: nicReference(nic.networkInterfaceId) },
    secondaryNetworkInterfaces: [],
    launchTime: launchTimeOf(now),
    az: p.az,
    keyNames: [...p.spec.keyNames],
    charge,
    tags: p.spec.userTags.map((t) => ({ ...t })),
    chargeOnStopped: p.spec.chargeOnStopped,
    osType: p.image.osType ?? 'linux',
    ...(p.image.osVersion ? { osVersion: p.image.osVersion } : {}),
    ...(p.image.platform ? { platform: p.image.platform } : {}),
    ...(p.image.architecture ? { architecture: p.image.architecture } : {}),
    bootMode: p.image.bootMode === 'uefi' ? 'uefi' : 'bios',
    _createdAt: now,
    _metadata: p.spec.metadata,
    _userdata: p.spec.userdata,
    _passwordAuth: p.spec.passwordAuth,
    _imageInherit: p.spec.imageInherit,
    _hasPassword: p.hasPassword,
  };
  if (p.spec.ag) record.ag = p.spec.ag;
  if (p.spec.autoImagePolicyId) record.policies = [{ policyId: p.spec.autoImagePolicyId, policyType: 'AutoImage' }];
  if (p.spec.dedicatedHostId) record.dedicatedHostId = p.spec.dedicatedHostId;
  if (p.spec.dedicatedPoolId) record.dedicatedPoolId = p.spec.dedicatedPoolId;
  if (p.spec.resourceGroupId) record.resourceGroupId = p.spec.resourceGroupId;
  if (p.spec.cpuTopology) record.cpuTopology = p.spec.cpuTopology;
  if (p.type.burstInfo) record.burstInfo = { burstMode: p.spec.burstMode ?? 'standard', creditChargeStatus: 'normal' };
  ctx.store.instances.insert(instanceId, record);
  return instanceId;
}

export function createInstances(ctx: OperationContext<'createInstances'>): OperationResult<'createInstances'> {
  const body = ctx.params.body;
  const clientToken = body.clientToken !== undefined && body.clientToken !== '' ? body.clientToken : undefined;
  if (clientToken) {
    const known = ctx.store.instanceClientTokens.get(clientToken);
    if (known) return { instanceIds: known.instanceIds };
  }
  const count = body.maxCount === undefined ? 1 : Number(body.maxCount);
  if (!Number.isInteger(count) || count < 1 || count > 100) {
    throw outOfRange(`maxCount is ${String(body.maxCount)}; it is 1 to 100.`);
  }
  const spec = resolveLaunchSpec(ctx, body.instanceSpec);
  const p = plan(ctx, spec, count);

  const now = ctx.clock.now();
  const instanceIds: string[] = [];
  for (const one of p.instances) instanceIds.push(launchOne(ctx, p, one, now));
  if (clientToken) ctx.store.instanceClientTokens.insert(clientToken, { clientToken, instanceIds, createdAt: now });
  for (const id of instanceIds) startTransition(ctx, id);
  return { instanceIds };
}
