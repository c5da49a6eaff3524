// The rules a template's settings follow, shared by createInstanceTemplate, updateInstanceTemplate
// and verifyInstanceTemplate. Messages follow the reference's error table where it has one
// ("Invalid image status 'x'", "Image constraints. Doesn't support instanceType 'x'", ...).
//
// Resources of other JD Cloud services (subnets, security groups, snapshots, VPCs) are accepted by
// well-formed id (the document's patterns): the stub cannot tell whether they exist, whether the
// security groups are in the subnet's VPC or whether the subnet has IPv6.
import type { components } from '@jdcloud-vm/client';
import { type InstanceTypeInfo, imageAllowsType, loadCatalog } from '../../catalog/index.js';
import { type ApiError, failedPrecondition, invalidArgument, notFound, outOfRange } from '../../http/errors.js';
import { findVisibleImage } from '../image/lookup.js';
import type { HandlerContext } from '../types.js';
import type { TemplateRecordExtras } from './lookup.js';

type Schemas = components['schemas'];
export type TemplateData = Schemas['InstanceTemplateData'];
export type DiskAttachment = Schemas['InstanceTemplateDiskAttachment'];
export type DiskAttachmentSpec = Schemas['InstanceTemplateDiskAttachmentSpec'];
export type DiskSpec = Schemas['InstanceTemplateDiskSpec'];
type Image = Schemas['Image'];

const D = 'InstanceTemplateData';

// --- name, description, tags, metadata, user data, password -----------------------------------

const NAME = /^[\p{Script=Han}A-Za-z0-9_-]{1,32}$/u;

export function checkName(name: string): void {
  if (!NAME.test(name)) {
    throw invalidArgument(
      `Invalid name '${name}': 1 to 32 characters of Chinese characters, letters, digits, '_' and '-'.`,
    );
  }
}

export function checkDescription(description: string): void {
  if ([...description].length > 256) {
    throw invalidArgument(`Invalid description: at most 256 characters, got ${[...description].length}.`);
  }
}

const TAG_TEXT = /^[\p{Script=Han}A-Za-z0-9_.,:/=+\-@]*$/u;

export function checkTags(tags: readonly Schemas['Tag'][], field: string): void {
  const seen = new Set<string>();
  tags.forEach((tag, i) => {
    const key = tag.key ?? '';
    if (key === '' || !TAG_TEXT.test(key) || /^(jrn:|jdc-)/i.test(key)) {
      throw invalidArgument(
        `${field}[${i}].key '${key}' is invalid: not empty, not starting with 'jrn:' or 'jdc-', made of Chinese characters, letters, digits and _.,:/=+-@.`,
      );
    }
    if (tag.value !== undefined && !TAG_TEXT.test(tag.value)) {
      throw invalidArgument(`${field}[${i}].value is invalid: Chinese characters, letters, digits and _.,:/=+-@ only.`);
    }
    if (seen.has(key)) throw invalidArgument(`${field} names the tag key '${key}' twice.`);
    seen.add(key);
  });
}

const SIXTEEN_KB = 16 * 1024;

export function checkMetadata(pairs: readonly Schemas['Metadata'][], field: string): void {
  pairs.forEach((pair, i) => {
    if (!pair.key) throw invalidArgument(`${field}[${i}].key is missing.`);
    if (Buffer.byteLength(pair.value ?? '', 'utf8') > SIXTEEN_KB) {
      throw invalidArgument(`${field}[${i}].value is longer than 16 KB.`);
    }
  });
}

/** Applies metadata pairs: a key ending in `-` deletes that key; keys compare case-insensitively. */
export function mergeMetadata(
  current: readonly Schemas['Metadata'][],
  changes: readonly Schemas['Metadata'][],
): Schemas['Metadata'][] {
  const out = current.map((m) => ({ ...m }));
  for (const change of changes) {
    const key = change.key ?? '';
    const deleting = key.endsWith('-');
    const name = (deleting ? key.slice(0, -1) : key).toLowerCase();
    const at = out.findIndex((m) => (m.key ?? '').toLowerCase() === name);
    if (deleting) {
      if (at >= 0) out.splice(at, 1);
    } else if (at >= 0) {
      out[at] = { key, value: change.value ?? '' };
    } else {
      out.push({ key, value: change.value ?? '' });
    }
  }
  return out;
}

