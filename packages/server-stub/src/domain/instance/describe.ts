// describeInstances, describeInstance, describeBriefInstances, describeInstanceStatus,
// describeInstancePrivateIpAddress, describeInstanceVncUrl and describeInstancesCustomData.
//
// Filters follow each operation's x-jdcloud-filters. The nested ones read every interface of the
// instance: `privateIpAddress` (the primary IP of each interface, fuzzy), `networkInterfaceId`,
// `subnetId` and `vpcId`. `elasticIpAddress` is turned into the id of the interface the address
// is bound to, as the service does, so it is OR-ed with `networkInterfaceId` instead of AND-ed.
import { randomBase36 } from '../../state/ids.js';
import type { PageItem, PagedOperationId } from '@jdcloud-vm/client';
import {
  type Accessors,
  type FilterCondition,
  type ListingContext,
  type ListingQuery,
  applyFilters,
  applyTagFilters,
  candidates,
  checkFilters,
  pagedResult,
  paginate,
} from '../listing.js';
import type { OperationContext, OperationResult } from '../types.js';
import type { RegionState } from '../../state/region.js';
import { pathInstanceRecord, pathInstanceView } from './kind.js';
import { instanceView, storedNic } from './view.js';
import { presentBrief, presentCustomData, presentPrivateIp, presentStatus, presentStoredInstance } from './present.js';
import { type InstanceRecord, nicEntries } from './records.js';

/** Readers of the nested filters: every interface's record (looked up by id), and the legacy top-level copy. */
function networkAccessors(region: RegionState): Accessors<InstanceRecord> {
  const nics = (i: InstanceRecord) => nicEntries(i).map((entry) => storedNic(region, entry));
  return {
    privateIpAddress: (i) => [i.privateIpAddress, ...nics(i).map((nic) => nic?.primaryIp?.privateIpAddress)],
    networkInterfaceId: (i) => nicEntries(i).map((entry) => entry.networkInterface?.networkInterfaceId),
    subnetId: (i) => [i.subnetId, ...nics(i).map((nic) => nic?.subnetId)],
    vpcId: (i) => [i.vpcId, ...nics(i).map((nic) => nic?.vpcId)],
  };
}

/** `elasticIpAddress` → the interfaces holding it, merged into `networkInterfaceId` (OR). */
function translateElasticIp(conditions: readonly FilterCondition[], region: RegionState): readonly FilterCondition[] {
  const eip = conditions.find((c) => c.name === 'elasticIpAddress');
  if (!eip) return conditions;
  const ids = [...new Set(eip.values.flatMap((address) => region.interfacesWithElasticAddress(address)))];
  const rest = conditions.filter((c) => c !== eip);
  const nicCondition = rest.find((c) => c.name === 'networkInterfaceId');
  if (nicCondition) {
    return rest.map((c) => (c === nicCondition ? { ...c, values: [...c.values, ...ids] } : c));
  }
  // No interface holds the address: nothing matches.
  return [...rest, { name: 'networkInterfaceId', operator: 'eq', values: ids.length > 0 ? ids : [''] }];
}

/**
 * The listings share the filters (ListingContext: the compiler checks each operation's query has no
 * other `filters` and `tags` than the listing ones) and the page; `present` makes one item of K's list.
 */
function listInstances<K extends PagedOperationId>(ctx: ListingContext<K>, present: (record: InstanceRecord) => PageItem<K>): OperationResult<K> {
  const query: ListingQuery = ctx.params.query;
  const definitions = ctx.operation.filters ?? [];
  const given = query.filters ?? [];
  checkFilters(given, definitions);
  // Read-only views of the stored records (no copies): only the page is presented, into new
  // objects. An exact instanceId filter reads just those instances, and so does one on
  // networkInterfaceId (or elasticIpAddress, which becomes one): the instances holding them.
  const region = ctx.store;
  const collection = region.instances;
  const conditions = translateElasticIp(given, region);
  const accessors = networkAccessors(region);
  const byNic = conditions.find((c) => c.name === 'networkInterfaceId');
  const scope = byNic
    ? collection.pick(byNic.values.flatMap((id) => region.instancesHoldingNic(id)))
    : candidates(collection, conditions, definitions, 'instanceId', accessors);
  let matched = applyFilters(scope, conditions, definitions, accessors);
  matched = applyTagFilters(matched, query.tags);
  const page = paginate(ctx, matched);
  return pagedResult(ctx, page.items.map(present), page.totalCount);
}

export function describeInstances(ctx: OperationContext<'describeInstances'>): OperationResult<'describeInstances'> {
  const now = ctx.clock.now();
  return listInstances(ctx, (record) => presentStoredInstance(ctx.store, record, now));
}

export function describeInstance(ctx: OperationContext<'describeInstance'>): OperationResult<'describeInstance'> {
  return { instance: presentStoredInstance(ctx.store, pathInstanceRecord(ctx), ctx.clock.now()) };
}

export function describeBriefInstances(ctx: OperationContext<'describeBriefInstances'>): OperationResult<'describeBriefInstances'> {
  const fields = ctx.spec.modelFields('BriefInstance');
  return listInstances(ctx, (record) => presentBrief(instanceView(ctx.store, record), fields));
}

export function describeInstanceStatus(ctx: OperationContext<'describeInstanceStatus'>): OperationResult<'describeInstanceStatus'> {
  return listInstances(ctx, presentStatus);
}

export function describeInstancePrivateIpAddress(ctx: OperationContext<'describeInstancePrivateIpAddress'>): OperationResult<'describeInstancePrivateIpAddress'> {
  return listInstances(ctx, (record) => presentPrivateIp(ctx.store, record));
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
