// The store API the domain modules use, and --state-file persistence.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock, STATE_FORMAT, StateFileError, StateStore, startStub } from '../src/index.js';
import { removeStaleTempFiles } from '../src/state/persistence.js';
import { call, seedInstance, start } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'jdcloud-vm-stub-state-'));

describe('store', () => {
  const clock = new ManualClock();
  const store = new StateStore({ clock, transitionMs: 100 });

  it('ids look like JD Cloud ids and are unique', () => {
    const scope = store.scope('acct', 'cn-north-1');
    const ids = new Set(Array.from({ length: 2000 }, () => scope.newId('i')));
    expect(ids.size).toBe(2000);
    for (const id of ids) expect(id).toMatch(/^i-[0-9a-z]{10}$/);
    expect(scope.newId('img')).toMatch(/^img-[0-9a-z]{10}$/);
  });

  it('records are copies: changing one outside update() changes nothing', () => {
    const items = store.scope('acct', 'cn-north-1').collectionNamed<{ id: string; tags: string[] }>('thing');
    items.insert('t-1', { id: 't-1', tags: ['a'] });
    const copy = items.get('t-1')!;
    copy.tags.push('b');
    expect(items.get('t-1')?.tags).toEqual(['a']);
    const before = store.version;
    items.update('t-1', (draft) => {
      draft.tags.push('c');
    });
    expect(items.get('t-1')?.tags).toEqual(['a', 'c']);
    expect(store.version).toBeGreaterThan(before);
    expect(() => items.insert('t-1', { id: 't-1', tags: [] })).toThrow(/already exists/);
    expect(items.update('t-missing', () => undefined)).toBeUndefined();
  });

  it('accounts and regions are separate', () => {
    store.scope('acct', 'cn-north-1').collectionNamed('thing').insert('t-2', { id: 't-2' });
    expect(store.scope('other', 'cn-north-1').collectionNamed('thing').has('t-2')).toBe(false);
    expect(store.scope('acct', 'cn-east-2').collectionNamed('thing').has('t-2')).toBe(false);
    expect(store.scope('acct', 'cn-north-1').collectionNamed('thing').list().map((r) => r.id)).toEqual(['t-1', 't-2']);
  });

  it('transitions: transitional now, final after transitionMs, task meanwhile; removal on "deleted"', () => {
    const scope = store.scope('acct', 'cn-north-1');
    const vms = scope.collectionNamed<{ status: string }>('vm');
    vms.insert('i-1', { status: 'running' });
    vms.insert('i-2', { status: 'running' });
    scope.transitions.start('vm', 'i-1', { transitional: 'stopping', final: 'stopped', task: 'stopInstance' });
    scope.transitions.start('vm', 'i-2', { transitional: 'deleting', final: 'deleted', task: 'deleteInstance', durationMs: 300 });
    store.setTransitionHook('vm', (s, id, t) => {
      if (t.final === 'deleted') s.collectionNamed('vm').remove(id);
    });
    expect(vms.get('i-1')?.status).toBe('stopping');
    expect(scope.tasks.current('vm', 'i-1')?.name).toBe('stopInstance');
    expect(store.nextDueAt()).toBe(clock.now() + 100);
    clock.advance(100);
    expect(store.settle()).toBeGreaterThan(0);
    expect(vms.get('i-1')?.status).toBe('stopped');
    expect(scope.tasks.current('vm', 'i-1')).toBeUndefined();
    expect(vms.get('i-2')?.status).toBe('deleting');
    clock.advance(200);
    store.settle();
    expect(vms.has('i-2')).toBe(false);
  });
});

