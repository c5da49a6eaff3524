// Concurrency: requests fired all at once (one connection each) against one stub. The quota is
// never overshot (200 createInstances against an instance quota of 100 create exactly 100; key
// pairs, whose handler awaits key generation between its checks and its write, too), one
// instance never runs two tasks (concurrent stop/start/reboot: exactly one wins, the others get
// the task-in-progress error), and attachDisk never passes the data-disk limit nor attaches a
// single-attach disk twice.
import { type VmClient, JdCloudError } from '@jdcloud-vm/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InstanceStub, clientFor, plainSpec, startInstanceStub } from './instance-fixtures.js';
import { Rng, SEED } from './reliability/random.js';

const CAROL = { accessKeyId: 'AK_REL_CAROL', secretAccessKey: 'SK_REL_CAROL' };
const DAVE = { accessKeyId: 'AK_REL_DAVE', secretAccessKey: 'SK_REL_DAVE' };

interface Outcome<T> {
  ok: T[];
  failed: Array<{ httpStatus: number; status: string; message: string }>;
}

/** Settles every call; a failure that is not a JD Cloud error envelope (network, 5xx shape) throws. */
async function all<T>(calls: Array<Promise<T>>): Promise<Outcome<T>> {
  const results = await Promise.allSettled(calls);
  const out: Outcome<T> = { ok: [], failed: [] };
  for (const result of results) {
    if (result.status === 'fulfilled') out.ok.push(result.value);
    else if (result.reason instanceof JdCloudError) {
      out.failed.push({ httpStatus: result.reason.httpStatus, status: result.reason.status, message: result.reason.message });
    } else throw result.reason;
  }
  for (const f of out.failed) expect(f.httpStatus, f.message).toBeLessThan(500);
  return out;
}

let operationsFired = 0;
const fire = <T>(calls: Array<Promise<T>>) => {
  operationsFired += calls.length;
  return all(calls);
};

