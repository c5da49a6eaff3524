#!/usr/bin/env node
// pnpm bench: every benchmark of issue 7, one summary table, results/latest.{md,json}.
// Options (environment, or --name=value on the command line: `pnpm bench --only=startup,client`):
//   BENCH_QUICK=1            short smoke run (1 s rounds, 2 rounds, fewer runs, 2,000 instances)
//   BENCH_ONLY=a,b           suites: build, client, startup, memory, throughput (default: these),
//                            and profile (a CPU profile of the stub under load; only when named)
//   BENCH_ROUNDS=5           throughput rounds (the servers take turns in each)
//   BENCH_DURATION=5         seconds per server, operation and round
//   BENCH_WARMUP=1           seconds of an unrecorded first round (0: none)
//   BENCH_CONNECTIONS=32
//   BENCH_SERVERS=...        stub,stub-no-resp-validation,stub-open,stub-open-no-resp-validation,prism,express,express-validator
//                            (+ stub-b, on by default, when BENCH_STUB_CLI_B names a second build)
//   BENCH_OPS=...            describeInstances,describeInstance,stopStartCycle
//   BENCH_STARTUP_RUNS=7     BENCH_BUILD_RUNS=3
//   BENCH_INSTANCES=10000    BENCH_MEMORY_ROUNDS=3   BENCH_MEMORY_REQUESTS=300
//   BENCH_SIGNATURES=4000    BENCH_SIGNING_ROUNDS=7
//   BENCH_STUB_LOG_LEVEL=    the stubs' --log-level (default: the stub's own, info, to /dev/null)
//   BENCH_NO_BUILD=1         do not run `pnpm run build` (turbo, cached) before measuring
//   BENCH_OUT=results/latest where the .md and .json go (relative to bench/; default results/latest
//                            for a full run, results/partial-<suites>[-quick] otherwise)
//   BENCH_RENDER=FILE.json   only print the report of a saved run (nothing is measured)
//   BENCH_README=1           with BENCH_RENDER: also write its summary into the root README's Performance section
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine, loadAverage } from './lib/machine.mjs';
import { installCleanup, liveChildren, runCommand } from './lib/proc.mjs';
import { ROOT } from './lib/servers.mjs';
import { report, summaryMarkdown } from './report.mjs';
import { buildSuite } from './suites/build.mjs';
import { bundleBench, signingBench } from './suites/client.mjs';
import { memorySuite } from './suites/memory.mjs';
import { startupSuite } from './suites/startup.mjs';
import { profileSuite } from './suites/profile.mjs';
import { throughputSuite } from './suites/throughput.mjs';

const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
const SUITES = ['build', 'client', 'startup', 'memory', 'throughput'];
const OPTIONAL_SUITES = ['profile']; // only when named in BENCH_ONLY
const SUITES_AND_OPTIONAL = [...SUITES, ...OPTIONAL_SUITES];
const ALL_SERVERS = ['stub', 'stub-no-resp-validation', 'stub-open', 'stub-open-no-resp-validation', 'prism', 'express', 'express-validator', ...(process.env.BENCH_STUB_CLI_B ? ['stub-b'] : [])];

function options() {
  const cli = {};
  for (const arg of process.argv.slice(2)) {
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${readHelp()}\n`);
      process.exit(0);
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new Error(`unknown argument ${arg} (options are --name=value, see --help)`);
    cli[`BENCH_${m[1].toUpperCase().replace(/-/g, '_')}`] = m[2] ?? '1';
  }
  const get = (name) => cli[name] ?? process.env[name];
  const quick = ['1', 'true', 'yes'].includes(String(get('BENCH_QUICK') ?? '').toLowerCase());
  const num = (name, full, short) => {
    const v = get(name);
    if (v === undefined || v === '') return quick ? short : full;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got ${v}`);
    return n;
  };
  const list = (name, all) => {
    const v = get(name);
    if (!v) return all === SUITES_AND_OPTIONAL ? SUITES : all;
    const items = v.split(',').map((s) => s.trim()).filter(Boolean);
    for (const i of items) if (!all.includes(i) && all.length > 0) throw new Error(`${name}: unknown '${i}' (known: ${all.join(', ')})`);
    return items;
  };
  const cfg = {
    quick,
    suites: list('BENCH_ONLY', SUITES_AND_OPTIONAL),
    rounds: Math.max(1, Math.round(num('BENCH_ROUNDS', 5, 2))),
    durationSec: num('BENCH_DURATION', 5, 1),
    warmupSec: num('BENCH_WARMUP', 1, 0.5),
    connections: Math.max(1, Math.round(num('BENCH_CONNECTIONS', 32, 32))),
    servers: list('BENCH_SERVERS', ALL_SERVERS),
    ops: list('BENCH_OPS', []),
    startupRuns: Math.max(1, Math.round(num('BENCH_STARTUP_RUNS', 7, 2))),
    buildRuns: Math.max(1, Math.round(num('BENCH_BUILD_RUNS', 3, 1))),
    memoryInstances: Math.max(100, Math.round(num('BENCH_INSTANCES', 10_000, 2_000) / 100) * 100),
    memoryRounds: Math.max(1, Math.round(num('BENCH_MEMORY_ROUNDS', 3, 1))),
    memoryRequests: Math.max(10, Math.round(num('BENCH_MEMORY_REQUESTS', 300, 60))),
    signatures: Math.max(100, Math.round(num('BENCH_SIGNATURES', 4000, 1000))),
    signingRounds: Math.max(1, Math.round(num('BENCH_SIGNING_ROUNDS', 7, 2))),
    stubLogLevel: get('BENCH_STUB_LOG_LEVEL') || undefined,
    noBuild: ['1', 'true', 'yes'].includes(String(get('BENCH_NO_BUILD') ?? '').toLowerCase()),
    out: undefined, // set below: results/latest only for a full run
    render: get('BENCH_RENDER') || undefined,
    readme: ['1', 'true', 'yes'].includes(String(get('BENCH_README') ?? '').toLowerCase()),
  };
  // Only a full, non-quick run replaces results/latest.*; a subset or a smoke run writes
  // results/partial-<suites>[-quick].* so it never overwrites the figures of the last full run.
  const full = !quick && SUITES.every((s) => cfg.suites.includes(s));
  const defaultOut = full ? 'results/latest' : `results/partial-${cfg.suites.join('-')}${quick ? '-quick' : ''}`;
  cfg.out = resolve(BENCH_DIR, get('BENCH_OUT') || defaultOut);
  if (cfg.memoryInstances % 1000 !== 0 && cfg.memoryInstances >= 1000) cfg.memoryInstances = Math.round(cfg.memoryInstances / 1000) * 1000;
  return cfg;
}

