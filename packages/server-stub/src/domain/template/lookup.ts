// Instance templates as other domains read them: createInstances fills what the request leaves
// out from a template, and verifyInstanceTemplate / availability groups look them up.
import type { components } from '@jdcloud-vm/client';
import { COLLECTION_NAMES } from '../../state/region.js';
import type { TemplateRecord } from '../../state/records.js';
import { withoutExtras } from '../fields.js';
import type { HandlerContext } from '../types.js';

type Schemas = components['schemas'];

export type { TemplateRecord, TemplateRecordExtras } from '../../state/records.js';

/** The collection (and resource kind) templates are kept in. */
export const TEMPLATE_COLLECTION = COLLECTION_NAMES.instanceTemplates;

export function findTemplate(ctx: HandlerContext, instanceTemplateId: string): TemplateRecord | undefined {
  return ctx.store.instanceTemplates.get(instanceTemplateId);
}

/** The template as the API shows it: the `_` fields stripped. */
export function presentTemplate(record: TemplateRecord): Schemas['InstanceTemplate'] {
  return withoutExtras(record);
}
