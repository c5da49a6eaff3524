// The official JD Cloud Python SDK as a driver: one long-lived /usr/bin/python3 process running
// ../python/jdcloud_sdk_driver.py, one JSON line per call in each direction.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Driver, SdkAnswer } from './runner.js';
import type { SdkCredentials } from './node-sdk-driver.js';
import { python, pythonSdkDir, referenceDir } from './shared-folder.js';

const script = join(dirname(fileURLToPath(import.meta.url)), '..', 'python', 'jdcloud_sdk_driver.py');

export interface PythonDriver extends Driver {
  close(): Promise<void>;
}

export function pythonSdkDriver(endpointHost: string, credentials: SdkCredentials, regionId: string): PythonDriver {
  const child: ChildProcessWithoutNullStreams = spawn(
    python,
    [script, pythonSdkDir, referenceDir, endpointHost, regionId, credentials.accessKeyId, credentials.secretAccessKey],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  // A driver that died is reported by the call that finds it gone, not by an unhandled event.
  child.on('error', (error) => {
    stderr += `\n${error.message}`;
  });
  child.stdin.on('error', () => {});
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const waiting: Array<(line: string | undefined) => void> = [];
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => waiting.shift()?.(line));
  const exited = new Promise<void>((resolve) => {
    child.on('close', () => {
      for (const pending of waiting.splice(0)) pending(undefined);
      resolve();
    });
  });
  return {
    name: 'python SDK',
    call(operationId, params) {
      return new Promise<SdkAnswer>((resolve) => {
        waiting.push((line) => {
          resolve(line === undefined ? { exception: `the Python driver exited: ${stderr.trim()}` } : (JSON.parse(line) as SdkAnswer));
        });
        child.stdin.write(`${JSON.stringify({ operationId, params })}\n`);
      });
    },
    async close() {
      child.stdin.end();
      await exited;
    },
  };
}
