// Faults: the stub as a child process (the built `dist/cli.js`) with --state-file. Writers change
// the state over and over while the process is SIGKILLed at seeded random moments (the file is
// large, so most kills land while a save is under way); after each restart the state must load
// and be one the stub acknowledged: every acknowledged change is there, and only the changes in
// flight when it died may be either way. Then files it must refuse: truncated, empty, foreign,
// of another version, malformed, a folder: exit code 1, a clear message on stderr, and the file
// left byte for byte (and mtime) as it was.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStateFile, startStub } from '../src/index.js';
import { Rng, SEED } from './reliability/random.js';
import { opensshPublicKey } from './reliability/ssh.js';
import { type Credentials, closeAgents, send } from './reliability/wire.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const KEY: Credentials = { accessKeyId: 'AK_REL_FAULT', secretAccessKey: 'SK_REL_FAULT' };
const REGION = 'cn-north-1';
/** Key pairs seeded before the first start: a state file of about 1.3 MB, slow enough to save that kills land mid-write. */
const SEEDED = 2_500;
const KILLS = Number(process.env.RELIABILITY_KILLS ?? 4);

const dir = mkdtempSync(join(tmpdir(), 'jdcloud-vm-stub-faults-'));
const children = new Set<ChildProcess>();

interface Cli {
  child: ChildProcess;
  port: number;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function runCli(args: string[]): { child: ChildProcess; stdout: () => string; stderr: () => string; exited: Cli['exited'] } {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Starts the bin on a free port and resolves once it listens. */
async function startCli(stateFile: string): Promise<Cli> {
  const run = runCli([
    '--port', '0',
    '--host', '127.0.0.1',
    '--state-file', stateFile,
    '--access-key', `${KEY.accessKeyId}:${KEY.secretAccessKey}`,
    '--quota', 'keypair=1000000',
    '--log-level', 'info',
  ]);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" within 20 s: ${run.stderr()}`)), 20_000);
    const check = () => {
      const m = /"msg":"listening","url":"http:\/\/127\.0\.0\.1:(\d+)"/.exec(run.stdout());
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    run.child.stdout?.on('data', check);
    void run.exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`the stub exited (${code}) before listening: ${run.stderr()}`));
    });
  });
  return { child: run.child, port, stderr: run.stderr, exited: run.exited };
}

/** The exit of a run that should stop by itself; one still running after `ms` is killed (and fails the test). */
async function exitedWithin(run: ReturnType<typeof runCli>, ms: number): ReturnType<typeof runCli>['exited'] {
  const timer = setTimeout(() => run.child.kill('SIGKILL'), ms);
  const result = await run.exited;
  clearTimeout(timer);
  if (result.signal === 'SIGKILL') throw new Error(`still running after ${ms} ms (it should have refused to start): ${run.stdout().slice(0, 300)}`);
  return result;
}

const api = (path: string) => `/v1/regions/${REGION}${path}`;
const JSON_HEADERS = { 'content-type': 'application/json' };

/** Every key pair name the running stub reports (paged). */
async function keyNames(port: number): Promise<Set<string>> {
  const names = new Set<string>();
  for (let page = 1; ; page++) {
    const response = await send(port, { method: 'GET', path: api('/keypairs'), query: `pageNumber=${page}&pageSize=100` }, KEY);
    expect(response.status, response.text).toBe(200);
    const { keypairs, totalCount } = JSON.parse(response.text).result as { keypairs: Array<{ keyName: string }>; totalCount: number };
    for (const k of keypairs) names.add(k.keyName);
    if (names.size >= totalCount || keypairs.length === 0) return names;
  }
}

function namesInFile(file: string): Set<string> {
  const state = readStateFile(file);
  const entries = state?.accounts[KEY.accessKeyId]?.regions[REGION]?.collections.keypair ?? [];
  return new Set(entries.map(([name]) => name));
}

