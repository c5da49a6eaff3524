// Issue 7: the read path of the store does not copy, an exact id filter reads only those records,
// and what handlers and callers hold cannot reach the stored state except through
// insert / update / remove. Behaviour is checked with the store's read counters, never wall time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, StateStore } from '../src/index.js';
import { type InstanceStub, launch, startInstanceStub } from './instance-fixtures.js';

interface Thing {
  id: string;
  tags: string[];
  nested: { n: number };
}

describe('store: read-only views and copies', () => {
  const clock = new ManualClock();
  const store = new StateStore({ clock, transitionMs: 100 });
  const things = store.scope('acct', 'cn-north-1').collectionNamed<Thing>('thing');
  for (const id of ['t-1', 't-2', 't-3', 't-4']) things.insert(id, { id, tags: ['a'], nested: { n: 1 } });

  it('scan, peek and pick hand out the stored records without copying them', () => {
    const before = { ...store.reads };
    const all = things.scan();
    expect(all.map((t) => t.id)).toEqual(['t-1', 't-2', 't-3', 't-4']);
    expect(things.peek('t-2')?.id).toBe('t-2');
    expect(things.pick(['t-3']).map((t) => t.id)).toEqual(['t-3']);
    expect(store.reads.copied).toBe(before.copied);
    expect(store.reads.viewed).toBe(before.viewed + 4 + 1 + 1);
  });

  it('a mutation of a scanned, peeked or picked record throws and does not reach the store', () => {
    const [first] = things.scan() as Thing[];
    expect(() => {
      (first as Thing).tags.push('b');
    }).toThrow(TypeError);
    expect(() => {
      (things.peek('t-2') as Thing).nested.n = 2;
    }).toThrow(TypeError);
    expect(() => {
      (things.pick(['t-3'])[0] as Thing).id = 'other';
    }).toThrow(TypeError);
    expect(things.get('t-1')?.tags).toEqual(['a']);
    expect(things.get('t-2')?.nested.n).toBe(1);
    expect(things.has('t-3')).toBe(true);
    expect(things.get('t-3')?.id).toBe('t-3');
  });

  it('get and list still give copies the caller may change, without effect on the store', () => {
    const listed = things.list();
    listed[0]!.tags.push('changed');
    const got = things.get('t-2')!;
    got.nested.n = 42;
    expect(things.peek('t-1')?.tags).toEqual(['a']);
    expect(things.peek('t-2')?.nested.n).toBe(1);
  });

  it('what insert and update return (and what was inserted) is the caller\'s: changing it changes nothing stored', () => {
    const input: Thing = { id: 't-9', tags: ['x'], nested: { n: 9 } };
    const inserted = things.insert('t-9', input);
    input.tags.push('y');
    inserted.nested.n = 10;
    expect(things.peek('t-9')).toEqual({ id: 't-9', tags: ['x'], nested: { n: 9 } });
    const updated = things.update('t-9', (draft) => {
      draft.tags.push('z');
    })!;
    updated.tags.push('after');
    expect(things.peek('t-9')?.tags).toEqual(['x', 'z']);
    expect(Object.isFrozen(things.peek('t-9'))).toBe(true);
    expect(things.remove('t-9')).toBe(true);
  });

  it('pick: unknown ids skipped, duplicates once, insertion order whatever the order asked', () => {
    expect(things.pick(['t-4', 'nope', 't-1', 't-4', 't-2']).map((t) => t.id)).toEqual(['t-1', 't-2', 't-4']);
    // An update keeps the place of a record; a removed and re-inserted one goes last.
    things.update('t-1', (draft) => {
      draft.tags = ['b'];
    });
    things.remove('t-2');
    things.insert('t-2', { id: 't-2', tags: [], nested: { n: 0 } });
    expect(things.pick(['t-2', 't-1', 't-3']).map((t) => t.id)).toEqual(['t-1', 't-3', 't-2']);
    expect(things.scan().map((t) => t.id)).toEqual(['t-1', 't-3', 't-4', 't-2']);
    expect(store.scope('nobody', 'cn-north-1').collectionNamed('thing').pick(['t-1'])).toEqual([]);
  });

  it('patch sets top-level fields on a new frozen record, sharing the rest (no deep copy)', () => {
    const before = things.peek('t-3')!;
    const tags = ['p'];
    expect(things.patch('t-3', { tags })).toBe(true);
    tags.push('later'); // the given value was copied
    const after = things.peek('t-3')!;
    expect(after).toEqual({ id: 't-3', tags: ['p'], nested: { n: 1 } });
    expect(after.nested).toBe(before.nested); // shared, frozen
    expect(Object.isFrozen(after) && Object.isFrozen(after.tags)).toBe(true);
    expect(before.tags).toEqual(['a']); // an older view is unchanged
    expect(things.patch('t-missing', { tags: [] })).toBe(false);
  });

  it('a transition replaces the frozen record: the final state shows, the old view stays as it was', () => {
    const scope = store.scope('acct', 'cn-north-1');
    const vms = scope.collectionNamed<{ status: string; disks: string[] }>('vm');
    vms.insert('i-1', { status: 'running', disks: ['d-1'] });
    scope.transitions.start('vm', 'i-1', { transitional: 'stopping', final: 'stopped', task: 'stopInstance' });
    const during = vms.peek('i-1')!;
    expect(during.status).toBe('stopping');
    clock.advance(100);
    store.settle();
    expect(vms.peek('i-1')).toEqual({ status: 'stopped', disks: ['d-1'] });
    expect(Object.isFrozen(vms.peek('i-1'))).toBe(true);
    expect(during.status).toBe('stopping');
  });

  it('records loaded from a state file are frozen too', () => {
    const copy = new StateStore({ clock, transitionMs: 100 });
    copy.load(store.toJSON());
    const loaded = copy.scope('acct', 'cn-north-1').collectionNamed<Thing>('thing');
    expect(loaded.scan().map((t) => t.id)).toEqual(['t-1', 't-3', 't-4', 't-2']);
    expect(Object.isFrozen(loaded.peek('t-1')?.tags)).toBe(true);
    expect(loaded.pick(['t-2', 't-1']).map((t) => t.id)).toEqual(['t-1', 't-2']);
  });
});

