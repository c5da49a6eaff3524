// associateElasticIp / disassociateElasticIp: one elastic IP on the primary private IP of the
// primary network interface. Elastic IPs are accepted by well-formed id; one bound anywhere else
// is refused. The binding is stored on the elastic IP record only (`_networkInterfaceId`); the
// interface and the instance show it when answered (view.ts).
import { failedPrecondition } from '../../http/errors.js';
import type { OperationContext, OperationResult } from '../types.js';
import { pathInstanceView } from './kind.js';
import { describeEip } from './network.js';
import { type EipRecord, type InstanceRecord, type NetworkInterface } from './records.js';

/** The primary interface of the instance (as answered), which the store must track. */
function primaryNic(ctx: OperationContext<'associateElasticIp' | 'disassociateElasticIp'>, instance: Readonly<InstanceRecord>): NetworkInterface & { networkInterfaceId: string } {
  const nic = instance.primaryNetworkInterface?.networkInterface;
  const id = nic?.networkInterfaceId;
  if (!nic || !id || !ctx.store.networkInterfaces.has(id)) {
    throw failedPrecondition(`Instance '${instance.instanceId}' has no primary network interface.`);
  }
  return { ...nic, networkInterfaceId: id };
}

function storeEip(ctx: OperationContext<'associateElasticIp' | 'disassociateElasticIp'>, record: EipRecord): void {
  if (ctx.store.elasticIps.has(record.elasticIpId)) ctx.store.elasticIps.update(record.elasticIpId, () => record);
  else ctx.store.elasticIps.insert(record.elasticIpId, record);
}

export function associateElasticIp(ctx: OperationContext<'associateElasticIp'>): OperationResult<'associateElasticIp'> {
  const instance = pathInstanceView(ctx);
  const id = instance.instanceId;
  const elasticIpId = String(ctx.params.body.elasticIpId);
  const nic = primaryNic(ctx, instance);
  const bound = nic.primaryIp?.elasticIpId;
  if (bound) {
    throw failedPrecondition(
      `NetworkInterface already in use: the primary IP of instance '${id}' already has elastic IP '${bound}'.`,
    );
  }
  const eip = describeEip(ctx.store, elasticIpId);
  if (eip._networkInterfaceId) throw failedPrecondition(`ElasticIp '${elasticIpId}' already in use.`);
  storeEip(ctx, { ...eip, _networkInterfaceId: nic.networkInterfaceId });
  return undefined;
}

export function disassociateElasticIp(ctx: OperationContext<'disassociateElasticIp'>): OperationResult<'disassociateElasticIp'> {
  const instance = pathInstanceView(ctx);
  const id = instance.instanceId;
  const elasticIpId = String(ctx.params.body.elasticIpId);
  const nic = primaryNic(ctx, instance);
  if (nic.primaryIp?.elasticIpId !== elasticIpId) {
    throw failedPrecondition(
      `ElasticIp '${elasticIpId}' is not associated with the primary IP of instance '${id}'.`,
    );
  }
  const { _networkInterfaceId: _bound, ...free } = describeEip(ctx.store, elasticIpId);
  storeEip(ctx, free);
  return undefined;
}
