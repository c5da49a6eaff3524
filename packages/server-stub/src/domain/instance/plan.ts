// The checks of createInstances: every documented rule, before anything is written. `plan` throws the documented error of the first rule broken and
// returns what `create.ts` needs to write the instances.
import type { components } from '@jdcloud-vm/client';
import type { ImageInfo, InstanceTypeInfo } from '../../catalog/index.js';
import { failedPrecondition, internal, invalidArgument, notFound, outOfRange } from '../../http/errors.js';
import { checkQuota, instanceTypeFootprint, quotaUsage } from '../quotas.js';
import type { HandlerContext } from '../types.js';
import { checkInstanceChargeSpec, checkStopCharging, chargeOf } from './billing.js';
import { type CloudDiskSpec, type DataDiskRequest, type DiskAttachmentSpec, type LaunchSpec, mergeDataDisks } from './launch-spec.js';
import { defaultSecurityGroup, subnetAddresses, vpcOfSubnet } from './network.js';
import {
  checkAz,
  checkImageForType,
  checkImageReady,
  checkOnSale,
  requireImage,
  requireInstanceType,
  systemDiskCategoryOf,
  zonesInStock,
} from './offering.js';
import {
  checkDataDeviceName,
  checkDataDiskSize,
  requiredDataDiskSize,
  checkDiskName,
  checkHostname,
  checkInstanceName,
  checkIops,
  checkMetadata,
  checkPassword,
  checkSystemDiskSize,
  checkTags,
  checkUserdata,
  isIpv4,
  nextDeviceName,
  numberedNames,
  osFamily,
} from './rules.js';

type Schemas = components['schemas'];
/** A new cloud disk as planned: the request's settings with the size settled. */
export type SizedCloudDiskSpec = CloudDiskSpec & { diskSizeGB: number };

const S = 'instanceSpec';

/** A cloud disk to create with each instance. */
export interface PlannedDisk {
  deviceName: string;
  autoDelete: boolean;
  spec: SizedCloudDiskSpec;
}

/** What differs between the instances of one call. */
export interface PlannedInstance {
  name: string;
  /** The requested host name; without one it is made from the name and the instance id. */
  hostname: string | undefined;
  privateIpAddress: string;
}

/** The system disk: the instance type's local disk, or a cloud disk to create. */
export type PlannedSystemDisk = { category: 'local' } | { category: 'cloud'; disk: PlannedDisk };

export interface Plan {
  spec: LaunchSpec;
  az: string;
  type: InstanceTypeInfo;
  image: ImageInfo;
  /** One per instance to create, in order. */
  instances: PlannedInstance[];
  hasPassword: boolean;
  systemDisk: PlannedSystemDisk;
  dataDisks: PlannedDisk[];
  subnetId: string;
  vpcId: string;
  securityGroups: Schemas['SecurityGroupSimple'][];
}

function checkKeys(ctx: HandlerContext, spec: LaunchSpec, image: ImageInfo): void {
  if (spec.keyNames.length === 0) return;
  if (spec.keyNames.length > 1) throw invalidArgument(`${S}.keyNames: one key pair at most, got ${spec.keyNames.length}.`);
  if (image.osType === 'windows') throw invalidArgument(`${S}.keyNames: key pairs only apply to Linux images.`);
  for (const keyName of spec.keyNames) {
    if (!ctx.store.keypairs.has(keyName)) throw notFound(`Keypair '${keyName}' not found.`);
  }
}

/** Whether a login password ends up set, after checking a given one. */
function checkLogin(spec: LaunchSpec, imageOwned: boolean): boolean {
  const inherit = spec.imageInherit === 'yes' && imageOwned;
  const keyOnly = spec.keyNames.length > 0 && spec.passwordAuth === 'no';
  if (inherit || keyOnly) return false;
  if (spec.password !== undefined) {
    checkPassword(spec.password);
    return true;
  }
  // Without one, a random password is generated (or the template's is used).
  return true;
}

function checkCloudDiskType(type: InstanceTypeInfo, diskType: string, field: string): void {
  const offered = type.cloudDiskTypes;
  if (offered && offered.length > 0 && !offered.includes(diskType)) {
    throw failedPrecondition(
      `${field}.diskType '${diskType}' is not available for instance type '${type.instanceType}' (it offers ${offered.join(', ')}).`,
    );
  }
}