describe('concurrency', () => {
  let env: InstanceStub;
  let carol: VmClient;
  let dave: VmClient;
  beforeAll(async () => {
    env = await startInstanceStub({
      quotas: { instance: 100, instance_cpu: 100_000, instance_memory: 100_000, instance_local_disk: 100_000, keypair: 3 },
      accessKeys: [
        'AK_ALICE_INST:SK_ALICE_INST',
        'AK_BOB_INST:SK_BOB_INST',
        `${CAROL.accessKeyId}:${CAROL.secretAccessKey}`,
        `${DAVE.accessKeyId}:${DAVE.secretAccessKey}`,
      ],
    });
    carol = clientFor(env.stub, CAROL);
    dave = clientFor(env.stub, DAVE);
  });
  afterAll(async () => {
    await env?.close();
    console.log(`reliability-concurrency: ${operationsFired} concurrent operations fired`);
  });

  it('200 concurrent createInstances against a quota of 100: exactly 100 created, 100 refused with 429', async () => {
    const outcome = await fire(
      Array.from({ length: 200 }, (_, i) => env.vm.createInstances({ instanceSpec: plainSpec({ name: `race-${i}` }), maxCount: 1 })),
    );
    expect(outcome.ok).toHaveLength(100);
    expect(outcome.failed).toHaveLength(100);
    for (const f of outcome.failed) expect(f).toMatchObject({ httpStatus: 429, status: 'QUOTA_EXCEEDED' });
    const scope = env.stub.store.scope('AK_ALICE_INST', 'cn-north-1');
    const created = scope.instances.list();
    expect(created).toHaveLength(100);
    expect(new Set(outcome.ok.flatMap((r) => r.instanceIds)).size).toBe(100);
    // No private IP handed out twice (the primary interfaces' records hold them).
    const addresses = created.map((i) => scope.networkInterfaces.peek(i.primaryNetworkInterface?.networkInterface?.networkInterfaceId ?? '')?.primaryIp?.privateIpAddress);
    expect(addresses.every((a) => a !== undefined)).toBe(true);
    expect(new Set(addresses).size).toBe(100);
    const { quotas } = await env.vm.describeQuotas({ filters: [{ name: 'resourceTypes', values: ['instance'] }] });
    expect(quotas?.[0]).toMatchObject({ resourceType: 'instance', limit: 100, used: 100 });
  });

  it('concurrent createInstances of several instances each never pass the quota', async () => {
    const rng = new Rng(SEED).fork('maxCount');
    const counts = Array.from({ length: 80 }, () => rng.int(1, 6));
    const outcome = await fire(
      counts.map((maxCount, i) => carol.createInstances({ instanceSpec: plainSpec({ name: `multi-${i}` }), maxCount }).then(() => maxCount)),
    );
    const created = outcome.ok.reduce((a, b) => a + b, 0);
    const stored = env.stub.store.scope(CAROL.accessKeyId, 'cn-north-1').instances.count();
    expect(stored).toBe(created);
    expect(created).toBeLessThanOrEqual(100);
    for (const f of outcome.failed) expect(f).toMatchObject({ httpStatus: 429, status: 'QUOTA_EXCEEDED' });
    // Every refusal was right when it happened: usage only grew, so it still does not fit now.
    const refused = counts.length - outcome.ok.length;
    expect(outcome.failed).toHaveLength(refused);
    for (const f of outcome.failed) {
      const wanted = Number(/(\d+) more requested/.exec(f.message)?.[1]);
      expect(created + wanted, f.message).toBeGreaterThan(100);
    }
  });

  it('key pairs (the handler awaits between its checks and its write): 8 at once against a quota of 3, one name 4 times', async () => {
    const outcome = await fire(Array.from({ length: 8 }, (_, i) => dave.createKeypair({ keyName: `race-${i}` })));
    expect(outcome.ok).toHaveLength(3);
    for (const f of outcome.failed) expect(f).toMatchObject({ httpStatus: 429, status: 'QUOTA_EXCEEDED' });
    expect(env.stub.store.scope(DAVE.accessKeyId, 'cn-north-1').keypairs.count()).toBe(3);

    const same = await fire(Array.from({ length: 4 }, () => carol.createKeypair({ keyName: 'only-one' })));
    expect(same.ok).toHaveLength(1);
    for (const f of same.failed) expect(f).toMatchObject({ httpStatus: 400, status: 'FAILED_PRECONDITION', message: "KeyName 'only-one' already in use." });
  });

  describe('one instance, many lifecycle calls at once', () => {
    let instanceId: string;
    const taskInProgress = (f: { httpStatus: number; status: string; message: string }) => {
      expect(f.httpStatus).toBe(400);
      expect(['FAILED_PRECONDITION', 'CONFLICT']).toContain(f.status);
      expect(f.message).toMatch(/^Conflict with underlay task|has a task in progress/);
    };
    beforeAll(async () => {
      [instanceId] = (await env.bob.createInstances({ instanceSpec: plainSpec({ name: 'contended' }) })).instanceIds as [string];
      env.settle();
    });

    it('20 stopInstance at once: exactly one wins, 19 get the task-in-progress error', async () => {
      const outcome = await fire(Array.from({ length: 20 }, () => env.bob.stopInstance({ instanceId })));
      expect(outcome.ok).toHaveLength(1);
      expect(outcome.failed).toHaveLength(19);
      outcome.failed.forEach(taskInProgress);
      env.settle();
      expect((await env.bob.describeInstance({ instanceId })).instance.status).toBe('stopped');
    });

    it('20 startInstance at once on the stopped instance: exactly one wins', async () => {
      const outcome = await fire(Array.from({ length: 20 }, () => env.bob.startInstance({ instanceId })));
      expect(outcome.ok).toHaveLength(1);
      outcome.failed.forEach(taskInProgress);
      env.settle();
      expect((await env.bob.describeInstance({ instanceId })).instance.status).toBe('running');
    });

    it('stop and reboot interleaved (both valid on a running instance): exactly one wins', async () => {
      for (let round = 0; round < 5; round++) {
        const calls = Array.from({ length: 10 }, (_, i) =>
          i % 2 === 0 ? env.bob.stopInstance({ instanceId }) : env.bob.rebootInstance({ instanceId }),
        );
        const outcome = await fire(calls);
        expect(outcome.ok).toHaveLength(1);
        outcome.failed.forEach(taskInProgress);
        env.settle();
        if ((await env.bob.describeInstance({ instanceId })).instance.status === 'stopped') {
          await env.bob.startInstance({ instanceId });
          env.settle();
        }
      }
    });

    it('stop and start at once: never both, and the loser is refused with a precondition error', async () => {
      for (let round = 0; round < 5; round++) {
        const status = (await env.bob.describeInstance({ instanceId })).instance.status;
        const outcome = await fire([env.bob.stopInstance({ instanceId }), env.bob.startInstance({ instanceId })]);
        expect(outcome.ok, `round ${round} from ${status}`).toHaveLength(1);
        expect(outcome.failed[0]).toMatchObject({ httpStatus: 400, status: 'FAILED_PRECONDITION' });
        env.settle();
        const after = (await env.bob.describeInstance({ instanceId })).instance.status;
        expect(after).toBe(status === 'running' ? 'stopped' : 'running');
        if (after === 'stopped') {
          await env.bob.startInstance({ instanceId });
          env.settle();
        }
      }
    });
  });

  it('30 attachDisk at once never pass the data-disk limit', async () => {
    const [instanceId] = (await env.bob.createInstances({ instanceSpec: plainSpec({ name: 'disks' }) })).instanceIds as [string];
    env.settle();
    const outcome = await fire(
      Array.from({ length: 30 }, (_, i) => env.bob.attachDisk({ instanceId, diskId: `vol-race${String(i).padStart(6, '0')}` })),
    );
    const { instance } = await env.bob.describeInstance({ instanceId });
    const dataDisks = instance.dataDisks ?? [];
    // A cloud system disk leaves room for 7 data disks (and g.n2.medium allows 8 cloud disks).
    expect(dataDisks).toHaveLength(7);
    expect(outcome.ok).toHaveLength(7);
    for (const f of outcome.failed) expect(f).toMatchObject({ httpStatus: 400, status: 'FAILED_PRECONDITION', message: expect.stringMatching(/DataDisks out of range/) });
    expect(new Set(dataDisks.map((d) => d.deviceName)).size).toBe(7);
  });

  it('one single-attach disk attached to 10 instances at once: exactly one holds it', async () => {
    const { instanceIds } = await env.bob.createInstances({ instanceSpec: plainSpec({ name: 'holders' }), maxCount: 10 });
    env.settle();
    const outcome = await fire(instanceIds.map((instanceId) => env.bob.attachDisk({ instanceId, diskId: 'vol-contended01' })));
    expect(outcome.ok).toHaveLength(1);
    for (const f of outcome.failed) expect(f.message).toMatch(/attached to another instance/);
    const holders = env.stub.store
      .scope('AK_BOB_INST', 'cn-north-1')
      .instances
      .list()
      .filter((i) => (i.dataDisks ?? []).some((d) => d.cloudDisk?.diskId === 'vol-contended01'));
    expect(holders).toHaveLength(1);
  });
});
