// The servers under test, each a child process on 127.0.0.1: the stub (its CLI, as users start it),
// Prism 5.14.2 (through pnpm dlx, outside the workspace) and a bare express 5 app.
import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOST, freePort, waitFor200 } from './net.mjs';
import { spawnTracked, stopChild } from './proc.mjs';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// BENCH_STUB_CLI: another build of the stub's CLI (an A/B comparison of two builds), default dist/.
export const STUB_CLI = process.env.BENCH_STUB_CLI || join(ROOT, 'packages/server-stub/dist/cli.js');
// BENCH_STUB_CLI_B: a second build measured in the same run as server `stub-b` (default configuration),
// so an A/B comparison shares the machine's drift instead of comparing two runs.
export const STUB_CLI_B = process.env.BENCH_STUB_CLI_B;
export const SPEC_JSON = join(ROOT, 'spec/dist/openapi.json');
export const PRISM_VERSION = '5.14.2';
const EXPRESS_CEILING = fileURLToPath(new URL('../servers/express-ceiling.mjs', import.meta.url));

/** A path answering 200 without a signature (the stub in open mode) or with any (Prism). */
export const READY_PATH = '/v1/regions/cn-north-1/keypairs';

/**
 * Starts the stub's CLI. `accessKeys` empty = open mode. `logLevel` undefined = the stub's default
 * (info: one JSON line per request, written to a stdout that goes to /dev/null).
 */
export async function startStub({ cli = STUB_CLI, accessKeys = [], responseValidation = true, transitionMs, logLevel, extraArgs = [], nodeArgs = [], readyHeaders, readyPath = READY_PATH, timeoutMs = 30_000 } = {}) {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: pnpm --filter @jdcloud-vm/server-stub build`);
  const port = await freePort();
  const args = [...nodeArgs, cli, '--host', HOST, '--port', String(port)];
  for (const key of accessKeys) args.push('--access-key', key);
  if (!responseValidation) args.push('--no-response-validation');
  if (transitionMs !== undefined) args.push('--transition-ms', String(transitionMs));
  if (logLevel) args.push('--log-level', logLevel);
  args.push(...extraArgs);
  const started = performance.now();
  const child = spawnTracked(process.execPath, args, { capture: false });
  try {
    // In signed mode an unsigned request is a 401: wait for any answer of the API instead.
    const ready = await waitFor200(port, readyPath, { headers: readyHeaders?.() ?? {}, child, timeoutMs, anyStatus: accessKeys.length > 0 });
    return { kind: 'stub', child, pid: child.pid, port, base: '/v1', startupMs: ready - started, stop: () => stopChild(child) };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}

let prismEntry;
/**
 * Where `pnpm dlx @stoplight/prism-cli@5.14.2` keeps Prism's entry point (installing it into pnpm's
 * dlx cache on first use, never into the workspace). Running node on it directly keeps pnpm's own
 * start-up (~0.5 s) out of Prism's figures.
 */
export function resolvePrism() {
  if (prismEntry) return prismEntry;
  const bin = execFileSync('pnpm', [`--package=@stoplight/prism-cli@${PRISM_VERSION}`, 'dlx', '-c', 'command -v prism'], {
    cwd: '/tmp',
    encoding: 'utf8',
    timeout: 180_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
    .trim()
    .split('\n')
    .pop();
  const entry = realpathSync(join(dirname(bin), '..', '@stoplight', 'prism-cli', 'dist', 'index.js'));
  const version = execFileSync(process.execPath, [entry, '--version'], { encoding: 'utf8', timeout: 60_000 }).trim();
  if (version !== PRISM_VERSION) throw new Error(`expected Prism ${PRISM_VERSION}, found ${version} at ${entry}`);
  prismEntry = entry;
  return entry;
}

/** Prism serves at the root (it ignores the document's /v1) and only checks that Authorization is present. */
export async function startPrism({ timeoutMs = 60_000 } = {}) {
  const entry = resolvePrism();
  const port = await freePort();
  const started = performance.now();
  const child = spawnTracked(process.execPath, [entry, 'mock', '-h', HOST, '-p', String(port), SPEC_JSON], { cwd: '/tmp' });
  try {
    const ready = await waitFor200(port, READY_PATH.replace(/^\/v1/, ''), { headers: { authorization: 'x' }, child, timeoutMs });
    return { kind: 'prism', child, pid: child.pid, port, base: '', startupMs: ready - started, stop: () => stopChild(child) };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}

/** The bare express 5 app answering `routesFile`'s fixed bodies; with `validate`, express-openapi-validator first. */
export async function startExpressCeiling(routesFile, { validate = false, timeoutMs = 30_000 } = {}) {
  const port = await freePort();
  const started = performance.now();
  const child = spawnTracked(process.execPath, [EXPRESS_CEILING, String(port), routesFile, ...(validate ? [SPEC_JSON] : [])]);
  try {
    const ready = await waitFor200(port, '/ready', { child, timeoutMs });
    return { kind: validate ? 'express-validator' : 'express', child, pid: child.pid, port, base: '/v1', startupMs: ready - started, stop: () => stopChild(child) };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}
