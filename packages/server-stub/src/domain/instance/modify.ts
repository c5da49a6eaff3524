// modifyInstanceAttribute (name, description, host name, metadata, launch script) and
// modifyInstancePassword (takes effect at the next reboot; the password is never stored).
import { invalidArgument, notFound } from '../../http/errors.js';
import type { OperationContext, OperationResult } from '../types.js';
import { pathInstance } from './kind.js';
import { type InstanceRecord, type Metadata } from './records.js';
import { checkHostname, checkInstanceName, checkMetadata, checkPassword, checkUserdata, osFamily } from './rules.js';

const MODIFIABLE = ['name', 'description', 'hostname', 'metadata', 'userdata'] as const;

/** Metadata keys compare case-insensitively; a key ending in `-` is ignored. */
function mergeMetadata(current: readonly Metadata[], changes: readonly Metadata[]): Metadata[] {
  const out = current.map((m) => ({ ...m }));
  for (const change of changes) {
    const key = change.key ?? '';
    if (key === '' || key.endsWith('-')) continue;
    const at = out.findIndex((m) => (m.key ?? '').toLowerCase() === key.toLowerCase());
    if (at >= 0) out[at] = { ...change };
    else out.push({ ...change });
  }
  return out;
}

export function modifyInstanceAttribute(ctx: OperationContext<'modifyInstanceAttribute'>): OperationResult<'modifyInstanceAttribute'> {
  const instance = pathInstance(ctx);
  const body = ctx.params.body;
  if (!MODIFIABLE.some((field) => body[field] !== undefined)) {
    throw invalidArgument('There are no modifiable properties in the parameter: give name, description, hostname, metadata or userdata.');
  }
  const name = body.name;
  if (name !== undefined) checkInstanceName(name);
  const description = body.description;
  if (description !== undefined && [...description].length > 256) {
    throw invalidArgument('description: at most 256 characters.');
  }
  const hostname = body.hostname;
  if (hostname !== undefined) checkHostname(hostname, osFamily(instance.osType));
  const metadata = body.metadata;
  const merged = metadata ? mergeMetadata(instance._metadata ?? [], metadata) : undefined;
  if (metadata) checkMetadata(metadata, 'metadata');
  if (merged && merged.length > 40) {
    throw invalidArgument(`metadata: an instance holds at most 40 pairs; this change would leave ${merged.length}.`);
  }
  const userdata = body.userdata;
  if (userdata) checkUserdata(userdata, 'userdata');

  ctx.store.instances.update(instance.instanceId, (draft) => {
    if (name !== undefined) draft.instanceName = name;
    if (description !== undefined) draft.description = description;
    if (hostname !== undefined) draft.hostname = hostname;
    if (merged) draft._metadata = merged;
    if (userdata) draft._userdata = userdata;
  });
  return undefined;
}

export function modifyInstancePassword(ctx: OperationContext<'modifyInstancePassword'>): OperationResult<'modifyInstancePassword'> {
  const instance: InstanceRecord = pathInstance(ctx);
  const id = instance.instanceId;
  // running or stopped, no task in progress: x-jdcloud-preconditions.
  if (!instance.systemDisk) throw notFound(`System disk not found: instance '${id}' has no system disk.`);
  checkPassword(String(ctx.params.body.password));
  ctx.store.instances.update(id, (draft) => {
    draft._hasPassword = true;
  });
  return undefined;
}
