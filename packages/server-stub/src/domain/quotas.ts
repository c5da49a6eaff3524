// Quota limits per account and region. The quota domain (describeQuotas with live usage) builds on
// this; for now it holds the default limits the document states and the one check every create
// operation makes.
import { quotaExceeded } from '../http/errors.js';
import type { HandlerContext } from './types.js';

/** Default limits per account and region, by the `describeQuotas` resource type. */
export const DEFAULT_QUOTAS: Record<string, number> = {
  keypair: 20,
};

/** The limit in force for a resource type (undefined = unlimited). */
export function quotaLimit(_ctx: HandlerContext, type: string): number | undefined {
  return DEFAULT_QUOTAS[type];
}

/** 429 QUOTA_EXCEEDED when `used + adding` would pass the limit. */
export function checkQuota(ctx: HandlerContext, type: string, used: number, adding = 1, label = type): void {
  const limit = quotaLimit(ctx, type);
  if (limit !== undefined && used + adding > limit) {
    throw quotaExceeded(`${label} quota limit exceeded: ${used} of ${limit} used, ${adding} more requested.`);
  }
}
