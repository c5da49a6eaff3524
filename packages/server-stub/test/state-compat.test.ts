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

  it('saves the file normalised: no stored instance lists on key pairs, instances keep their disks by id', async () => {
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    const { keypair, instance } = saved.state.accounts.default.regions['cn-north-1'].collections;
    expect(keypair[0][1].keyName).toBe('kept');
    expect(keypair[0][1]).not.toHaveProperty('instanceIds');
    expect(instance).toHaveLength(3);
    for (const [, record] of instance) expect(Object.keys(record.systemDisk.cloudDisk)).toEqual(['diskId']);
  });
});
