// State files written by earlier builds load and answer as they did. The fixture was written by
// the build of main before the store was split and normalised (key pairs then also listed their
// instances; instances nested their disks and interfaces): three instances in open mode, two of
// them created with key pair `kept` and an elastic IP. The answers are what that build gave on
// the same file.
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/index.js';
import { call, start, type TestStub } from './helpers.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const answers = JSON.parse(readFileSync(join(FIXTURES, 'state-main-v1-answers.json'), 'utf8')) as Record<string, unknown>;

describe('a state file written by main (format version 1, before normalised records)', () => {
  let stub: TestStub;
  let file: string;
  const clock = new ManualClock(Date.now());
  beforeAll(async () => {
    file = join(mkdtempSync(join(tmpdir(), 'jdcloud-vm-stub-compat-')), 'state.json');
    copyFileSync(join(FIXTURES, 'state-main-v1.json'), file);
    stub = await start({ stateFile: file, clock, transitionMs: 1000 });
  });
  afterAll(() => stub?.close());

  const paths: Record<string, string> = {
    describeKeypairs: '/keypairs',
    describeInstances: '/instances?pageSize=100',
    describeBriefInstances: '/instances:describeBriefInstances',
  };
  for (const [operation, path] of Object.entries(paths)) {
    it(`${operation} answers what main answered`, async () => {
      const answer = await call('GET', stub.api(path));
      expect(answer.status).toBe(200);
      expect(answer.json.result).toEqual(answers[operation]);
    });
  }

  it('the key pair still lists the two instances holding it, and lets one go on detach', async () => {
    const held = (answers.describeKeypairs as { keypairs: Array<{ instanceIds: string[] }> }).keypairs[0]!.instanceIds;
    expect(held).toHaveLength(2);
    const [first, second] = held as [string, string];
    expect((await call('POST', stub.api(`/instances/${first}:stopInstance`), { body: {} })).status).toBe(200);
    clock.advance(1000);
    const detached = await call('POST', stub.api('/keypairs/kept:detach'), { body: { instanceIds: [first] } });
    expect(detached.json.result).toEqual({ successInstanceId: [first], failInstanceId: [] });
    const after = await call('GET', stub.api('/keypairs'));
    expect(after.json.result.keypairs[0].instanceIds).toEqual([second]);
  });

  it('saves the file normalised: no stored instance lists on key pairs, instances keep their disks and interfaces by id', async () => {
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    const { keypair, instance } = saved.state.accounts.default.regions['cn-north-1'].collections;
    expect(keypair[0][1].keyName).toBe('kept');
    expect(keypair[0][1]).not.toHaveProperty('instanceIds');
    expect(instance).toHaveLength(3);
    for (const [, record] of instance) {
      expect(Object.keys(record.systemDisk.cloudDisk)).toEqual(['diskId']);
      expect(Object.keys(record.primaryNetworkInterface.networkInterface)).toEqual(['networkInterfaceId']);
      expect(record).not.toHaveProperty('vpcId');
    }
  });
});

// Files with network interfaces and elastic IPs in every arrangement (secondary interfaces kept
// or deleted with their instance, elastic IPs associated, disassociated and left free, a move to
// another VPC), written by main and by the build that stored disks by id but still nested the
// interfaces. Each `-steps.json` holds the requests test/fixtures/write-state-fixture.mjs sent to
// the build that wrote the file once it had loaded it, and that build's answers: every describe
// operation and network filter, then changes (detach, attach, associate, delete) and the
// answers after them.
interface Step {
  method: string;
  path: string;
  body?: unknown;
  settle?: boolean;
  status: number;
  result?: unknown;
}

for (const name of ['state-main-v1-network', 'state-disks-by-id-network']) {
  const recorded = JSON.parse(readFileSync(join(FIXTURES, `${name}-steps.json`), 'utf8')) as { writtenBy: string; steps: Step[] };
  describe(`${name}.json, written by ${recorded.writtenBy}`, () => {
    let stub: TestStub;
    let file: string;
    const clock = new ManualClock(Date.now());
    beforeAll(async () => {
      file = join(mkdtempSync(join(tmpdir(), 'jdcloud-vm-stub-compat-')), 'state.json');
      copyFileSync(join(FIXTURES, `${name}.json`), file);
      stub = await start({ stateFile: file, clock, transitionMs: 1000 });
    });
    afterAll(() => stub?.close());

    it(`answers the ${recorded.steps.length} requests as that build did, changes included`, async () => {
      for (const [i, step] of recorded.steps.entries()) {
        const answer = await call(step.method, stub.api(step.path), step.body === undefined ? {} : { body: step.body });
        const label = `step ${i}: ${step.method} ${step.path}`;
        expect({ label, status: answer.status, result: answer.json.result ?? answer.json.error }).toEqual({ label, status: step.status, result: step.result });
        if (step.settle) clock.advance(1000);
      }
    });

    it('saves the file normalised: interfaces by id, elastic IPs bound on their own records only', async () => {
      const saved = JSON.parse(readFileSync(file, 'utf8'));
      const { instance, networkInterface, elasticIp } = saved.state.accounts.default.regions['cn-north-1'].collections;
      expect(instance.length).toBeGreaterThan(0);
      for (const [, record] of instance) {
        for (const entry of [record.primaryNetworkInterface, ...record.secondaryNetworkInterfaces]) {
          expect(Object.keys(entry.networkInterface)).toEqual(['networkInterfaceId']);
        }
        for (const field of ['vpcId', 'subnetId', 'privateIpAddress', 'elasticIpId', 'elasticIpAddress']) expect(record).not.toHaveProperty(field);
      }
      for (const [, nic] of networkInterface) {
        expect(Object.keys(nic).filter((key) => key.startsWith('_'))).toEqual([]);
        expect(Object.keys(nic.primaryIp)).toEqual(['privateIpAddress']);
      }
      expect(elasticIp.some(([, eip]: [string, Record<string, unknown>]) => eip._networkInterfaceId !== undefined)).toBe(true);
      for (const [, eip] of elasticIp) expect(eip).not.toHaveProperty('_instanceId');
    });
  });
}
