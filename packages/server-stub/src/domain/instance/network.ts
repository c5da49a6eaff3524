// The VPC side of instances, for resources the stub does not own: subnets, security groups,
// network interfaces and elastic IPs are accepted by well-formed id. What the VPC service would
// know is derived from the id, always the same way:
// - a subnet's VPC is `vpc-<hash of the subnet id>` (a template naming both keeps its own vpcId);
// - a subnet's addresses are 10.<hash>.0.0/16; private IPs are handed out from .0.4 upwards and are
//   unique within the account's subnet (every tracked interface holds its addresses);
// - a VPC's default security group is `sg-<hash of the vpc id>`, named `default`;
// - an elastic IP's public address comes from a hash of its id;
// - MAC addresses are fa:16:3e:xx:xx:xx (random for new interfaces, from the id for others).
import { createHash, randomBytes } from 'node:crypto';
import type { RegionState } from '../../state/region.js';
import { type EipRecord, type NicRecord } from './records.js';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Ten base-36 characters from a hash, for derived ids. */
function derivedSuffix(value: string): string {
  let out = '';
  for (const byte of digest(value).subarray(0, 10)) out += '0123456789abcdefghijklmnopqrstuvwxyz'.charAt(byte % 36);
  return out;
}

/** Each prefix's last derived id: the interfaces of one request ask for the same one. */
const lastDerived = new Map<string, { key: string; id: string }>();

/** `<prefix>-<ten characters hashed from prefix:key>`, one flat string (a template would make a cons string). */
function derivedId(prefix: string, key: string): string {
  const last = lastDerived.get(prefix);
  if (last?.key === key) return last.id;
  const id = [prefix, derivedSuffix(`${prefix}:${key}`)].join('-');
  lastDerived.set(prefix, { key, id });
  return id;
}

export const vpcOfSubnet = (subnetId: string): string => derivedId('vpc', subnetId);
export const defaultSecurityGroup = (vpcId: string): string => derivedId('sg', vpcId);

export function elasticIpAddressOf(elasticIpId: string): string {
  // readUInt8 throws past the end; a SHA-256 digest has 32 bytes.
  const b = digest(`eip:${elasticIpId}`);
  const first = [114, 116, 117, 120][b.readUInt8(0) % 4];
  return `${first}.${b.readUInt8(1)}.${b.readUInt8(2)}.${(b.readUInt8(3) % 254) + 1}`;
}

export function macAddress(seed?: string): string {
  const bytes = seed === undefined ? randomBytes(3) : digest(`mac:${seed}`).subarray(0, 3);
  return ['fa', '16', '3e', ...[...bytes].map((b) => b.toString(16).padStart(2, '0'))].join(':');
}

/** The first host number tried in a subnet (10.x.0.4: the first addresses are the gateway's). */
const FIRST_HOST = 4;
const LAST_HOST = 65534;

/**
 * The private IPv4 addresses held in one subnet, and the lowest free one. A request allocates many
 * (createInstances: one per instance) from one snapshot of the subnet: the search resumes where the
 * last one stopped, since every address below it is taken until one is released, instead of
 * building every taken address's text again for each instance (at 1,000 instances in a subnet that
 * was most of the garbage a createInstances call made).
 */
export class SubnetAddresses {
  private cursor = FIRST_HOST;
  private readonly second: number;

  constructor(
    readonly subnetId: string,
    private readonly used: Set<string>,
  ) {
    this.second = (digest(`subnet:${subnetId}`)[0] ?? 0) % 256;
  }

  has(address: string): boolean {
    return this.used.has(address);
  }

  /** The address is free again (an interface keeping or giving up its own). */
  release(address: string): void {
    this.used.delete(address);
    this.cursor = FIRST_HOST;
  }

  /** Takes the lowest free address, or undefined when the subnet is full. */
  allocate(): string | undefined {
    for (let n = this.cursor; n < LAST_HOST; n += 1) {
      const fourth = n % 256;
      if (fourth === 0 || fourth === 255) continue;
      const address = `10.${this.second}.${Math.floor(n / 256)}.${fourth}`;
      if (!this.used.has(address)) {
        this.used.add(address);
        this.cursor = n + 1;
        return address;
      }
    }
    this.cursor = LAST_HOST;
    return undefined;
  }
}

/** The addresses tracked interfaces hold in a subnet (read without copying the records). */
export function subnetAddresses(scope: RegionState, subnetId: string): SubnetAddresses {
  const used = new Set<string>();
  for (const nic of scope.networkInterfaces.scan()) {
    if (nic.subnetId !== subnetId) continue;
    if (nic.primaryIp?.privateIpAddress) used.add(nic.primaryIp.privateIpAddress);
    for (const ip of nic.secondaryIps ?? []) if (ip.privateIpAddress) used.add(ip.privateIpAddress);
  }
  return new SubnetAddresses(subnetId, used);
}

/** The tracked interface, or one made up for an id the stub has not seen, placed in `subnetId`. */
export function describeForeignNic(scope: RegionState, networkInterfaceId: string, subnetId: string, vpcId: string): NicRecord {
  const known = scope.networkInterfaces.get(networkInterfaceId);
  if (known) return known;
  const address = subnetAddresses(scope, subnetId).allocate() ?? '10.255.255.254';
  return {
    networkInterfaceId,
    macAddress: macAddress(networkInterfaceId),
    vpcId,
    subnetId,
    securityGroups: [{ groupId: defaultSecurityGroup(vpcId), groupName: 'default' }],
    sanityCheck: 1,
    primaryIp: { privateIpAddress: address },
    secondaryIps: [],
  };
}

/** The tracked elastic IP, or a new record for an id the stub has not seen. */
export function describeEip(scope: RegionState, elasticIpId: string): EipRecord {
  return scope.elasticIps.get(elasticIpId) ?? { elasticIpId, elasticIpAddress: elasticIpAddressOf(elasticIpId) };
}