export function checkUserdata(scripts: readonly Schemas['Userdata'][], field: string): Schemas['Userdata'][] {
  const out = new Map<string, Schemas['Userdata']>();
  scripts.forEach((script, i) => {
    const value = script.value ?? '';
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) {
      throw invalidArgument(`${field}[${i}].value is not Base64.`);
    }
    if (Buffer.from(value, 'base64').length > SIXTEEN_KB) {
      throw invalidArgument(`${field}[${i}].value is longer than 16 KB before encoding.`);
    }
    out.set(String(script.key), { key: script.key, value });
  });
  return [...out.values()];
}

const SPECIALS = '()`~!@#$%^&*_-+=|{}[]:";\'<>,.?/';
const BANNED = ['jd', '360', 'bug', 'com', 'cloud', 'password'];
const RUNS = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** Why a password breaks the documented rules, or undefined when it follows them. */
export function passwordProblem(password: string): string | undefined {
  const chars = [...password];
  if (chars.length < 8 || chars.length > 30) return 'it must have 8 to 30 characters';
  const classes = { upper: false, lower: false, digit: false, special: false };
  for (const c of chars) {
    if (/[A-Z]/.test(c)) classes.upper = true;
    else if (/[a-z]/.test(c)) classes.lower = true;
    else if (/[0-9]/.test(c)) classes.digit = true;
    else if (SPECIALS.includes(c)) classes.special = true;
    else return 'it contains a character outside letters, digits and ()`~!@#$%^&*_-+=|{}[]:";\'<>,.?/';
  }
  if (Object.values(classes).filter(Boolean).length < 3) {
    return 'it needs at least three of upper-case letters, lower-case letters, digits and symbols';
  }
  const lower = password.toLowerCase();
  const word = BANNED.find((w) => lower.includes(w));
  if (word) return `it contains '${word}'`;
  for (let i = 0; i + 3 <= lower.length; i++) {
    const three = lower.slice(i, i + 3);
    const reversed = [...three].reverse().join('');
    if (RUNS.some((run) => run.includes(three) || run.includes(reversed))) {
      return 'it contains three consecutive digits, letters or keyboard keys';
    }
  }
  return undefined;
}

export function checkPassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw invalidArgument(`Malformed ${D}.Password: ${problem}.`);
}

// --- network interface and elastic IP ------------------------------------------------------------

export function convertNetworkInterface(
  spec: Schemas['InstanceTemplateNetworkInterfaceAttachmentSpec'],
): Schemas['InstanceTemplateNetworkInterfaceAttachment'] {
  const field = `${D}.PrimaryNetworkInterface`;
  if (spec.deviceIndex !== undefined && spec.deviceIndex !== 1) {
    throw invalidArgument(`${field}.DeviceIndex must be 1 (the primary interface), got ${spec.deviceIndex}.`);
  }
  const nic = spec.networkInterface;
  const groups = nic.securityGroups ?? [];
  if (groups.length > 5) {
    throw outOfRange(`${field}.NetworkInterface.SecurityGroups out of range: at most 5, got ${groups.length}.`);
  }
  const duplicate = groups.find((g, i) => groups.indexOf(g) !== i);
  if (duplicate) throw invalidArgument(`${field}.NetworkInterface.SecurityGroups names '${duplicate}' twice.`);
  if (nic.sanityCheck !== undefined && nic.sanityCheck !== 0 && nic.sanityCheck !== 1) {
    throw invalidArgument(`${field}.NetworkInterface.SanityCheck must be 0 or 1, got ${nic.sanityCheck}.`);
  }
  const networkInterface: Schemas['InstanceTemplateNetworkInterface'] = {
    subnetId: nic.subnetId,
    ...(groups.length > 0 ? { securityGroups: [...groups] } : {}),
    ...(nic.sanityCheck !== undefined ? { sanityCheck: nic.sanityCheck } : {}),
    ipv6AddressCount: nic.ipv6AddressCount ?? 0,
  };
  return {
    ...(spec.deviceIndex !== undefined ? { deviceIndex: spec.deviceIndex } : {}),
    autoDelete: spec.autoDelete ?? true,
    networkInterface,
  };
}

