// Instances. PLACEHOLDER: only what proves the generic precondition and transition code
// (stopInstance on an instance seeded into the store). The instance domain replaces this module:
// keep the resource kind (name `instance`, collection `instance`, id param `instanceId`).
import type { DomainModule, ResourceKind } from '../types.js';

export const INSTANCE: ResourceKind = {
  name: 'instance',
  collection: 'instance',
  idParam: 'instanceId',
  label: 'Instance',
  stateField: 'status',
};

export const instanceModule: DomainModule = {
  name: 'instance',
  resources: [INSTANCE],
  handlers: {
    // x-jdcloud-preconditions (running, no task) and x-jdcloud-transition (stopping → stopped)
    // are applied by the dispatcher; the handler only records the charging choice.
    stopInstance(ctx) {
      const chargeOnStopped = ctx.params.body.chargeOnStopped;
      if (typeof chargeOnStopped === 'string' && chargeOnStopped !== '') {
        ctx.store.collection(INSTANCE.collection).update(ctx.params.path.instanceId as string, (draft) => {
          draft.chargeOnStopped = chargeOnStopped;
        });
      }
      return undefined;
    },
  },
};
