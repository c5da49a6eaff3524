// associateElasticIp / disassociateElasticIp: one elastic IP on the primary private IP of the
// primary network interface. Elastic IPs are accepted by well-formed id; one bound anywhere else
// is refused.
import { failedPrecondition } from '../../http/errors.js';
import type { HandlerContext, OperationContext, OperationResult } from '../types.js';
import { pathInstance } from './kind.js';
import { describeEip } from './network.js';
import { type InstanceRecord, type NetworkInterface } from './records.js';
import { refreshRecord } from './sync.js';

function primaryNic(instance: InstanceRecord): NetworkInterface & { networkInterfaceId: string } {
  const nic = instance.primaryNetworkInterface?.networkInterface;
  if (!nic?.networkInterfaceId) {
    throw failedPrecondition(`Instance '${instance.instanceId}' has no primary network interface.`);
  }
  return nic as NetworkInterface & { networkInterfaceId: string };
}

/** Changes the primary IP of the instance's primary interface, tracked record and instance copy alike. */
function changePrimaryIp(
  ctx: HandlerContext,
  instanceId: string,
  nicId: string,
  change: (ip: NonNullable<NetworkInterface['primaryIp']>) => void,
): void {
  if (ctx.store.networkInterfaces.has(nicId)) {
    ctx.store.networkInterfaces.update(nicId, (draft) => {
      draft.primaryIp = draft.primaryIp ?? {};
      change(draft.primaryIp);
    });
  }
  ctx.store.instances.update(instanceId, (draft) => {
    const nic = draft.primaryNetworkInterface?.networkInterface;
    if (nic) {
      nic.primaryIp = nic.primaryIp ?? {};
      change(nic.primaryIp);
    }
    refreshRecord(ctx.store, draft);
  });
}

export function associateElasticIp(ctx: OperationContext<'associateElasticIp'>): OperationResult<'associateElasticIp'> {
  const instance = pathInstance(ctx);
  const id = instance.instanceId;
  const elasticIpId = String(ctx.params.body.elasticIpId);
  const nic = primaryNic(instance);
  const bound = nic.primaryIp?.elasticIpId;
  if (bound) {
    throw failedPrecondition(
      `NetworkInterface already in use: the primary IP of instance '${id}' already has elastic IP '${bound}'.`,
    );
  }
  const eip = describeEip(ctx.store, elasticIpId);
  if (eip._networkInterfaceId) throw failedPrecondition(`ElasticIp '${elasticIpId}' already in use.`);

  const record = { ...eip, _instanceId: id, _networkInterfaceId: nic.networkInterfaceId };
  if (ctx.store.elasticIps.has(elasticIpId)) ctx.store.elasticIps.update(elasticIpId, () => record);
  else ctx.store.elasticIps.insert(elasticIpId, record);
  changePrimaryIp(ctx, id, nic.networkInterfaceId, (ip) => {
    ip.elasticIpId = elasticIpId;
    ip.elasticIpAddress = eip.elasticIpAddress;
  });
  return undefined;
}

export function disassociateElasticIp(ctx: OperationContext<'disassociateElasticIp'>): OperationResult<'disassociateElasticIp'> {
  const instance = pathInstance(ctx);
  const id = instance.instanceId;
  const elasticIpId = String(ctx.params.body.elasticIpId);
  const nic = primaryNic(instance);
  if (nic.primaryIp?.elasticIpId !== elasticIpId) {
    throw failedPrecondition(
      `ElasticIp '${elasticIpId}' is not associated with the primary IP of instance '${id}'.`,
    );
  }
  const eip = describeEip(ctx.store, elasticIpId);
  const { _instanceId: _i, _networkInterfaceId: _n, ...free } = eip;
  if (ctx.store.elasticIps.has(elasticIpId)) ctx.store.elasticIps.update(elasticIpId, () => free);
  else ctx.store.elasticIps.insert(elasticIpId, free);
  changePrimaryIp(ctx, id, nic.networkInterfaceId, (ip) => {
    delete ip.elasticIpId;
    delete ip.elasticIpAddress;
  });
  return undefined;
}