export function convertElasticIp(spec: Schemas['InstanceTemplateElasticIpSpec']): Schemas['InstanceTemplateElasticIp'] {
  if (spec.provider !== undefined && spec.provider !== 'BGP' && spec.provider !== 'nonBGP') {
    throw invalidArgument(`${D}.ElasticIp.Provider must be 'BGP' or 'nonBGP', got '${spec.provider}'.`);
  }
  return {
    bandwidthMbps: spec.bandwidthMbps,
    ...(spec.provider !== undefined ? { provider: spec.provider } : {}),
    chargeMode: spec.chargeMode,
  };
}

// --- disks ---------------------------------------------------------------------------------------

function checkStep(size: number, field: string): void {
  if (size % 10 !== 0) throw invalidArgument(`${field}.DiskSizeGB must be a multiple of 10 GiB, got ${size}.`);
}

function checkIops(disk: DiskSpec, size: number | undefined, field: string): void {
  if (disk.iops === undefined) return;
  if (disk.diskType !== 'ssd.io1') throw invalidArgument(`${field}.Iops applies to ssd.io1 disks only.`);
  const max = Math.min(32000, (size ?? 0) * 50);
  if (disk.iops < 200 || disk.iops > max || disk.iops % 10 !== 0) {
    throw outOfRange(`${field}.Iops out of range: ${disk.iops}; allowed 200 to ${max} in steps of 10.`);
  }
}

function storedDisk(disk: DiskSpec, size: number | undefined): Schemas['InstanceTemplateDisk'] {
  return {
    diskType: disk.diskType ?? 'ssd.gp1',
    ...(size !== undefined ? { diskSizeGB: size } : {}),
    ...(disk.snapshotId !== undefined ? { snapshotId: disk.snapshotId } : {}),
    ...(disk.policyId !== undefined ? { policyId: disk.policyId } : {}),
    encrypt: disk.encrypt ?? false,
    ...(disk.iops !== undefined ? { iops: disk.iops } : {}),
  };
}

const DEVICE = /^vd([b-z]|[a-z]{2})$/;

/** Data disks as stored: only cloud disks, 20–16000 GiB in steps of 10, distinct device names. */
export function convertDataDisks(specs: readonly DiskAttachmentSpec[]): DiskAttachment[] {
  const devices = new Set<string>();
  return specs.map((spec, i) => {
    const field = `${D}.DataDisks[${i}]`;
    if (spec.deviceName !== undefined) {
      if (!DEVICE.test(spec.deviceName)) {
        throw invalidArgument(`${field}.DeviceName '${spec.deviceName}' is invalid: data disks use vdb to vdbm.`);
      }
      if (devices.has(spec.deviceName)) throw invalidArgument(`${field}.DeviceName '${spec.deviceName}' is used twice.`);
      devices.add(spec.deviceName);
    }
    if (spec.noDevice) {
      if (spec.deviceName === undefined) throw invalidArgument(`${field}.NoDevice needs a DeviceName (the image disk to drop).`);
      return { deviceName: spec.deviceName, noDevice: true };
    }
    if (spec.diskCategory === 'local') throw invalidArgument(`${field}.DiskCategory: data disks can only be cloud disks.`);
    const disk = spec.cloudDiskSpec;
    if (!disk) throw invalidArgument(`${field}.CloudDiskSpec missing.`);
    const cloudField = `${field}.CloudDiskSpec`;
    if (disk.diskSizeGB === undefined && disk.snapshotId === undefined) {
      throw invalidArgument(`${cloudField}.DiskSizeGB missing (needed unless the disk is built from a snapshot).`);
    }
    if (disk.diskSizeGB !== undefined) {
      if (disk.diskSizeGB < 20 || disk.diskSizeGB > 16000) {
        throw outOfRange(`${cloudField}.DiskSizeGB out of range: ${disk.diskSizeGB} GiB; a data disk takes 20 to 16000.`);
      }
      checkStep(disk.diskSizeGB, cloudField);
    }
    checkIops(disk, disk.diskSizeGB, cloudField);
    return {
      diskCategory: 'cloud',
      autoDelete: spec.autoDelete ?? false,
      instanceTemplateDisk: storedDisk(disk, disk.diskSizeGB),
      ...(spec.deviceName !== undefined ? { deviceName: spec.deviceName } : {}),
    };
  });
}