function planSystemDisk(spec: LaunchSpec, image: ImageInfo, type: InstanceTypeInfo): PlannedSystemDisk {
  const category = systemDiskCategoryOf(image);
  const given = spec.systemDisk;
  const field = `${S}.systemDisk`;
  if (given?.diskCategory && given.diskCategory !== category) {
    throw failedPrecondition(
      `Image constraints. Only support ${category} system disk: image '${image.imageId}' is a ${image.rootDeviceType ?? 'cloudDisk'} image.`,
    );
  }
  if (category === 'local') return { category };
  const imageSize = image.systemDiskSizeGB ?? 40;
  const cloud = given?.cloudDiskSpec;
  const offered = type.cloudDiskTypes ?? [];
  const diskType = cloud?.diskType ?? (offered.includes('ssd.gp1') ? 'ssd.gp1' : (offered[0] ?? 'ssd.gp1'));
  const size = cloud?.diskSizeGB ?? Math.max(40, imageSize);
  checkSystemDiskSize(size, imageSize, `${field}.cloudDiskSpec.diskSizeGB`);
  checkCloudDiskType(type, diskType, `${field}.cloudDiskSpec`);
  if (cloud?.multiAttachable) throw invalidArgument(`${field}.cloudDiskSpec.multiAttachable: a system disk cannot be multi-attach.`);
  if (cloud?.iops !== undefined && diskType === 'ssd.io1') checkIops(cloud.iops, size, `${field}.cloudDiskSpec.iops`);
  if (cloud?.name) checkDiskName(cloud.name, `${field}.cloudDiskSpec.name`);
  const planned: SizedCloudDiskSpec = { ...cloud, diskType, diskSizeGB: size };
  return { category, disk: { deviceName: 'vda', autoDelete: given?.autoDelete ?? false, spec: planned } };
}

/** The image's own data disks (whole-machine images), as the lowest layer. */
function imageDiskLayer(image: ImageInfo): DataDiskRequest[] {
  const out: DataDiskRequest[] = [];
  (image.dataDisks ?? []).forEach((d, i) => {
    const disk = d.cloudDisk;
    if (d.diskCategory !== 'cloud' || !disk?.diskType || disk.diskSizeGB === undefined) return;
    const cloudDiskSpec: SizedCloudDiskSpec = { diskType: disk.diskType, diskSizeGB: disk.diskSizeGB };
    if (disk.snapshotId) cloudDiskSpec.snapshotId = disk.snapshotId;
    if (disk.encrypted !== undefined) cloudDiskSpec.encrypt = disk.encrypted;
    if (disk.iops !== undefined && disk.diskType === 'ssd.io1') cloudDiskSpec.iops = disk.iops;
    const spec: DiskAttachmentSpec = { diskCategory: 'cloud', autoDelete: d.autoDelete ?? false, cloudDiskSpec };
    if (d.deviceName) spec.deviceName = d.deviceName;
    out.push({ spec, field: `image dataDisks[${i}]` });
  });
  return out;
}

function planDataDisks(spec: LaunchSpec, image: ImageInfo, type: InstanceTypeInfo, systemCategory: 'local' | 'cloud'): PlannedDisk[] {
  const merged = mergeDataDisks([imageDiskLayer(image), ...spec.diskLayers]);
  const max = systemCategory === 'local' ? 8 : 7;
  if (merged.length > max) {
    throw outOfRange(
      `${S}.dataDisks: at most ${max} data disks with a ${systemCategory} system disk, got ${merged.length}.`,
    );
  }
  const cloudCount = merged.length + (systemCategory === 'cloud' ? 1 : 0);
  if (type.cloudDiskCountLimit !== undefined && cloudCount > type.cloudDiskCountLimit) {
    throw outOfRange(
      `${S}.dataDisks: instance type '${type.instanceType}' allows ${type.cloudDiskCountLimit} cloud disks, the request needs ${cloudCount}.`,
    );
  }
  const used = new Set<string>();
  const checked: Array<{ deviceName: string | undefined; autoDelete: boolean; spec: SizedCloudDiskSpec }> = [];
  for (const { spec: d, field } of merged) {
    if (d.diskCategory === 'local') throw invalidArgument(`${field}.diskCategory: data disks can only be cloud disks.`);
    const cloud = d.cloudDiskSpec;
    if (!cloud) throw invalidArgument(`${field}.cloudDiskSpec is required for a data disk.`);
    checkCloudDiskType(type, cloud.diskType, `${field}.cloudDiskSpec`);
    const size = requiredDataDiskSize(cloud.diskSizeGB, `${field}.cloudDiskSpec.diskSizeGB`);
    checkDataDiskSize(cloud.diskType, size, `${field}.cloudDiskSpec.diskSizeGB`);
    if (cloud.iops !== undefined && cloud.diskType === 'ssd.io1') checkIops(cloud.iops, size, `${field}.cloudDiskSpec.iops`);
    if (cloud.name) checkDiskName(cloud.name, `${field}.cloudDiskSpec.name`);
    if (d.deviceName) {
      checkDataDeviceName(d.deviceName, `${field}.deviceName`);
      if (used.has(d.deviceName)) throw invalidArgument(`${field}.deviceName '${d.deviceName}' is used by two disks.`);
      used.add(d.deviceName);
    }
    checked.push({ deviceName: d.deviceName, autoDelete: d.autoDelete ?? false, spec: { ...cloud, diskSizeGB: size } });
  }
  // Disks without a device name take the free ones in order, once every given one is known.
  return checked.map(({ deviceName: given, autoDelete, spec: cloud }) => {
    const deviceName = given ?? nextDeviceName(used);
    // Unreachable: at most 8 data disks (checked above) leave most of the names free.
    if (deviceName === undefined) throw internal('No data disk device name is left.');
    used.add(deviceName);
    return { deviceName, autoDelete, spec: cloud };
  });
}

