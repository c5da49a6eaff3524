// The `instance` resource kind the vendor extensions name (x-jdcloud-preconditions,
// x-jdcloud-transition), and the lookup the handlers without preconditions use.
import { COLLECTION_NAMES } from '../../state/region.js';
import { notFound } from '../../http/errors.js';
import type { ContextWithPath, ResourceKind } from '../types.js';
import { releaseInstance } from './release.js';
import type { InstanceRecord } from './records.js';
import { instanceView } from './view.js';

export const INSTANCE: ResourceKind = {
  name: 'instance',
  collection: COLLECTION_NAMES.instances,
  idParam: 'instanceId',
  label: 'Instance',
  stateField: 'status',
  // The key pairs it holds, for the `links` rules of attachKeypair and detachKeypair.
  links: {
    keypair: (record) => {
      const names = record.keyNames;
      return Array.isArray(names) ? names.filter((name) => typeof name === 'string') : [];
    },
  },
  // deleting → deleted: the disks, interfaces and elastic IPs are let go as the instance goes.
  onTransitionComplete(scope, id, transition) {
    if (transition.final === 'deleted') releaseInstance(scope, id);
  },
};

/** The path's instance of the caller as the model shows it (view.ts), a copy to change (404 NOT_FOUND otherwise). */
export function pathInstance(ctx: ContextWithPath<'instanceId'>): InstanceRecord {
  const id = ctx.params.path.instanceId;
  const record = ctx.store.instances.get(id);
  if (!record) throw notFound(`${INSTANCE.label} '${id}' not found.`);
  return instanceView(ctx.store, record);
}

/** The path's instance of the caller as the model shows it (view.ts), read-only (404 NOT_FOUND otherwise). */
export function pathInstanceView(ctx: ContextWithPath<'instanceId'>): Readonly<InstanceRecord> {
  return instanceView(ctx.store, pathInstanceRecord(ctx));
}

/**
 * The path's instance of the caller as stored, read-only (404 NOT_FOUND otherwise): its disks and
 * interfaces by id, without the fields the model repeats from the primary interface (view.ts).
 * For the rules that read only the instance's own fields, which need no view built.
 */
export function pathInstanceRecord(ctx: ContextWithPath<'instanceId'>): Readonly<InstanceRecord> {
  const id = ctx.params.path.instanceId;
  const record = ctx.store.instances.peek(id);
  if (!record) throw notFound(`${INSTANCE.label} '${id}' not found.`);
  return record;
}