const imageCategory = (image: Image): 'local' | 'cloud' => (image.rootDeviceType === 'localDisk' ? 'local' : 'cloud');
const imageMinSize = (image: Image): number => Math.max(40, Math.ceil((image.systemDiskSizeGB ?? 40) / 10) * 10);

/** The system disk a template gets when it names none: the image's kind and size. */
export function systemDiskFromImage(image: Image): DiskAttachment {
  if (imageCategory(image) === 'local') return { diskCategory: 'local', autoDelete: false };
  return {
    diskCategory: 'cloud',
    autoDelete: false,
    instanceTemplateDisk: { diskType: 'ssd.gp1', diskSizeGB: imageMinSize(image), encrypt: false },
  };
}

/** A given system disk as stored; `image` (when known) decides an omitted category and size. */
export function convertSystemDisk(spec: DiskAttachmentSpec, image: Image | undefined): DiskAttachment {
  const category = spec.diskCategory ?? (image ? imageCategory(image) : 'cloud');
  if (category === 'local') return { diskCategory: 'local', autoDelete: spec.autoDelete ?? false };
  const disk = spec.cloudDiskSpec ?? {};
  const field = `${D}.SystemDisk.CloudDiskSpec`;
  const size = disk.diskSizeGB ?? (image ? imageMinSize(image) : 40);
  if (size < 40 || size > 500) throw outOfRange(`${field}.DiskSizeGB out of range: ${size} GiB; a system disk takes 40 to 500.`);
  checkStep(size, field);
  checkIops(disk, size, field);
  return { diskCategory: 'cloud', autoDelete: spec.autoDelete ?? false, instanceTemplateDisk: storedDisk(disk, size) };
}

/** The system disk against the image: same kind (local or cloud), not smaller than the image's. */
export function checkSystemDiskFitsImage(disk: DiskAttachment, image: Image): void {
  const wanted = imageCategory(image);
  if (disk.diskCategory !== wanted) {
    throw failedPrecondition(`Image constraints. Only support ${wanted} system disk`);
  }
  const size = disk.instanceTemplateDisk?.diskSizeGB;
  if (wanted === 'cloud' && size !== undefined && size < (image.systemDiskSizeGB ?? 0)) {
    throw outOfRange(
      `${D}.SystemDisk.CloudDiskSpec.DiskSizeGB out of range: ${size} GiB is smaller than the image's system disk (${image.systemDiskSizeGB} GiB).`,
    );
  }
}

/** At most 8 data disks with a local system disk, 7 with a cloud one, within the type's cloud disk limit. */
export function checkDiskCount(data: TemplateData, type: InstanceTypeInfo | undefined): void {
  const disks = (data.dataDisks ?? []).filter((d) => !d.noDevice).length;
  const localSystem = data.systemDisk?.diskCategory === 'local';
  const max = localSystem ? 8 : 7;
  if (disks > max) {
    throw outOfRange(
      `${D}.DataDisks out of range: at most ${max} data disks with a ${localSystem ? 'local' : 'cloud'} system disk, got ${disks}.`,
    );
  }
  const cloudDisks = disks + (localSystem ? 0 : 1);
  if (type?.cloudDiskCountLimit !== undefined && cloudDisks > type.cloudDiskCountLimit) {
    throw outOfRange(
      `${D}.DataDisks out of range: instance type '${type.instanceType}' holds at most ${type.cloudDiskCountLimit} cloud disks (system disk included), got ${cloudDisks}.`,
    );
  }
}

