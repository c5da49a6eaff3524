// The store's serialisable form: what the state file holds (persistence.ts) and `/_stub/state`
// answers and takes. Collections are listed by their names (`instance`, `keypair`, ...), each as
// [id, record] pairs in insertion order; tasks by `collection/id`; pending transitions in the
// order they were started.
import type { ResourceRecord } from './collection.js';
import { frozenCopy } from './collection.js';
import { normaliseEarlierRecords } from './earlier-records.js';
import { COLLECTION_NAMES } from './region.js';
import type { StateStore } from './store.js';
import type { PendingTransition, TaskInfo } from './timeline.js';

/** Serializable form of the whole store (the `state` of the state file). */
export interface StateData {
  accounts: Record<
    string,
    {
      regions: Record<
        string,
        {
          /** collection name → [id, record] pairs in insertion order. */
          collections: Record<string, Array<[string, ResourceRecord]>>;
          /** `collection/id` → task. */
          tasks: Record<string, TaskInfo>;
        }
      >;
    }
  >;
  transitions: PendingTransition[];
}

export function takeSnapshot(store: StateStore): StateData {
  const accounts: StateData['accounts'] = {};
  for (const region of store.allRegions()) {
    const collections: Record<string, Array<[string, ResourceRecord]>> = {};
    for (const [name, items] of region.collections()) {
      if (items.count() > 0) collections[name] = [...items.entries()].map(([id, r]) => [id, structuredClone(r) as ResourceRecord]);
    }
    const tasks: Record<string, TaskInfo> = {};
    for (const [key, task] of region.taskData) tasks[key] = { ...task };
    (accounts[region.account] ??= { regions: {} }).regions[region.region] = { collections, tasks };
  }
  return { accounts, transitions: store.timeline.list() };
}

/**
 * Records as earlier builds stored them, made current: a key pair listed the instances holding
 * it, which the instances' `keyNames` say already (the two were kept equal).
 */
function currentRecord(collection: string, record: ResourceRecord): ResourceRecord {
  if (collection === COLLECTION_NAMES.keypairs && 'instanceIds' in record) {
    const { instanceIds: _held, ...rest } = record;
    return rest;
  }
  return record;
}

/** Replaces the store's content with `data`. Throws on a malformed shape (the store is then empty). */
export function restoreSnapshot(store: StateStore, data: StateData): void {
  store.clear();
  if (
    !data ||
    typeof data !== 'object' ||
    typeof data.accounts !== 'object' ||
    data.accounts === null ||
    Array.isArray(data.accounts) ||
    !Array.isArray(data.transitions)
  ) {
    throw new Error('state has no "accounts" object or no "transitions" array');
  }
  for (const [account, acc] of Object.entries(data.accounts)) {
    if (!acc || typeof acc.regions !== 'object') throw new Error(`account ${account} has no "regions" object`);
    for (const [regionId, saved] of Object.entries(acc.regions)) {
      const region = store.scope(account, regionId);
      region.materialise();
      for (const [name, items] of Object.entries(saved.collections ?? {})) {
        if (!Array.isArray(items)) throw new Error(`collection ${account}/${regionId}/${name} is not a list`);
        const collection = region.collectionNamed(name);
        for (const entry of items) {
          if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'object' || entry[1] === null) {
            throw new Error(`collection ${account}/${regionId}/${name} holds a malformed entry`);
          }
          collection.store(entry[0], frozenCopy(currentRecord(name, entry[1])));
          store.rememberId(entry[0]);
        }
      }
      normaliseEarlierRecords(region);
      for (const [key, task] of Object.entries(saved.tasks ?? {})) {
        if (typeof task?.name !== 'string' || typeof task.startedAt !== 'number') {
          throw new Error(`task ${account}/${regionId}/${key} is malformed`);
        }
        region.taskData.set(key, { ...task });
      }
    }
  }
  for (const t of data.transitions) {
    for (const field of ['account', 'region', 'kind', 'id', 'field', 'final', 'task'] as const) {
      if (typeof t[field] !== 'string') throw new Error(`a pending transition has no ${field}`);
    }
    if (typeof t.dueAt !== 'number') throw new Error('a pending transition has no dueAt');
  }
  store.timeline.replace(data.transitions);
}
