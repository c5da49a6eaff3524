// Instance templates as other domains read them: createInstances fills what the request leaves
// out from a template, and verifyInstanceTemplate / availability groups look them up.
import type { components } from '@jdcloud-vm/client';
import type { HandlerContext } from '../types.js';

type Schemas = components['schemas'];

/** Settings a template stores that the InstanceTemplate model never shows (stripped on output). */
export interface TemplateRecordExtras {
  /** The login password (InstanceTemplateData.includePassword tells whether there is one). */
  _password?: string;
  /** Metadata pairs (keys kept as given; compared case-insensitively). */
  _metadata?: Schemas['Metadata'][];
  /** User data (the launch script). */
  _userdata?: Schemas['Userdata'][];
  /** The system disk was not given and follows the image (re-derived when the image changes). */
  _systemDiskFromImage?: boolean;
}

/**
 * A stored template: the InstanceTemplate model as describeInstanceTemplate returns it (`id`,
 * `name`, `description`, `createdTime`, `ags`, `instanceTemplateData` with `passwordAuth`,
 * `systemDisk.instanceTemplateDisk`, ...) plus the `_` extras.
 */
export type TemplateRecord = Schemas['InstanceTemplate'] & { id: string } & TemplateRecordExtras;

export const TEMPLATE_COLLECTION = 'instanceTemplate';

export function findTemplate(ctx: HandlerContext, instanceTemplateId: string): TemplateRecord | undefined {
  return ctx.store.collection<TemplateRecord>(TEMPLATE_COLLECTION).get(instanceTemplateId);
}

/** The template as the API shows it: the `_` fields stripped. */
export function presentTemplate(record: TemplateRecord): Schemas['InstanceTemplate'] {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) if (!key.startsWith('_')) out[key] = value;
  return out as Schemas['InstanceTemplate'];
}
