// associateElasticIp / disassociateElasticIp: one elastic IP on the primary private IP of the
// primary network interface. Elastic IPs are accepted by well-formed id; one bound anywhere else
// is refused.
import { failedPrecondition } from '../../http/errors.js';
import type { HandlerContext } from '../types.js';
import { pathInstance } from './kind.js';
import { describeEip } from './network.js';
import { type InstanceRecord, type NetworkInterface, eips, instances, nics } from './records.js';
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
  if (nics(ctx).has(nicId)) {
    nics(ctx).update(nicId, (draft) => {
      draft.primaryIp = draft.primaryIp ?? {};
      change(draft.primaryIp);
    });
  }
  instances(ctx).update(instanceId, (draft) => {
    const nic = draft.primaryNetworkInterface?.networkInterface;
    if (nic) {
      nic.primaryIp = nic.primaryIp ?? {};
      change(nic.primaryIp);
    }
    refreshRecord(ctx.store, draft);
  });
}

export function associateElasticIp(ctx: HandlerContext) {
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
  if (eips(ctx).has(elasticIpId)) eips(ctx).update(elasticIpId, () => record);
  else eips(ctx).insert(elasticIpId, record);
  changePrimaryIp(ctx, id, nic.networkInterfaceId, (ip) => {
    ip.elasticIpId = elasticIpId;
    ip.elasticIpAddress = eip.elasticIpAddress;
  });
  return undefined;
}

export function disassociateElasticIp(ctx: HandlerContext) {
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
  if (eips(ctx).has(elasticIpId)) eips(ctx).update(elasticIpId, () => free);
  else eips(ctx).insert(elasticIpId, free);
  changePrimaryIp(ctx, id, nic.networkInterfaceId, (ip) => {
    delete ip.elasticIpId;
    delete ip.elasticIpAddress;
  });
  return undefined;
}
