// Quotas: describeQuotas, the limit and the live use of each kind of VM resource in a region.
//
// - Without a `resourceTypes` filter every kind is listed; `imageShare` only when `imageId` is
//   given (it is a quota of one image, not of the account).
// - `resourceTypes` naming `imageShare` without `imageId` → 400 INVALID_ARGUMENT "Parameter ImageId
//   missing"; an `imageId` that is not one of the caller's private images in the region → 400
//   INVALID_ARGUMENT (the operation documents no 404).
// - An unknown resource type in the filter → 400 INVALID_ARGUMENT naming the accepted ones.
import type { QuotaName } from '../../catalog/index.js';
import { invalidArgument } from '../../http/errors.js';
import { applyFilters } from '../listing.js';
import { QUOTA_TYPES, isQuotaName, quotaLimit, quotaUsage } from '../quotas.js';
import type { HandlerShare } from '../types.js';

export interface QuotaEntry {
  resourceType: QuotaName;
  limit: number;
  used: number;
}

/** What describeQuotas reports as the limit of an unlimited type (none is, with the shipped data). */
const UNLIMITED = 2_147_483_647;

export const quotaModule = {
  name: 'quota',
  resources: [],
  handlers: {
    describeQuotas(ctx) {
      const filters = ctx.params.query.filters ?? [];
      const imageIdParam = ctx.params.query.imageId;
      const imageId = typeof imageIdParam === 'string' && imageIdParam !== '' ? imageIdParam : undefined;

      const asked = new Set<string>();
      for (const condition of filters) {
        if (condition.name !== 'resourceTypes') continue;
        for (const value of condition.values) {
          if (!isQuotaName(value)) {
            throw invalidArgument(`Unknown resource type '${value}' in filter resourceTypes; accepted: ${QUOTA_TYPES.join(', ')}.`);
          }
          asked.add(value);
        }
      }
      if (asked.has('imageShare') && imageId === undefined) throw invalidArgument('Parameter ImageId missing');
      const wantsShare = imageId !== undefined && (asked.size === 0 || asked.has('imageShare'));
      if (wantsShare && !ctx.store.images.has(imageId)) {
        throw invalidArgument(`ImageId '${imageId}' is not a private image of this account in ${ctx.region}.`);
      }

      const entries: QuotaEntry[] = [];
      for (const resourceType of QUOTA_TYPES) {
        if (resourceType === 'imageShare' && !wantsShare) continue;
        entries.push({
          resourceType,
          limit: quotaLimit(ctx, resourceType) ?? UNLIMITED,
          used: quotaUsage(ctx, resourceType, imageId),
        });
      }
      // The document's x-jdcloud-filters (resourceTypes → resourceType, exact) select the entries;
      // unknown filter names and operators other than eq are refused there.
      return { quotas: applyFilters(entries, filters, ctx.operation.filters) };
    },
  } satisfies HandlerShare,
};
