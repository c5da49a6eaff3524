// modifyInstancePlacement: an instance joins an availability group or moves to another. The
// state and task rules, the one of forced balance included, are the document's
// (x-jdcloud-preconditions); the SDKs' other rules (host, disks, group) are here. Availability groups belong to another service: one the stub holds (listed by an instance
// template) is checked against its template's VPC; another is accepted by a well-formed id.
import { failedPrecondition, invalidArgument } from '../../http/errors.js';
import type { OperationContext, OperationResult } from '../types.js';
import { pathInstanceView } from './kind.js';
import { vpcOfSubnet } from './network.js';

const AG_ID = /^ag-[0-9a-z]{10}$/;

export function modifyInstancePlacement(ctx: OperationContext<'modifyInstancePlacement'>): OperationResult<'modifyInstancePlacement'> {
  const instance = pathInstanceView(ctx);
  const id = instance.instanceId;
  const { agId, balance = false, clearLocalDisk = false } = ctx.params.body;
  if (agId === undefined || agId === '') throw invalidArgument("Invalid parameter 'agId': it is required.");
  if (instance.dedicatedHostId) throw failedPrecondition(`Instance '${id}' is on a dedicated host; its availability group cannot change.`);
  // Forcing balance needs a stopped instance: x-jdcloud-preconditions (`when: {balance: true}`).
  if (balance) {
    if (instance.systemDisk?.diskCategory === 'local') {
      throw failedPrecondition(`Instance '${id}' has a local system disk; forcing balance is not supported.`);
    }
    const localData = (instance.dataDisks ?? []).some((d) => d.diskCategory === 'local');
    if (localData && !clearLocalDisk) {
      throw failedPrecondition(`Instance '${id}' has local data disks: forcing balance needs clearLocalDisk true.`);
    }
  }
  const templates = ctx.store.instanceTemplates.list();
  const template = templates.find((t) => (t.ags ?? []).some((ag) => ag.id === agId));
  if (!template && !AG_ID.test(agId)) throw invalidArgument(`Invalid parameter 'agId': '${agId}' is not an availability group id.`);
  const subnetId = template?.instanceTemplateData?.primaryNetworkInterface?.networkInterface?.subnetId;
  if (subnetId !== undefined && instance.vpcId !== undefined && vpcOfSubnet(subnetId) !== instance.vpcId) {
    throw failedPrecondition(`Availability group '${agId}' is in another VPC than instance '${id}'.`);
  }
  const name = template?.ags?.find((ag) => ag.id === agId)?.name;
  ctx.store.instances.update(id, (draft) => {
    draft.ag = { id: agId, ...(name ? { name } : {}) };
  });
}
