// describeInstances, describeInstance, describeBriefInstances, describeInstanceStatus,
// describeInstancePrivateIpAddress, describeInstanceVncUrl and describeInstancesCustomData.
//
// Filters follow each operation's x-jdcloud-filters. The nested ones read every interface of the
// instance: `privateIpAddress` (the primary IP of each interface, fuzzy), `networkInterfaceId`,
// `subnetId` and `vpcId`. `elasticIpAddress` is turned into the id of the interface the address
// is bound to, as the service does, so it is OR-ed with `networkInterfaceId` instead of AND-ed.
import { randomBase36 } from '../../state/ids.js';
import {
  type Accessors,
  type FilterCondition,
  type TagCondition,
  applyFilters,
  applyTagFilters,
  candidates,
  checkFilters,
  pagedResult,
  paginate,
} from '../listing.js';
import type { OperationContext, OperationId, OperationResult } from '../types.js';
import { pathInstanceView } from './kind.js';
import { withDisks } from './view.js';
import { presentBrief, presentCustomData, presentInstance, presentPrivateIp, presentStatus } from './present.js';
import { type InstanceRecord, nicEntries } from './records.js';

const nicValues = (instance: InstanceRecord, read: (nic: NonNullable<ReturnType<typeof nicEntries>[number]['networkInterface']>) => unknown) =>
  nicEntries(instance).map((entry) => (entry.networkInterface ? read(entry.networkInterface) : undefined));

const ACCESSORS: Accessors<InstanceRecord> = {
  privateIpAddress: (i) => [i.privateIpAddress, ...nicValues(i, (nic) => nic.primaryIp?.privateIpAddress)],
  networkInterfaceId: (i) => nicValues(i, (nic) => nic.networkInterfaceId),
  subnetId: (i) => [i.subnetId, ...nicValues(i, (nic) => nic.subnetId)],
  vpcId: (i) => [i.vpcId, ...nicValues(i, (nic) => nic.vpcId)],
  elasticIpAddress: (i) => [
    i.elasticIpAddress,
    ...nicValues(i, (nic) => [nic.primaryIp?.elasticIpAddress, ...(nic.secondaryIps ?? []).map((ip) => ip.elasticIpAddress)]),
  ],
};

/** `elasticIpAddress` → the interfaces holding it, merged into `networkInterfaceId` (OR). */
function translateElasticIp(conditions: FilterCondition[], all: readonly InstanceRecord[]): FilterCondition[] {
  const eip = conditions.find((c) => c.name === 'elasticIpAddress');
  if (!eip) return conditions;
  const ids: string[] = [];
  for (const instance of all) {
    for (const entry of nicEntries(instance)) {
      const nic = entry.networkInterface;
      const addresses = [nic?.primaryIp?.elasticIpAddress, ...(nic?.secondaryIps ?? []).map((ip) => ip.elasticIpAddress)];
      if (nic?.networkInterfaceId && addresses.some((a) => a !== undefined && eip.values.includes(a))) {
        ids.push(nic.networkInterfaceId);
      }
    }
  }
  const rest = conditions.filter((c) => c !== eip);
  const nicCondition = rest.find((c) => c.name === 'networkInterfaceId');
  if (nicCondition) {
    return rest.map((c) => (c === nicCondition ? { ...c, values: [...c.values, ...ids] } : c));
  }
  // No interface holds the address: nothing matches.
  return [...rest, { name: 'networkInterfaceId', operator: 'eq', values: ids.length > 0 ? ids : [''] }];
}

function listInstances<K extends OperationId>(ctx: OperationContext<K>, present: (record: InstanceRecord) => unknown): OperationResult<K> {
  // Every instance listing's query has these; the generic K does not show it.
  const query: Record<string, unknown> = ctx.params.query;
  const definitions = ctx.operation.filters ?? [];
  const given = (query.filters as FilterCondition[] | undefined) ?? [];
  checkFilters(given, definitions);
  // Read-only views of the stored records (no copies): only the page is presented, into new
  // objects. An exact instanceId filter reads just those instances; elasticIpAddress needs all.
  const collection = ctx.store.instances;
  const conditions = given.some((c) => c.name === 'elasticIpAddress')
    ? translateElasticIp(given, collection.scan())
    : given;
  const scope = candidates(collection, conditions, definitions, 'instanceId', ACCESSORS);
  let matched = applyFilters(scope, conditions, definitions, ACCESSORS);
  matched = applyTagFilters(matched, query.tags as TagCondition[] | undefined);
  const page = paginate(ctx, matched);
  return pagedResult(ctx, page.items.map(present), page.totalCount);
}

export function describeInstances(ctx: OperationContext<'describeInstances'>): OperationResult<'describeInstances'> {
  const now = ctx.clock.now();
  return listInstances(ctx, (record) => presentInstance(withDisks(ctx.store, record), now));
}

export function describeInstance(ctx: OperationContext<'describeInstance'>): OperationResult<'describeInstance'> {
  return { instance: presentInstance(pathInstanceView(ctx), ctx.clock.now()) };
}

export function describeBriefInstances(ctx: OperationContext<'describeBriefInstances'>): OperationResult<'describeBriefInstances'> {
  const fields = ctx.spec.modelFields('BriefInstance');
  return listInstances(ctx, (record) => presentBrief(withDisks(ctx.store, record), fields));
}

export function describeInstanceStatus(ctx: OperationContext<'describeInstanceStatus'>): OperationResult<'describeInstanceStatus'> {
  return listInstances(ctx, presentStatus);
}

export function describeInstancePrivateIpAddress(ctx: OperationContext<'describeInstancePrivateIpAddress'>): OperationResult<'describeInstancePrivateIpAddress'> {
  return listInstances(ctx, presentPrivateIp);
}

export function describeInstancesCustomData(ctx: OperationContext<'describeInstancesCustomData'>): OperationResult<'describeInstancesCustomData'> {
  return listInstances(ctx, presentCustomData);
}

/** How long a VNC URL may wait before its first use. */
export const VNC_URL_TTL_MS = 3_600_000;

export function describeInstanceVncUrl(ctx: OperationContext<'describeInstanceVncUrl'>): OperationResult<'describeInstanceVncUrl'> {
  const instance = pathInstanceView(ctx);
  const expires = Math.floor((ctx.clock.now() + VNC_URL_TTL_MS) / 1000);
  const token = randomBase36(32);
  const query = new URLSearchParams({ instanceId: instance.instanceId, token, expires: String(expires) });
  return { vncUrl: `https://vnc-${ctx.region}.jdcloud.com/vnc.html?${query.toString()}` };
}
