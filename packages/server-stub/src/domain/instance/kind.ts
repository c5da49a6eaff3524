// The `instance` resource kind the vendor extensions name (x-jdcloud-preconditions,
// x-jdcloud-transition), and the lookup the handlers without preconditions use.
import { COLLECTION_NAMES } from '../../state/region.js';
import { requireResource, viewResource } from '../preconditions.js';
import type { HandlerContext, ResourceKind } from '../types.js';
import { releaseInstance } from './release.js';
import type { InstanceRecord } from './records.js';

export const INSTANCE: ResourceKind = {
  name: 'instance',
  collection: COLLECTION_NAMES.instances,
  idParam: 'instanceId',
  label: 'Instance',
  stateField: 'status',
  // deleting → deleted: the disks, interfaces and elastic IPs are let go as the instance goes.
  onTransitionComplete(scope, id, transition) {
    if (transition.final === 'deleted') releaseInstance(scope, id);
  },
};

/** The path's instance of the caller (404 NOT_FOUND otherwise). */
export function pathInstance(ctx: HandlerContext): InstanceRecord {
  return requireResource(ctx, INSTANCE, ctx.params.path.instanceId as string).record as unknown as InstanceRecord;
}

/** The path's instance of the caller, read-only (the stored record, frozen; 404 NOT_FOUND otherwise). */
export function pathInstanceView(ctx: HandlerContext): Readonly<InstanceRecord> {
  return viewResource(ctx, INSTANCE, ctx.params.path.instanceId as string).record as unknown as InstanceRecord;
}