function checkElasticIp(spec: LaunchSpec): void {
  const eip = spec.elasticIp;
  if (!eip) return;
  const byUsage = eip.chargeSpec?.chargeMode === 'postpaid_by_usage';
  const max = byUsage ? 200 : 1000;
  if (eip.bandwidthMbps < 1 || eip.bandwidthMbps > max) {
    throw outOfRange(
      `${S}.elasticIp.bandwidthMbps is ${eip.bandwidthMbps}; it is 1 to ${max} Mbps when billed ${byUsage ? 'by usage' : 'by configuration or prepaid'}.`,
    );
  }
}

/** The interface settings all the instances share, and one private IP per instance (`count` of them). */
function planNetwork(
  ctx: HandlerContext,
  spec: LaunchSpec,
  count: number,
): Pick<Plan, 'subnetId' | 'vpcId' | 'securityGroups'> & { addresses: string[] } {
  const nicField = `${S}.primaryNetworkInterface.networkInterface`;
  const subnetId = spec.subnetId;
  if (!subnetId) throw invalidArgument(`${nicField}.subnetId is required.`);
  const vpcId = spec.vpcId ?? vpcOfSubnet(subnetId);
  const groups = spec.securityGroups ?? [];
  if (groups.length > 5) throw outOfRange(`${nicField}.securityGroups: at most 5 security groups, got ${groups.length}.`);
  const securityGroups =
    groups.length > 0
      ? [...new Set(groups)].map((groupId) => ({ groupId }))
      : [{ groupId: defaultSecurityGroup(vpcId), groupName: 'default' }];
  if (spec.ipv6Address !== undefined && spec.ipv6AddressCount !== undefined && spec.ipv6AddressCount > 0) {
    throw invalidArgument(`${nicField}: ipv6Address cannot be combined with ipv6AddressCount.`);
  }
  if (spec.ipv6Address !== undefined && count !== 1) {
    throw invalidArgument(`${nicField}.ipv6Address may only be set when maxCount is 1 (it is ${count}).`);
  }
  if (spec.ipv6Address !== undefined && !spec.ipv6Address.includes(':')) {
    throw invalidArgument(`${nicField}.ipv6Address '${spec.ipv6Address}' is not an IPv6 address.`);
  }
  const used = subnetAddresses(ctx.store, subnetId);
  const addresses: string[] = [];
  if (spec.primaryIpAddress !== undefined) {
    if (count !== 1) throw invalidArgument(`${nicField}.primaryIpAddress may only be set when maxCount is 1 (it is ${count}).`);
    if (!isIpv4(spec.primaryIpAddress)) {
      throw invalidArgument(`${nicField}.primaryIpAddress '${spec.primaryIpAddress}' is not an IPv4 address.`);
    }
    if (used.has(spec.primaryIpAddress)) {
      throw failedPrecondition(`Private IP '${spec.primaryIpAddress}' is already in use in subnet '${subnetId}'.`);
    }
    addresses.push(spec.primaryIpAddress);
  } else {
    for (let i = 0; i < count; i += 1) {
      const address = used.allocate();
      if (!address) throw failedPrecondition(`Subnet '${subnetId}' has not enough free addresses for ${count} instances.`);
      addresses.push(address);
    }
  }
  return { subnetId, vpcId, securityGroups, addresses };
}

