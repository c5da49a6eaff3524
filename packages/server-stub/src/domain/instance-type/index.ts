// Instance types: describeInstanceTypes, from the catalog (data/catalog/instance-types.json).
//
// - The types of a region are those the catalog's `availability` lists for it with at least one
//   zone; each carries `state`, one entry per zone with `inStock`. A region the catalog does not
//   know has no types (empty list).
// - Filters per x-jdcloud-filters: `instanceTypes` and `az` (exact, several values) and
//   `architecture` (exact, one value, `x86_64` or `arm64`, anything else → 400 INVALID_ARGUMENT).
//   With an `az` filter, `state` keeps only the zones asked for.
// - `serviceName` (`vm` | `nc`) and `chargeMode` (`postpaid_by_spot`) are accepted; the catalog
//   does not distinguish native-container or spot types, so both list the same types.
// - Not paged: `totalCount` is the number returned; `specificInstanceTypes` (deprecated) is empty.
import { type InstanceTypeInfo, loadCatalog } from '../../catalog/index.js';
import type { components } from '@jdcloud-vm/client';
import { invalidArgument } from '../../http/errors.js';
import { pickFields } from '../fields.js';
import { applyFilters } from '../listing.js';
import type { HandlerShare, OperationContext, OperationResult } from '../types.js';

type InstanceTypeState = components['schemas']['InstanceTypeState'];
type InstanceTypeModel = components['schemas']['InstanceType'];

const ARCHITECTURES = ['x86_64', 'arm64'];

type RegionalType = InstanceTypeInfo & { state: InstanceTypeState[] };

/**
 * The instance types offered in a region, with their per-zone state (a copy). Undefined when the
 * catalog has no data for the region.
 */
export function instanceTypesOfRegion(region: string): RegionalType[] | undefined {
  const catalog = loadCatalog();
  const availability = catalog.availability.get(region);
  if (!availability) return undefined;
  const out: RegionalType[] = [];
  for (const type of catalog.instanceTypes.values()) {
    const state = availability.get(type.instanceType);
    if (!state || state.length === 0) continue;
    out.push({ ...structuredClone(type), state: state.map((s) => ({ ...s })) });
  }
  return out;
}

/** The InstanceType model's fields of a catalog entry (the catalog's extras stay out). */
function present(type: RegionalType, fields: readonly string[]): InstanceTypeModel {
  return pickFields(type, fields);
}

function describeInstanceTypes(ctx: OperationContext<'describeInstanceTypes'>): OperationResult<'describeInstanceTypes'> {
  const filters = ctx.params.query.filters ?? [];
  for (const condition of filters) {
    if (condition.name === 'architecture') {
      for (const value of condition.values) {
        if (!ARCHITECTURES.includes(value)) {
          throw invalidArgument(`Filter 'architecture' takes ${ARCHITECTURES.join(' or ')}, got '${value}'.`);
        }
      }
    }
  }
  let types = applyFilters(instanceTypesOfRegion(ctx.region) ?? [], filters, ctx.operation.filters);
  const zones = filters.filter((c) => c.name === 'az');
  if (zones.length > 0) {
    types = types.map((type) => ({
      ...type,
      state: type.state.filter((s) => zones.every((c) => c.values.includes(String(s.az)))),
    }));
  }
  const fields = ctx.spec.modelFields('InstanceType');
  const instanceTypes = types.map((type) => present(type, fields));
  return { instanceTypes, specificInstanceTypes: [], totalCount: instanceTypes.length };
}

export const instanceTypeModule = {
  name: 'instance-type',
  resources: [],
  handlers: { describeInstanceTypes } satisfies HandlerShare,
};