describe('--state-file', () => {
  it('round trip: keypairs, seeded instances and pending transitions survive a restart', async () => {
    const file = join(dir, 'roundtrip.json');
    const clock = new ManualClock();
    const first = await start({ stateFile: file, clock, transitionMs: 1000 });
    const created = await call('POST', first.api('/keypairs'), { body: { keyName: 'kept' } });
    expect(created.status).toBe(200);
    seedInstance(first, 'default', { instanceId: 'i-persist1', status: 'running' });
    expect((await call('POST', first.api('/instances/i-persist1:stopInstance'), { body: {} })).status).toBe(200);
    await first.close();

    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(doc).toMatchObject({ format: STATE_FORMAT, version: 1 });
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);

    const second = await start({ stateFile: file, clock, transitionMs: 1000 });
    try {
      const list = await call('GET', second.api('/keypairs'));
      expect(list.json.result.keypairs).toEqual([
        expect.objectContaining({ keyName: 'kept', keyFingerprint: created.json.result.keyFingerprint }),
      ]);
      const instances = second.store.scope('default', 'cn-north-1').instances;
      expect(instances.get('i-persist1')?.status).toBe('stopping');
      clock.advance(1000);
      // The transition restored from the file completes; the next request sees it.
      expect((await call('POST', second.api('/instances/i-persist1:stopInstance'), { body: {} })).json.error.message).toMatch(
        /^Invalid instance status stopped$/,
      );
    } finally {
      await second.close();
    }
  });

  it('an acknowledged change is on disk before the answer arrives', async () => {
    const file = join(dir, 'durable.json');
    const stub = await start({ stateFile: file });
    try {
      expect((await call('POST', stub.api('/keypairs'), { body: { keyName: 'on-disk' } })).status).toBe(200);
      // No close(), no wait: the file already has it.
      const doc = JSON.parse(readFileSync(file, 'utf8'));
      expect(JSON.stringify(doc.state)).toContain('"on-disk"');
      expect((await call('DELETE', stub.api('/keypairs/on-disk'))).status).toBe(200);
      expect(readFileSync(file, 'utf8')).not.toContain('"on-disk"');
    } finally {
      await stub.close();
    }
  });

  it('a missing file starts empty and is created at the first change', async () => {
    const file = join(dir, 'nested', 'deeper', 'fresh.json');
    const stub = await start({ stateFile: file });
    try {
      expect((await call('GET', stub.api('/keypairs'))).json.result.totalCount).toBe(0);
      expect((await call('POST', stub.api('/keypairs'), { body: { keyName: 'first' } })).status).toBe(200);
      expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe(STATE_FORMAT);
    } finally {
      await stub.close();
    }
  });

  for (const [label, content, reason] of [
    ['not JSON', '{"format": "jdcloud-vm-stub-state", "vers', /not valid JSON/],
    ['an empty file', '', /not valid JSON/],
    ['a foreign JSON document', '{"openapi": "3.0.3", "paths": {}}', /not a jdcloud-vm stub state file/],
    ['another format version', `{"format": "${STATE_FORMAT}", "version": 99, "state": {}}`, /format version 99/],
    ['a malformed state', `{"format": "${STATE_FORMAT}", "version": 1, "state": {"accounts": []}}`, /malformed "state"/],
  ] as const) {
    it(`refuses to start on ${label} and leaves it untouched`, async () => {
      const file = join(dir, `bad-${label.replace(/\W+/g, '-')}.json`);
      writeFileSync(file, content);
      const error = await startStub({ port: 0, stateFile: file, logLevel: 'silent', docsDir: false }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StateFileError);
      expect((error as Error).message).toMatch(reason);
      expect((error as Error).message).toContain(file);
      expect((error as Error).message).toMatch(/left untouched/);
      expect(readFileSync(file, 'utf8')).toBe(content);
    });
  }
});

describe('temporary files of killed saves', () => {
  it('removes those of processes that no longer run, and nothing else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jdcloud-vm-stub-tmpfiles-'));
    const file = join(dir, 'state.json');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    expect(deadPid).toBeGreaterThan(0);
    const keep = [
      `state.json.${process.ppid}.tmp`, // a running process (this test's parent)
      `state.json.${process.pid}.tmp`, // this process
      'state.json',
      `other.json.${deadPid}.tmp`,
      'state.json.abc.tmp',
      `state.json.${deadPid}.bak`,
    ];
    for (const name of [...keep, `state.json.${deadPid}.tmp`]) writeFileSync(join(dir, name), '{}');
    expect(removeStaleTempFiles(file)).toEqual([`state.json.${deadPid}.tmp`]);
    expect(readdirSync(dir).sort()).toEqual([...keep].sort());
  });
});
