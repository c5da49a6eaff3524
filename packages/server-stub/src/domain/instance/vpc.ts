// modifyInstanceVpcAttribute: the primary interface of a stopped instance moves to another VPC
// and subnet, another subnet of its VPC, or another address of its subnet. The state and task
// rules are the document's (x-jdcloud-preconditions); the network rules are the page's, each
// with its message. A subnet's VPC is derived from its id (network.ts).
import { failedPrecondition, internal, invalidArgument } from '../../http/errors.js';
import type { OperationContext, OperationResult } from '../types.js';
import { pathInstanceView } from './kind.js';
import { subnetAddresses, vpcOfSubnet } from './network.js';
import { isIpv4 } from './rules.js';

const MAX_SECURITY_GROUPS = 5;

export function modifyInstanceVpcAttribute(ctx: OperationContext<'modifyInstanceVpcAttribute'>): OperationResult<'modifyInstanceVpcAttribute'> {
  const instance = pathInstanceView(ctx);
  const id = instance.instanceId;
  const { subnetId, assignIpv6, securityGroups = [] } = ctx.params.body;
  const address = ctx.params.body.privateIpAddress || undefined;
  const nicId = instance.primaryNetworkInterface?.networkInterface?.networkInterfaceId;
  const nic = nicId === undefined ? undefined : ctx.store.networkInterfaces.peek(nicId);
  if (!nic || !nicId) throw internal(`Instance '${id}' has no primary network interface on record.`);

  if (securityGroups.length > MAX_SECURITY_GROUPS) throw failedPrecondition('too many securityGroup. less than 5');
  const vpcId = vpcOfSubnet(subnetId);
  const changesVpc = vpcId !== nic.vpcId;
  const changesSubnet = subnetId !== nic.subnetId;
  if (changesVpc) {
    if ((instance.secondaryNetworkInterfaces ?? []).length > 0) throw failedPrecondition(`'${id}' have multi port, Not allowed to change vpc`);
    if (instance.ag?.id) throw failedPrecondition(`'${id}' in availability_group, not allowed to change vpc`);
    if (securityGroups.length === 0) throw failedPrecondition('Miss security group');
  }
  if (changesSubnet && (nic.secondaryIps ?? []).length > 0) {
    throw failedPrecondition(`'${id}' have SecondaryIps, Not allowed to change subnet.`);
  }
  if (!changesSubnet) {
    if (address === undefined) throw failedPrecondition('Need specify privateIpAddress');
    if (assignIpv6 === true) throw failedPrecondition('Not support change ipv6');
  }

  const used = subnetAddresses(ctx.store, subnetId);
  // The interface's own address is free for it to keep or give up.
  if (!changesSubnet && nic.primaryIp?.privateIpAddress) used.release(nic.primaryIp.privateIpAddress);
  let newAddress: string;
  if (address !== undefined) {
    if (!isIpv4(address)) throw invalidArgument(`Invalid parameter 'privateIpAddress': '${address}' is not an IPv4 address.`);
    if (used.has(address)) throw failedPrecondition(`Private IP '${address}' is already in use in subnet '${subnetId}'.`);
    newAddress = address;
  } else {
    const free = used.allocate();
    if (!free) throw failedPrecondition(`Subnet '${subnetId}' has no free address.`);
    newAddress = free;
  }

  ctx.store.networkInterfaces.update(nicId, (draft) => {
    draft.subnetId = subnetId;
    draft.vpcId = vpcId;
    draft.primaryIp = { ...draft.primaryIp, privateIpAddress: newAddress };
    if (changesVpc) draft.securityGroups = securityGroups.map((groupId) => ({ groupId }));
  });
}