afterAll(() => {
  closeAgents();
  for (const child of children) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('SIGKILL while the state is being written', () => {
  const file = join(dir, 'state.json');
  const publicKey = opensshPublicKey();
  /** Names acknowledged present. */
  let present = new Set<string>();

  beforeAll(async () => {
    // Seed a large state file through the library (the same persistence the bin uses).
    const stub = await startStub({ port: 0, logLevel: 'silent', docsDir: false, stateFile: file, accessKeys: [`${KEY.accessKeyId}:${KEY.secretAccessKey}`] });
    const keypairs = stub.store.scope(KEY.accessKeyId, REGION).keypairs;
    for (let i = 0; i < SEEDED; i++) {
      const keyName = `seed-${i}`;
      keypairs.insert(keyName, { keyName, publicKey, keyFingerprint: 'aa:bb', createTime: '2024-05-01T16:30:00+08:00' });
      present.add(keyName);
    }
    await stub.close();
  });

  it(`${KILLS} kills at random moments: each restart loads a state that was acknowledged`, async () => {
    const rng = new Rng(SEED).fork('kills');
    let killedMidWrite = 0;
    let writesAcknowledged = 0;
    for (let iteration = 0; iteration < KILLS; iteration++) {
      const cli = await startCli(file);
      // What loaded is exactly what was acknowledged (checked against the previous round below).
      const loaded = await keyNames(cli.port);
      expect(loaded).toEqual(namesInFile(file));
      expect(loaded).toEqual(present);

      const inflight = new Map<string, 'create' | 'delete'>();
      let killed = false;
      let serial = 0;
      const writer = async (w: number) => {
        while (!killed) {
          const deletable = [...present].filter((n) => !inflight.has(n));
          const remove = deletable.length > 0 && rng.bool(0.3);
          const keyName = remove ? rng.pick(deletable) : `k${iteration}-${w}-${(serial += 1)}`;
          inflight.set(keyName, remove ? 'delete' : 'create');
          try {
            const response = remove
              ? await send(cli.port, { method: 'DELETE', path: api(`/keypairs/${keyName}`) }, KEY, 5_000)
              : await send(cli.port, { method: 'POST', path: api('/keypairs:import'), headers: JSON_HEADERS, body: JSON.stringify({ keyName, publicKey }) }, KEY, 5_000);
            if (response.status !== 200) throw new Error(`${remove ? 'delete' : 'import'} ${keyName}: ${response.status} ${response.text}`);
            // Acknowledged: on disk before the answer (the durability contract).
            if (remove) present.delete(keyName);
            else present.add(keyName);
            inflight.delete(keyName);
            writesAcknowledged += 1;
          } catch (error) {
            if (!killed) throw error;
            return; // died with the stub: stays in flight
          }
        }
      };
      const writers = [0, 1, 2].map(writer);
      await new Promise((r) => setTimeout(r, rng.int(40, 400)));
      if (iteration % 2 === 1) {
        // Every other round: kill the moment the save's temporary file appears (inside a write).
        const tmp = `state.json.${cli.child.pid}.tmp`;
        await new Promise<void>((resolve) => {
          const watcher = watch(dir, (_event, name) => {
            if (name === tmp) {
              watcher.close();
              resolve();
            }
          });
          if (existsSync(join(dir, tmp))) {
            watcher.close();
            resolve();
          }
        });
      }
      killed = true;
      cli.child.kill('SIGKILL');
      expect((await cli.exited).signal).toBe('SIGKILL');
      await Promise.all(writers);
      if (existsSync(`${file}.${cli.child.pid}.tmp`)) killedMidWrite += 1;

      // The file on disk: a whole document, holding every acknowledged change.
      const onDisk = namesInFile(file);
      for (const name of present) if (!inflight.has(name)) expect(onDisk.has(name), `acknowledged ${name} lost`).toBe(true);
      for (const name of onDisk) {
        expect(present.has(name) || inflight.get(name) === 'create', `${name} is on disk but was deleted or never acknowledged`).toBe(true);
      }
      present = onDisk;
    }
    // A last restart: loads, serves and stops cleanly, and has removed the temporary files the
    // killed saves left.
    const cli = await startCli(file);
    expect(await keyNames(cli.port)).toEqual(present);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    cli.child.kill('SIGTERM');
    expect((await cli.exited).code).toBe(0);
    console.log(
      `reliability-faults: ${KILLS} SIGKILLs (${killedMidWrite} while a save was under way, seen by its temporary file), ${writesAcknowledged} acknowledged writes, state of ${present.size} key pairs`,
    );
    expect(writesAcknowledged).toBeGreaterThan(KILLS);
  });
});

describe.concurrent('a state file it must not use: refuses to start and leaves it untouched', () => {
  const valid = () => {
    const doc = { format: 'jdcloud-vm-stub-state', version: 1, savedAt: '2024-05-01T08:30:00.000Z', state: { accounts: { AK: { regions: { [REGION]: { collections: { keypair: [['k', { keyName: 'k' }]] }, tasks: {} } } } }, transitions: [] } };
    return `${JSON.stringify(doc)}\n`;
  };
  const rng = new Rng(SEED).fork('garbage');
  const cases: Array<[string, string | Buffer, RegExp]> = [
    ['truncated in the middle', valid().slice(0, Math.floor(valid().length / 2)), /is not valid JSON/],
    ['truncated by its last bytes', valid().slice(0, -3), /is not valid JSON/],
    ['empty', '', /is not valid JSON/],
    ['a foreign JSON document (package.json)', readFileSync(fileURLToPath(new URL('../package.json', import.meta.url))), /is not a jdcloud-vm stub state file/],
    ['binary garbage', Buffer.from(Array.from({ length: 4096 }, () => rng.int(0, 255))), /is not valid JSON/],
    ['another format version', valid().replace('"version":1', '"version":2'), /format version 2/],
    ['a malformed state', valid().replace(/"accounts":\{.*\},"transitions"/, '"accounts":[],"transitions"'), /malformed "state"/],
  ];

  for (const [label, content, reason] of cases) {
    it(label, async ({ expect }) => {
      const sub = mkdtempSync(join(dir, 'refuse-'));
      const file = join(sub, 'state.json');
      writeFileSync(file, content);
      const before = { bytes: readFileSync(file), mtimeMs: statSync(file).mtimeMs };
      const run = runCli(['--port', '0', '--state-file', file, '--access-key', 'AK:SK', '--log-level', 'info']);
      const { code } = await exitedWithin(run, 10_000);
      expect(code).toBe(1);
      expect(run.stderr()).toMatch(/Refusing to start: the state file/);
      expect(run.stderr()).toContain(file);
      expect(run.stderr()).toMatch(reason);
      expect(run.stderr()).toMatch(/left untouched/);
      expect(run.stdout()).not.toContain('"listening"');
      expect(readFileSync(file).equals(before.bytes)).toBe(true);
      expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
      expect(readdirSync(sub)).toEqual(['state.json']);
    });
  }

  it('a folder where the file should be', async ({ expect }) => {
    const folder = join(dir, 'a-folder.json');
    mkdirSync(folder);
    writeFileSync(join(folder, 'inside'), 'x');
    const run = runCli(['--port', '0', '--state-file', folder, '--log-level', 'info']);
    expect((await exitedWithin(run, 10_000)).code).toBe(1);
    expect(run.stderr()).toMatch(/Refusing to start: the state file .* cannot be read \(EISDIR\)/);
    expect(readdirSync(folder)).toEqual(['inside']);
  });
});