describe('describeInstances reads only what it needs (store counters)', () => {
  let env: InstanceStub;
  let ids: string[];

  beforeAll(async () => {
    env = await startInstanceStub({ quotas: { instance: 500, instance_cpu: 100_000, instance_memory: 1_000_000 } });
    ids = [...(await launch(env, { name: 'perf-a' }, 100)), ...(await launch(env, { name: 'perf-b' }, 100))];
  });
  afterAll(() => env.close());

  const reads = () => ({ ...env.stub.store.reads });
  const delta = (before: { copied: number; viewed: number }) => ({
    copied: env.stub.store.reads.copied - before.copied,
    viewed: env.stub.store.reads.viewed - before.viewed,
  });

  it('an exact instanceId filter looks up those instances and copies no record', async () => {
    const wanted = [ids[150]!, ids[3]!];
    const before = reads();
    const answer = await env.vm.describeInstances({ filters: [{ name: 'instanceId', values: wanted }] });
    // Insertion order, as a full scan would answer.
    expect(answer.instances?.map((i) => i.instanceId)).toEqual([ids[3], ids[150]]);
    expect(answer.totalCount).toBe(2);
    // The two instances, and the disk and interface records each answer nests (instances store
    // them by id).
    expect(delta(before)).toEqual({ copied: 0, viewed: 2 + 2 + 2 });
  });

  it('with other filters too, the id filter still bounds what is read', async () => {
    const before = reads();
    const answer = await env.vm.describeInstances({
      filters: [
        { name: 'status', values: ['running'] },
        { name: 'instanceId', values: [ids[7]!, 'i-doesnotexist'] },
      ],
    });
    expect(answer.instances?.map((i) => i.instanceId)).toEqual([ids[7]]);
    expect(delta(before)).toEqual({ copied: 0, viewed: 1 + 2 });
  });

  it('a networkInterfaceId filter reads just the instances holding those interfaces', async () => {
    const { instance } = await env.vm.describeInstance({ instanceId: ids[42]! });
    const nic = instance.primaryNetworkInterface?.networkInterface?.networkInterfaceId as string;
    const before = reads();
    const answer = await env.vm.describeInstances({ filters: [{ name: 'networkInterfaceId', values: [nic, 'port-nobody0001'] }] });
    expect(answer.instances?.map((i) => i.instanceId)).toEqual([ids[42]]);
    // The holder (from the index of the instances' interfaces), its disk and its interface.
    expect(delta(before)).toEqual({ copied: 0, viewed: 1 + 2 });
  });

  it('other filters read every instance of the caller, but copy none (only the page is presented)', async () => {
    const before = reads();
    const answer = await env.vm.describeInstances({ filters: [{ name: 'name', values: ['perf-b'] }], pageSize: 10 });
    expect(answer.totalCount).toBe(100);
    expect(answer.instances).toHaveLength(10);
    // Every instance, and the system disk and interface of each of the ten presented.
    expect(delta(before)).toEqual({ copied: 0, viewed: 200 + 10 + 10 });
  });

  it('describeInstance copies no record either', async () => {
    const before = reads();
    const { instance } = await env.vm.describeInstance({ instanceId: ids[42]! });
    expect(instance.instanceId).toBe(ids[42]);
    expect(delta(before).copied).toBe(0);
  });

  it('a mutation of a listed instance does not reach the store', async () => {
    const id = ids[5]!;
    const scope = env.stub.store.scope('AK_ALICE_INST', 'cn-north-1');
    const listed = scope.instances.scan();
    const record = listed.find((r) => (r as { instanceId?: string }).instanceId === id)!;
    expect(() => {
      (record as { instanceName?: string }).instanceName = 'hacked';
    }).toThrow(TypeError);
    const copies = scope.instances.list();
    copies.find((r) => r.instanceId === id)!.instanceName = 'hacked too';
    const { instance } = await env.vm.describeInstance({ instanceId: id });
    expect(instance.instanceName).toBe('perf-a');
    // An answer is built from the stored record but is not it.
    const answer = await env.vm.describeInstances({ filters: [{ name: 'instanceId', values: [id] }] });
    expect(answer.instances?.[0]?.instanceName).toBe('perf-a');
  });

  it('describeKeypairs with a keyNames filter looks those key pairs up and copies none', async () => {
    const keypairs = env.stub.store.scope('AK_ALICE_INST', 'cn-north-1').keypairs;
    for (let i = 0; i < 50; i++) {
      keypairs.insert(`kp-${i}`, { keyName: `kp-${i}`, publicKey: 'ssh-rsa AAAA', keyFingerprint: `f${i}`, createTime: '2024-05-01T16:30:00+08:00' });
    }
    const before = reads();
    const answer = await env.vm.describeKeypairs({ filters: [{ name: 'keyNames', values: ['kp-40', 'kp-7'] }] });
    expect(answer.keypairs?.map((k) => k.keyName)).toEqual(['kp-7', 'kp-40']);
    expect(delta(before)).toEqual({ copied: 0, viewed: 2 });
  });

  it('stop and start still change the stored records, without deep copies', async () => {
    const id = ids[9]!;
    const before = reads();
    await env.vm.stopInstance({ instanceId: id, chargeOnStopped: 'keepCharging' });
    expect(delta(before).copied).toBe(0);
    env.settle();
    expect((await env.vm.describeInstance({ instanceId: id })).instance.status).toBe('stopped');
    await env.vm.startInstance({ instanceId: id });
    env.settle();
    expect((await env.vm.describeInstance({ instanceId: id })).instance.status).toBe('running');
  });
});
