// Child processes of the benchmark: every one is started in its own process group, remembered,
// and killed (the whole group, so `pnpm dlx` wrappers take their children with them) when it is
// stopped, when the benchmark ends, fails, or is interrupted. Nothing is left running.
import { spawn } from 'node:child_process';
import { once } from 'node:events';

const live = new Set();

function killGroup(child, signal) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal); // the group this script created (detached: true)
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

/** Spawns `command args` detached in its own group; stdout/stderr ignored unless `capture`. */
export function spawnTracked(command, args, { cwd, env, capture = false } = {}) {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', capture ? 'pipe' : 'ignore', capture ? 'pipe' : 'ignore'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  child.output = '';
  if (capture) {
    const keep = (chunk) => {
      if (child.output.length < 64 * 1024) child.output += chunk.toString();
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
  }
  return child;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
export async function stopChild(child, graceMs = 3000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) {
    live.delete(child);
    return;
  }
  const exited = once(child, 'exit');
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  // The group may still hold grandchildren (pnpm dlx → node): make sure they are gone too.
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    /* group empty */
  }
  live.delete(child);
}

export function liveChildren() {
  return live.size;
}

/** Kills every child still alive, synchronously (usable from 'exit' handlers). */
export function killAllNow() {
  for (const child of live) killGroup(child, 'SIGKILL');
  live.clear();
}

let installed = false;
/** Makes sure an error, Ctrl-C or a plain exit never leaves a server behind. */
export function installCleanup() {
  if (installed) return;
  installed = true;
  process.on('exit', killAllNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      killAllNow();
      process.stderr.write(`\nbench: interrupted (${signal}); child processes killed\n`);
      process.exit(130);
    });
  }
  process.on('uncaughtException', (error) => {
    killAllNow();
    process.stderr.write(`bench: ${error.stack ?? error}\n`);
    process.exit(1);
  });
  process.on('unhandledRejection', (error) => {
    killAllNow();
    process.stderr.write(`bench: ${error?.stack ?? error}\n`);
    process.exit(1);
  });
}

/** Runs a command to completion (bounded by timeoutMs), returning {code, ms, output}. */
export async function runCommand(command, args, { cwd, env, timeoutMs = 600_000 } = {}) {
  const started = performance.now();
  const child = spawnTracked(command, args, { cwd, env, capture: true });
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), timeoutMs);
  const [code, signal] = await once(child, 'exit');
  clearTimeout(timer);
  live.delete(child);
  return { code: code ?? (signal ? 128 : 1), signal, ms: performance.now() - started, output: child.output };
}
