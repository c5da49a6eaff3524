// Instance templates as other domains read them: createInstances fills what the request leaves
// out from a template, and verifyInstanceTemplate / availability groups look them up.
import type { components } from '@jdcloud-vm/client';
import type { HandlerContext } from '../types.js';

export type TemplateRecord = components['schemas']['InstanceTemplate'] & { id: string };

export const TEMPLATE_COLLECTION = 'instanceTemplate';

export function findTemplate(ctx: HandlerContext, instanceTemplateId: string): TemplateRecord | undefined {
  return ctx.store.collection<TemplateRecord>(TEMPLATE_COLLECTION).get(instanceTemplateId);
}
