// Every code sample run against the stub in open mode, as a reader would paste it (only the port
// differs): curl with the shell, Node.js with jdcloud-sdk-js, Python with the official SDK in
// ../shared when /usr/bin/python3 has requests. The stub's own request log says what it answered;
// each answer must be documented: 2xx, or 404 for an operation that documents it (the examples'
// ids do not exist in a fresh stub). A curl sample is ours alone, so the stub must also have
// nothing to ignore in it (no `request: ignored ...` warning).
//
// The stub is loaded from its build beside this package rather than through a dependency: it
// depends on @jdcloud-vm/docs (it serves the pages), and a dependency back would be a cycle.
// turbo.json makes the docs' test task wait for the stub's build instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR } from '../src/samples/index.js';
import { SHARED_PYTHON_SDK } from '../src/samples/python-sdk.js';
import { bundleDoc, requests, sampleOf } from './samples.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stubEntry = join(root, '..', 'server-stub', 'dist', 'index.js');
const PYTHON = '/usr/bin/python3';

interface RunningStub {
  url: string;
  port: number;
  close(): Promise<void>;
}
type StartStub = (options: { port: number; logLevel: 'info'; logSink: (line: string) => void; docsDir: false }) => Promise<RunningStub>;

interface Logged {
  msg: string;
  operationId?: string;
  status?: number;
  path?: string;
  warnings?: string[];
}

const tmp = mkdtempSync(join(tmpdir(), 'docs-samples-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The statuses an operation documents. */
function documented(operationId: string): string[] {
  for (const item of Object.values(bundleDoc.paths as Record<string, Record<string, { operationId?: string; responses?: object }>>)) {
    for (const op of Object.values(item)) if (op.operationId === operationId) return Object.keys(op.responses ?? {});
  }
  return [];
}

function pythonMissing(): string | undefined {
  if (!existsSync(SHARED_PYTHON_SDK)) return `the official Python SDK is not at ${SHARED_PYTHON_SDK}`;
  if (!existsSync(PYTHON)) return `${PYTHON} is missing`;
  const r = spawnSync(PYTHON, ['-c', 'import requests'], { encoding: 'utf8' });
  if (r.status !== 0) return `${PYTHON} cannot import requests (bash scripts/ensure-python-requests.sh, or apt-get install python3-requests)`;
  return undefined;
}

const RUNNERS = {
  curl: { file: 'sample.sh', command: (file: string) => ['bash', [file]] as const },
  'Node.js': { file: 'sample.cjs', command: (file: string) => [process.execPath, [file]] as const },
  Python: { file: 'sample.py', command: (file: string) => [PYTHON, [file]] as const },
};

/** Runs a command to its end (at most a minute), with its exit status and output. */
function run(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(cmd, args, { env, timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e) => resolve({ status: null, stdout, stderr: `${stderr}\n${String(e)}` }));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function suite(language: keyof typeof RUNNERS, skip?: string) {
  describe(`the ${language} samples${skip ? ` (skipped: ${skip})` : ''}`, () => {
    let stub: RunningStub;
    const log: Logged[] = [];
    beforeAll(async () => {
      if (skip) return;
      if (!existsSync(stubEntry)) throw new Error(`${stubEntry} is missing: pnpm --filter @jdcloud-vm/server-stub build`);
      const { startStub } = (await import(pathToFileURL(stubEntry).href)) as { startStub: StartStub };
      stub = await startStub({ port: 0, logLevel: 'info', logSink: (line) => log.push(JSON.parse(line) as Logged), docsDir: false });
    });
    afterAll(async () => {
      await stub?.close();
    });

    const cases = requests.filter((r) => sampleOf('en', r.operationId, language) !== undefined);
    it.skipIf(Boolean(skip)).each(cases.map((r) => [r.operationId]))('%s gets a documented answer', async (operationId) => {
      const source = (sampleOf('en', operationId, language) ?? '').split(EMULATOR.host).join(`127.0.0.1:${stub.port}`);
      const runner = RUNNERS[language];
      const file = join(tmp, `${operationId}-${runner.file}`);
      writeFileSync(file, source);
      const seen = log.length;
      const [cmd, args] = runner.command(file);
      // Asynchronously: the stub answers from this very process.
      const r = await run(cmd, args, {
          ...process.env,
          JDCLOUD_ACCESS_KEY_ID: 'AKIDEXAMPLE',
          JDCLOUD_SECRET_ACCESS_KEY: 'SECRETEXAMPLE',
          NODE_PATH: join(root, 'node_modules'),
          PYTHONPATH: SHARED_PYTHON_SDK,
      });
      const output = `${r.stdout}\n${r.stderr}`.slice(-3000);
      expect(r.status, `${language} ${operationId} exited with ${r.status}:\n${output}`).toBe(0);
      // The stub logs the request once its answer is sent.
      for (let i = 0; i < 40 && !log.slice(seen).some((l) => l.msg === 'request'); i++) await new Promise((res) => setTimeout(res, 50));
      const answered = log.slice(seen).filter((l) => l.msg === 'request');
      expect(answered.map((l) => l.operationId), `${operationId}: requests the stub saw\n${output}`).toEqual([operationId]);
      const status = answered[0]?.status ?? 0;
      const ok = (status >= 200 && status < 300) || (status === 404 && documented(operationId).includes('404'));
      expect(ok, `${language} ${operationId}: the stub answered ${status} to ${answered[0]?.path}:\n${output}`).toBe(true);
      if (language === 'curl') {
        const ignored = log.slice(seen).filter((l) => l.msg.startsWith('request: ignored')).flatMap((l) => l.warnings ?? []);
        expect(ignored, `curl ${operationId}: what the stub ignored`).toEqual([]);
      }
    });
  });
}

suite('curl');
suite('Node.js');
const missing = pythonMissing();
if (missing && process.env.CI && existsSync(SHARED_PYTHON_SDK)) {
  describe('the Python samples', () => {
    it('can run in CI', () => {
      throw new Error(`CI has the official Python SDK but cannot run it: ${missing}`);
    });
  });
} else {
  suite('Python', missing);
}