function checkQuotas(ctx: HandlerContext, type: InstanceTypeInfo, count: number): void {
  const footprint = instanceTypeFootprint(type.instanceType);
  checkQuota(ctx, 'instance', quotaUsage(ctx, 'instance'), count, 'Instance');
  checkQuota(ctx, 'instance_cpu', quotaUsage(ctx, 'instance_cpu'), footprint.cpu * count, 'Instance CPU');
  checkQuota(ctx, 'instance_memory', quotaUsage(ctx, 'instance_memory'), footprint.memoryGB * count, 'Instance memory (GiB)');
  if (footprint.localDiskGB > 0) {
    checkQuota(
      ctx,
      'instance_local_disk',
      quotaUsage(ctx, 'instance_local_disk'),
      footprint.localDiskGB * count,
      'Instance local disk (GiB)',
    );
  }
}

/** Every rule of createInstances; throws the documented error of the first one broken. */
export function plan(ctx: HandlerContext, spec: LaunchSpec, count: number): Plan {
  const nameOf = numberedNames(spec.name, count, 'same', `${S}.name`);
  for (let i = 0; i < count; i += 1) checkInstanceName(nameOf(i), `${S}.name`);
  if ([...spec.description].length > 256) throw invalidArgument(`${S}.description: at most 256 characters.`);

  if (!spec.instanceType) throw invalidArgument(`${S}.instanceType is required (or an instanceTemplateId that has one).`);
  let az = spec.az;
  if (!az) {
    if (spec.mode !== 'ag') throw invalidArgument(`${S}.az is required.`);
    az = zonesInStock(ctx, spec.instanceType)[0];
    if (!az) throw failedPrecondition(`InstanceType '${spec.instanceType}' is out of stock in every zone of ${ctx.region}.`);
  }
  checkAz(ctx, az);
  const type = requireInstanceType(spec.instanceType);
  checkOnSale(ctx, type.instanceType, az);

  if (!spec.imageId) throw invalidArgument(`${S}.imageId is required (or an instanceTemplateId that has one).`);
  const { image, owner } = requireImage(ctx, spec.imageId);
  checkImageReady(image);
  if (image.offline === true) {
    throw failedPrecondition(`Image '${image.imageId}' is offline: it is no longer offered for new instances.`);
  }
  checkImageForType(image, type);

  checkKeys(ctx, spec, image);
  const hasPassword = checkLogin(spec, owner !== undefined);
  const os = osFamily(image.osType);
  let hostnameOf: ((index: number) => string) | undefined;
  if (spec.hostname) {
    hostnameOf = numberedNames(spec.hostname, count, 'append', `${S}.hostname`);
    for (let i = 0; i < count; i += 1) checkHostname(hostnameOf(i), os);
  }
  checkMetadata(spec.metadata, `${S}.metadata`);
  checkUserdata(spec.userdata, `${S}.userdata`);
  if (spec.userTags.length > 10) throw outOfRange(`${S}.userTags: at most 10 tags, got ${spec.userTags.length}.`);
  checkTags(spec.userTags, `${S}.userTags`);
  checkInstanceChargeSpec(spec.charge, `${S}.charge`);

  const system = planSystemDisk(spec, image, type);
  if (spec.chargeOnStopped === 'stopCharging') {
    checkStopCharging(
      {
        charge: chargeOf(spec.charge, 0),
        systemDisk: { diskCategory: system.category },
        ...(spec.dedicatedHostId ? { dedicatedHostId: spec.dedicatedHostId } : {}),
      },
      `${S}.chargeOnStopped`,
    );
  }
  const dataDisks = planDataDisks(spec, image, type, system.category);
  const { addresses, ...network } = planNetwork(ctx, spec, count);
  checkElasticIp(spec);
  checkQuotas(ctx, type, count);
  const instances = addresses.map((privateIpAddress, i) => ({ name: nameOf(i), hostname: hostnameOf?.(i), privateIpAddress }));
  return { spec, az, type, image, instances, hasPassword, systemDisk: system, dataDisks, ...network };
}
