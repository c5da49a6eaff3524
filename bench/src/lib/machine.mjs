// The machine the figures come from.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

function pnpmVersion() {
  const ua = process.env.npm_config_user_agent ?? '';
  const fromAgent = /pnpm\/(\S+)/.exec(ua)?.[1];
  if (fromAgent) return fromAgent;
  // Started with `node src/run.mjs` rather than through pnpm: ask pnpm itself.
  try {
    return execFileSync('pnpm', ['--version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function machine() {
  const cpus = os.cpus();
  let model = cpus[0]?.model?.trim() ?? 'unknown';
  if (!model || model === 'unknown') {
    try {
      model = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown';
    } catch {
      /* keep unknown */
    }
  }
  return {
    cpu: model,
    cores: os.availableParallelism?.() ?? cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    pnpm: pnpmVersion(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

export function loadAverage() {
  return os.loadavg().map((x) => Math.round(x * 100) / 100);
}