const README_START = '<!-- bench:summary:start -->';
const README_END = '<!-- bench:summary:end -->';

/** Replaces the summary between the markers of the root README with the summary of `results`. */
function updateReadme(results, source) {
  const file = join(ROOT, 'README.md');
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(README_START);
  const end = text.indexOf(README_END);
  if (start === -1 || end < start) throw new Error(`README.md has no ${README_START} … ${README_END} block`);
  const block = `${README_START}\n<!-- written by \`pnpm bench --render=${source} --readme\`; edit the bench, not this block -->\n\n${summaryMarkdown(results)}\n`;
  writeFileSync(file, text.slice(0, start) + block + text.slice(end));
  log(`README.md: summary of the run of ${results.startedAt} written`);
}

function readHelp() {
  return `pnpm bench [--quick] [--only=build,client,startup,memory,throughput] [--rounds=N] [--duration=SEC] ...
Every option is also an environment variable (BENCH_QUICK=1, BENCH_ONLY=..., ...); see bench/README.md.`;
}

const log = (line) => process.stderr.write(`${line}\n`);

async function main() {
  installCleanup();
  const cfg = options();
  if (cfg.render) {
    // Re-render a saved run: pnpm bench --render=results/latest.json
    const saved = JSON.parse(readFileSync(resolve(BENCH_DIR, cfg.render), 'utf8'));
    process.stdout.write(report(saved));
    if (cfg.readme) updateReadme(saved, cfg.render);
    return;
  }
  const started = new Date();
  const info = machine();
  log(`bench: ${cfg.quick ? 'QUICK smoke run, ' : ''}suites ${cfg.suites.join(', ')} on ${info.cpu} (${info.cores} cores), node ${info.node}, load average ${info.loadAverageAtStart.join(' ')}`);
  const results = { startedAt: started.toISOString(), machine: info, options: { ...cfg, out: undefined }, suites: {} };

  const timed = async (name, fn) => {
    if (!cfg.suites.includes(name)) return;
    const t0 = performance.now();
    log(`\n== ${name}`);
    try {
      results.suites[name] = await fn();
    } catch (error) {
      results.suites[name] = { failed: error.stack ?? String(error) };
      log(`  FAILED: ${error.stack ?? error}`);
    }
    log(`  (${name}: ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  };

  await timed('build', () => buildSuite(cfg, log));
  if (!cfg.suites.includes('build') && !cfg.noBuild) {
    log('\n== preparing: pnpm run build (turbo; cache hits when nothing changed)');
    const b = await runCommand('pnpm', ['run', 'build'], { cwd: ROOT, env: { TURBO_TELEMETRY_DISABLED: '1', REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' }, timeoutMs: 900_000 });
    if (b.code !== 0) log(`  the build failed (exit ${b.code}); measuring the dist/ folders as they are:\n${b.output.slice(-1200)}`);
  }
  await timed('client', async () => ({ signing: await signingBench({ signatures: cfg.signatures, rounds: cfg.signingRounds }, log), bundle: await bundleBench(log) }));
  await timed('startup', () => startupSuite(cfg, log));
  await timed('memory', () => memorySuite(cfg, log));
  await timed('throughput', () => throughputSuite(cfg, log));
  await timed('profile', () => profileSuite(cfg, log));

  results.finishedAt = new Date().toISOString();
  results.machine.loadAverageAtEnd = loadAverage();
  const markdown = report(results);
  mkdirSync(dirname(cfg.out), { recursive: true });
  writeFileSync(`${cfg.out}.json`, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${cfg.out}.md`, markdown);
  process.stdout.write(`\n${markdown}`);
  log(`\nwritten: ${cfg.out}.md and ${cfg.out}.json`);
  if (liveChildren() > 0) log(`bench: ${liveChildren()} child process(es) still alive at the end: killing them`);
  const failed = Object.entries(results.suites).filter(([, v]) => v?.failed).map(([k]) => k);
  if (failed.length > 0) {
    log(`bench: suites failed: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
// Keep-alive sockets of fetch and the like would hold the loop open for seconds: the work is done.
process.exit(process.exitCode ?? 0);
