// Where the stub's time goes (not part of the default run: `pnpm bench --only=profile`).
// The stub (signed, response validation on, its default logging) runs under `node --cpu-prof`
// while autocannon drives each operation for BENCH_DURATION seconds at BENCH_CONNECTIONS; the
// profile is written when it exits, and its self time during the load (and per answer) is summed by package or stub module
// (express-openapi-validator, ajv, express, the stub's own files, node internals, GC, ...), the
// bundled CLI's frames taken back to their sources through dist/cli.js.map (lib/profile-summary.mjs).
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runLoad } from '../lib/load.mjs';
import { summarizeProfile } from '../lib/profile-summary.mjs';
import { startStub } from '../lib/servers.mjs';
import { credentialsOf, accessKeys, instanceOperations, seedInstances } from '../lib/workloads.mjs';
import { feeder, signPool } from '../lib/signed-pool.mjs';

export async function profileSuite(cfg, log) {
  const dir = resolve(cfg.out, '..', 'profiles');
  mkdirSync(dir, { recursive: true });
  const key = accessKeys(1)[0];
  const credentials = credentialsOf(key);
  const out = {};
  const ops = cfg.ops.length ? cfg.ops : ['describeInstances', 'describeInstance', 'stopStartCycle'];
  for (const opName of ops) {
    const profDir = join(dir, opName);
    rmSync(profDir, { recursive: true, force: true });
    mkdirSync(profDir, { recursive: true });
    let res;
    let window;
    const stub = await startStub({ accessKeys: [key], transitionMs: 0, logLevel: cfg.stubLogLevel, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profDir}`] });
    try {
      const fixture = await seedInstances(stub.port, key, { cycle: cfg.connections, readers: 8 });
      const op = instanceOperations(fixture).find((o) => o.name === opName);
      const seconds = cfg.durationSec;
      const count = Math.ceil(5000 * seconds);
      const target = { base: '/v1', colon: '%3A' };
      const feed = op.perConnection
        ? feeder({ connections: cfg.connections, perConnection: await Promise.all(Array.from({ length: cfg.connections }, (_, c) => signPool(Math.ceil(count / cfg.connections) + 8, (i) => op.build(target, c, i), { port: stub.port, credentials }))) })
        : feeder({ connections: cfg.connections, shared: await signPool(count, (i) => op.build(target, 0, i), { port: stub.port, credentials }) });
      // The load's window on the profile's clock (CLOCK_MONOTONIC, shared by every process here),
      // so start-up, seeding and signing fall outside the per-answer figures.
      const fromUs = Number(process.hrtime.bigint() / 1000n);
      res = await runLoad({ port: stub.port, pid: stub.pid, connections: cfg.connections, durationSec: seconds, requests: feed.requests });
      window = { fromUs, toUs: Number(process.hrtime.bigint() / 1000n) };
      log(`  ${opName}: ${Math.round(res.rps)} req/s, p99 ${res.p99} ms under the profiler`);
    } finally {
      await stub.stop();
    }
    const file = existsSync(profDir) ? readdirSync(profDir).find((f) => f.endsWith('.cpuprofile')) : undefined;
    if (!file) throw new Error(`no profile written in ${profDir}`);
    const path = join(profDir, file);
    const load = summarizeProfile(path, { window });
    out[opName] = {
      file: path,
      window,
      wholeBusyMs: summarizeProfile(path, { top: 0 }).busyMs,
      answers: res.requests,
      // The profile's "busy" is wall time (a sample taken while another process has the core
      // counts too), so the per-answer figure is the stub's CPU time from /proc; a bucket's share
      // of it is its share of the profile.
      cpuUsPerAnswer: res.serverCpu !== undefined && res.requests ? Math.round((res.serverCpu * res.seconds * 1e6) / res.requests) : undefined,
      ...load,
    };
    log(`    ${out[opName].cpuUsPerAnswer} µs CPU per answer (${res.requests} answers)`);
    for (const b of out[opName].byPackage.slice(0, 8)) log(`    ${String(b.share).padStart(5)}%  ${b.name}`);
  }
  return out;
}
