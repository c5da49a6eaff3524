// Quota limits and live usage per account and region.
//
// Limits come from data/catalog/default-quotas.json, overridden per stub with `--quota NAME=N`
// (StubOptions.quotas). Usage is always computed from the state, never stored, so it cannot drift:
// every create operation calls `checkQuota(ctx, type, used, adding)` before it writes, and
// describeQuotas (domain/quota) reports `quotaUsage` for each type.
import { type QuotaName, loadCatalog } from '../catalog/index.js';
import { quotaExceeded } from '../http/errors.js';
import type { StateStore } from '../state/store.js';
import { isOneOf } from './guards.js';
import type { HandlerContext } from './types.js';

/** Every resource type of the Quota model, in the order describeQuotas lists them. */
export const QUOTA_TYPES: readonly QuotaName[] = [
  'instance',
  'instance_cpu',
  'instance_memory',
  'instance_local_disk',
  'keypair',
  'image',
  'instanceTemplate',
  'imageShare',
];

export type QuotaOverrides = Partial<Record<QuotaName, number>>;

export function isQuotaName(name: string): name is QuotaName {
  return isOneOf(QUOTA_TYPES, name);
}

/** Default limits per account and region (imageShare: per image), from the catalog. */
export const DEFAULT_QUOTAS: Readonly<Record<QuotaName, number>> = loadCatalog().defaultQuotas;

/** Limits a running stub uses instead of the defaults (set by startStub from `quotas`). */
const overridesByStore = new WeakMap<StateStore, QuotaOverrides>();

/**
 * Checks `quotas` (names of the Quota model, non-negative integer limits) and returns a clean
 * copy. Throws an Error naming the first problem.
 */
export function normalizeQuotaOverrides(quotas: Readonly<Record<string, number>> | undefined): QuotaOverrides {
  const out: QuotaOverrides = {};
  for (const [name, limit] of Object.entries(quotas ?? {})) {
    if (!isQuotaName(name)) throw new Error(`Unknown quota '${name}'; known quotas: ${QUOTA_TYPES.join(', ')}.`);
    if (!Number.isSafeInteger(limit) || limit < 0) {
      throw new Error(`Quota '${name}' must be a non-negative integer, got ${String(limit)}.`);
    }
    out[name] = limit;
  }
  return out;
}

/**
 * Parses `NAME=N` (the `--quota` option). Throws an Error naming the problem.
 */
export function parseQuotaOverride(text: string): [QuotaName, number] {
  const [, name, digits] = /^\s*([A-Za-z_]+)\s*=\s*(\d+)\s*$/.exec(text) ?? [];
  if (name === undefined || digits === undefined) throw new Error(`--quota takes NAME=N (for example keypair=5), got "${text}"`);
  const limit = Number(digits);
  if (!isQuotaName(name)) throw new Error(`--quota: unknown quota '${name}'; known quotas: ${QUOTA_TYPES.join(', ')}`);
  if (!Number.isSafeInteger(limit)) throw new Error(`--quota ${name}: ${digits} is too large`);
  return [name, limit];
}

/** Installs the limits of one running stub (replacing earlier ones). */
export function setQuotaOverrides(store: StateStore, overrides: QuotaOverrides): void {
  overridesByStore.set(store, { ...overrides });
}

/** The limit in force for a resource type (undefined = unlimited). */
export function quotaLimit(ctx: HandlerContext, type: string): number | undefined {
  if (!isQuotaName(type)) return undefined;
  return overridesByStore.get(ctx.state)?.[type] ?? DEFAULT_QUOTAS[type];
}

/** 429 QUOTA_EXCEEDED when `used + adding` would pass the limit. */
export function checkQuota(ctx: HandlerContext, type: string, used: number, adding = 1, label = type): void {
  const limit = quotaLimit(ctx, type);
  if (limit !== undefined && used + adding > limit) {
    throw quotaExceeded(`${label} quota limit exceeded: ${used} of ${limit} used, ${adding} more requested.`);
  }
}

/** CPU cores, memory (GiB) and local disk (GiB) an instance of this type takes. */
export function instanceTypeFootprint(instanceType: string | undefined): { cpu: number; memoryGB: number; localDiskGB: number } {
  const type = instanceType === undefined ? undefined : loadCatalog().instanceTypes.get(instanceType);
  if (!type) return { cpu: 0, memoryGB: 0, localDiskGB: 0 };
  return {
    cpu: type.cpu,
    memoryGB: Math.ceil(type.memoryMB / 1024),
    localDiskGB: (type.localDisks ?? []).reduce((sum, disk) => sum + (disk.diskSizeGB ?? 0), 0),
  };
}

/**
 * What the caller uses now of a resource type, in `ctx.region`. `imageShare` counts the accounts
 * the private image `imageId` is shared with (0 when it is not the caller's private image).
 * Instances count from the `instance` collection (every record, whatever its state), their CPU,
 * memory and local disks from their instance types in the catalog.
 */
export function quotaUsage(ctx: HandlerContext, type: QuotaName, imageId?: string): number {
  switch (type) {
    case 'instance':
      return ctx.store.instances.count();
    case 'instance_cpu':
    case 'instance_memory':
    case 'instance_local_disk': {
      let sum = 0;
      // Read in place (scan): copying every instance to read one field made most of a
      // createInstances call's garbage once an account held a thousand.
      for (const instance of ctx.store.instances.scan()) {
        const footprint = instanceTypeFootprint(instance.instanceType);
        sum += type === 'instance_cpu' ? footprint.cpu : type === 'instance_memory' ? footprint.memoryGB : footprint.localDiskGB;
      }
      return sum;
    }
    case 'keypair':
      return ctx.store.keypairs.count();
    case 'image':
      return ctx.store.images.count();
    case 'instanceTemplate':
      return ctx.store.instanceTemplates.count();
    case 'imageShare': {
      if (imageId === undefined) return 0;
      return ctx.store.images.get(imageId)?._sharedWith?.length ?? 0;
    }
  }
}