// --- catalog and state lookups ---------------------------------------------------------------------

/**
 * The instance type, if it can launch instances in the region, else the error saying why:
 * NOT_FOUND for a type the catalog does not know or does not offer in the region,
 * FAILED_PRECONDITION for a type sold out in every zone of the region. In a region the catalog
 * has no data for, every catalog type is accepted.
 */
export function instanceTypeProblem(
  ctx: HandlerContext,
  name: string,
): { type: InstanceTypeInfo; error?: undefined } | { type?: InstanceTypeInfo; error: ApiError } {
  const catalog = loadCatalog();
  const type = catalog.instanceTypes.get(name);
  if (!type) return { error: notFound(`InstanceType '${name}' not found`) };
  const availability = catalog.availability.get(ctx.region);
  if (!availability) return { type };
  const zones = availability.get(name) ?? [];
  if (zones.length === 0) return { type, error: notFound(`InstanceType '${name}' not found in ${ctx.region}`) };
  if (!zones.some((z) => z.inStock)) {
    return { type, error: failedPrecondition(`InstanceType '${name}' is sold out in every availability zone of ${ctx.region}`) };
  }
  return { type };
}

export function requireInstanceType(ctx: HandlerContext, name: string): InstanceTypeInfo {
  const found = instanceTypeProblem(ctx, name);
  if (found.error) throw found.error;
  return found.type;
}

/** The image as the caller sees it: NOT_FOUND when it cannot, FAILED_PRECONDITION unless ready. */
export function requireImage(ctx: HandlerContext, imageId: string): Image {
  const found = findVisibleImage(ctx, imageId);
  if (!found) throw notFound(`Image '${imageId}' not found`);
  if (found.image.status !== 'ready') throw failedPrecondition(`Invalid image status '${found.image.status}'`);
  return found.image;
}

export function checkImageSupportsType(image: Image & { imageId: string }, type: InstanceTypeInfo): void {
  const archMismatch = image.architecture !== undefined && image.architecture !== type.architecture;
  if (archMismatch || !imageAllowsType(loadCatalog(), image.imageId, type.instanceType)) {
    throw failedPrecondition(`Image constraints. Doesn't support instanceType '${type.instanceType}'`);
  }
}

export function requireKeyNames(ctx: HandlerContext, keyNames: readonly string[]): void {
  const keypairs = ctx.store.keypairs;
  for (const keyName of keyNames) if (!keypairs.has(keyName)) throw notFound(`KeyPair '${keyName}' not found`);
}

export function checkKeyNameCount(keyNames: readonly string[]): void {
  if (keyNames.length > 1) throw outOfRange(`${D}.KeyNames out of range: only one key pair is supported, got ${keyNames.length}.`);
  if (keyNames.length === 1 && keyNames[0] === '') throw invalidArgument(`${D}.KeyNames holds an empty name.`);
}

/** `imageInherit: yes` reuses credentials stored in a private or shared image only. */
export function checkImageInherit(data: TemplateData, image: Image): void {
  if (data.imageInherit === 'yes' && image.imageSource !== 'private' && image.imageSource !== 'shared') {
    throw failedPrecondition(
      `${D}.ImageInherit 'yes' needs a private or shared image; image '${data.imageId}' is ${image.imageSource ?? 'not one'}.`,
    );
  }
}

/** Settings that depend on others once everything is known: password, burst. */
export function settle(data: TemplateData, extras: TemplateRecordExtras, type: InstanceTypeInfo | undefined, burstMode?: string): void {
  // With a key pair and password login off, no password is injected: none is kept.
  if ((data.keyNames?.length ?? 0) > 0 && data.passwordAuth === 'no') delete extras._password;
  data.includePassword = extras._password !== undefined;
  if (type?.burstInfo) {
    data.burstInfo = { burstMode: burstMode ?? data.burstInfo?.burstMode ?? 'standard' };
  } else if (type) {
    delete data.burstInfo;
  }
}
