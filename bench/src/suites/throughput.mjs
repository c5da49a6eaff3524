// Throughput and latency at N connections (32 by default), autocannon, bounded rounds:
//   stub × {signatures on, off} × {response validation on, off}, Prism 5.14.2, bare express 5.
// Every server is its own child process. The servers take turns: in round r the order of the
// servers is rotated by r, so drift of the machine (and the stub's growing nonce cache) is spread
// over all of them; the figure of a server is the median over the rounds, and each ratio is the
// median of the per-round ratios (pairs measured minutes apart are not compared).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signRequest } from '@jdcloud-vm/client/signing';
import { runLoad } from '../lib/load.mjs';
import { HOST } from '../lib/net.mjs';
import { STUB_CLI_B, startExpressCeiling, startPrism, startStub } from '../lib/servers.mjs';
import { BASE_HEADERS, REGION, feeder, signPool } from '../lib/signed-pool.mjs';
import { median } from '../lib/stats.mjs';
import {
  accessKeys,
  clientFor,
  credentialsOf,
  expressRoutesFor,
  instanceOperations,
  keypairOperations,
  probeInstanceDomain,
  sampleAnswers,
  seedInstances,
  seedKeypairs,
} from '../lib/workloads.mjs';

export const STUB_CONFIGS = [
  { id: 'stub', label: 'stub (signatures on, response validation on: the default)', signed: true, responseValidation: true },
  { id: 'stub-no-resp-validation', label: 'stub (signatures on, response validation off)', signed: true, responseValidation: false },
  { id: 'stub-open', label: 'stub (signatures off / open mode, response validation on)', signed: false, responseValidation: true },
  { id: 'stub-open-no-resp-validation', label: 'stub (signatures off, response validation off)', signed: false, responseValidation: false },
  ...(STUB_CLI_B
    ? [{ id: 'stub-b', label: `stub build B (${STUB_CLI_B}), default configuration`, signed: true, responseValidation: true, cli: STUB_CLI_B }]
    : []),
];
const INITIAL_RPS_GUESS = { stub: 5000, prism: 2000, express: 15000, 'express-validator': 8000 }; // raised to the best seen

export async function throughputSuite(cfg, log) {
  const { rounds, durationSec, warmupSec, connections } = cfg;
  const key = accessKeys(1)[0];
  const credentials = credentialsOf(key);
  const servers = [];
  const tmp = mkdtempSync(join(tmpdir(), 'jdcloud-vm-bench-'));
  const problems = [];
  try {
    // Which operations: the issue's instance operations once the stub has them, else keypairs.
    const probeStub = await startStub({ transitionMs: 0, logLevel: 'warn' });
    let probe;
    try {
      probe = await probeInstanceDomain(probeStub.port);
    } finally {
      await probeStub.stop();
    }
    const mode = probe.ok ? 'instance' : 'keypair';
    if (!probe.ok) {
      problems.push(`the stub's instance domain does not work yet (${probe.reason}): measured describeKeypairs instead`);
      log(`  instance domain not usable (${probe.reason}); falling back to keypair operations`);
    }
    const makeOps = mode === 'instance' ? instanceOperations : keypairOperations;

    for (const config of STUB_CONFIGS.filter((c) => cfg.servers.includes(c.id))) {
      const stub = await startStub({
        ...(config.cli ? { cli: config.cli } : {}),
        accessKeys: config.signed ? [key] : [],
        responseValidation: config.responseValidation,
        transitionMs: 0,
        logLevel: cfg.stubLogLevel,
      });
      servers.push({ ...stub, id: config.id, label: config.label, stateful: true, target: { base: '/v1', colon: '%3A' } });
      const s = servers.at(-1);
      s.fixture =
        mode === 'instance'
          ? await seedInstances(stub.port, key, { cycle: connections, readers: 8 })
          : { keyNames: await seedKeypairs(stub.port, key, 4) };
      s.ops = makeOps(s.fixture);
      log(`  started ${config.id} (pid ${stub.pid}, port ${stub.port}), seeded`);
    }
    const reference = servers.find((s) => s.id === 'stub') ?? servers[0];
    if (!reference) throw new Error('the throughput suite needs at least one stub configuration');

    const sign = (server) => (r) =>
      signRequest(
        { method: r.method, url: `http://${HOST}:${server.port}${server.target.base === '' ? `/v1${r.path}` : r.path}`, headers: BASE_HEADERS, body: r.body ?? '' },
        { ...credentials, regionId: REGION },
      );

    if (cfg.servers.includes('prism')) {
      const prism = await startPrism();
      servers.push({ ...prism, id: 'prism', label: 'Prism 5.14.2 (mock, static examples)', stateful: false, target: { base: '', colon: ':' }, fixture: reference.fixture, ops: makeOps(reference.fixture) });
      log(`  started prism (pid ${prism.pid}, port ${prism.port})`);
    }
    if (cfg.servers.includes('express') || cfg.servers.includes('express-validator')) {
      // The ceiling answers, for each route, the body the reference stub gave to the same request.
      const routes = [];
      for (const op of reference.ops) {
        const samples = await sampleAnswers(reference.port, op, reference.target, sign(reference));
        for (const route of expressRoutesFor(op)) {
          const sample = samples[route.sample] ?? samples[0];
          routes.push({ method: route.method, path: route.path, regex: route.regex ?? false, status: sample.status, body: sample.body });
        }
      }
      const routesFile = join(tmp, 'express-routes.json');
      writeFileSync(routesFile, JSON.stringify(routes));
      if (cfg.servers.includes('express')) {
        const ceiling = await startExpressCeiling(routesFile);
        servers.push({ ...ceiling, id: 'express', label: 'bare express 5 route, fixed body (ceiling)', stateful: false, target: { base: '/v1', colon: '%3A' }, fixture: reference.fixture, ops: makeOps(reference.fixture) });
        log(`  started express ceiling (pid ${ceiling.pid}, port ${ceiling.port})`);
      }
      if (cfg.servers.includes('express-validator')) {
        const ceiling = await startExpressCeiling(routesFile, { validate: true });
        servers.push({ ...ceiling, id: 'express-validator', label: 'express 5 + express-openapi-validator (requests only), fixed body', stateful: false, target: { base: '/v1', colon: '%3A' }, fixture: reference.fixture, ops: makeOps(reference.fixture) });
        log(`  started express + validator ceiling (pid ${ceiling.pid}, port ${ceiling.port})`);
      }
    }

    // Every server must answer every operation with a 2xx before its speed means anything.
    const opNames = reference.ops.map((o) => o.name).filter((n) => cfg.ops.length === 0 || cfg.ops.includes(n));
    const bodies = {};
    for (const s of servers) {
      for (const op of s.ops.filter((o) => opNames.includes(o.name))) {
        const answers = await sampleAnswers(s.port, op, s.target, sign(s));
        (bodies[op.name] ??= {})[s.id] = answers.map((a) => a.body.length);
        const bad = answers.filter((a) => a.status < 200 || a.status > 299);
        if (bad.length > 0) problems.push(`${s.id} answered ${op.name} with ${bad.map((b) => `${b.status} ${b.body.slice(0, 160)}`).join('; ')}`);
      }
    }

    const results = {}; // results[op][server] = [round summaries]
    const estimate = new Map(); // `${server}/${op}` → highest rps seen
    const poolCache = new Map();

    async function pools(s, op, seconds) {
      // Never below the initial guess: a short, cold warm-up round must not shrink the pool of
      // the next round (a pool used up ends the round early and replays answer 401, as non-2xx).
      const est = Math.max(estimate.get(`${s.id}/${op.name}`) ?? 0, INITIAL_RPS_GUESS[s.kind]);
      const count = Math.ceil(est * seconds * 2) + connections * 8 + 200;
      const make = (conn, offset) => (i) => {
        const r = op.build(s.target, conn, i + offset);
        return { ...r, signPath: s.target.base === '' ? `/v1${r.path}` : undefined };
      };
      const cacheKey = `${s.id}/${op.name}`;
      if (!s.stateful && poolCache.get(cacheKey)?.count >= count) return poolCache.get(cacheKey);
      let value;
      if (!op.perConnection) {
        value = { count, shared: await signPool(count, make(0, 0), { port: s.port, credentials }) };
      } else {
        // A cycle starts where each instance is: stopped → with a start, running → with a stop.
        const offsets = await Promise.all(
          Array.from({ length: connections }, async (_, conn) => {
            if (!s.stateful) return 0;
            const id = s.fixture.cycle[conn % s.fixture.cycle.length];
            const { instance } = await clientFor(s.port, key).describeInstance({ instanceId: id });
            return instance.status === 'stopped' ? 1 : 0;
          }),
        );
        const per = Math.ceil(count / connections) + 8;
        const perConnection = [];
        for (let conn = 0; conn < connections; conn++) perConnection.push(await signPool(per, make(conn, offsets[conn]), { port: s.port, credentials }));
        value = { count, perConnection };
      }
      if (!s.stateful) poolCache.set(cacheKey, value);
      return value;
    }

    const totalRounds = rounds + (warmupSec > 0 ? 1 : 0);
    for (let r = 0; r < totalRounds; r++) {
      const warmup = warmupSec > 0 && r === 0;
      const round = warmup ? -1 : r - (warmupSec > 0 ? 1 : 0);
      const seconds = warmup ? warmupSec : durationSec;
      for (const opName of opNames) {
        const order = servers.map((_, i) => servers[(i + Math.max(0, round)) % servers.length]);
        for (const s of order) {
          const op = s.ops.find((o) => o.name === opName);
          const pool = await pools(s, op, seconds);
          let autocannonInstance;
          let endedEarly = false;
          const feed = feeder({
            connections,
            shared: pool.shared,
            perConnection: pool.perConnection,
            onLow: () => {
              endedEarly = true;
              autocannonInstance?.stop();
            },
          });
          const res = await runLoad({
            port: s.port,
            pid: s.pid,
            connections,
            durationSec: seconds,
            requests: feed.requests,
            onInstance: (i) => {
              autocannonInstance = i;
            },
          });
          res.endedEarly = endedEarly;
          res.replays = feed.stats().exhausted;
          const k = `${s.id}/${op.name}`;
          estimate.set(k, Math.max(estimate.get(k) ?? 0, res.rps));
          log(
            `  ${warmup ? 'warm-up' : `round ${round + 1}/${rounds}`} ${opName.padEnd(18)} ${s.id.padEnd(30)} ${String(Math.round(res.rps)).padStart(6)} req/s  p50 ${res.p50} ms  p99 ${res.p99} ms  non-2xx ${res.non2xx}${res.errors ? `  errors ${res.errors}` : ''}  server cpu ${res.serverCpu?.toFixed(2) ?? '?'}${endedEarly ? '  (pool used up: ended early)' : ''}`,
          );
          if (!warmup) ((results[opName] ??= {})[s.id] ??= []).push({ round, ...res });
        }
      }
    }

    return summarize({ results, servers, opNames, mode, problems, bodies, connections, durationSec, rounds, warmupSec, stubLogLevel: cfg.stubLogLevel });
  } finally {
    for (const s of servers) await s.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

function summarize({ results, servers, opNames, mode, problems, bodies, connections, durationSec, rounds, warmupSec, stubLogLevel }) {
  const ops = {};
  for (const opName of opNames) {
    const byServer = results[opName] ?? {};
    const perRoundRatio = (a, b) => {
      const ra = byServer[a] ?? [];
      const rb = byServer[b] ?? [];
      return median(ra.map((x) => {
        const y = rb.find((z) => z.round === x.round);
        return y ? x.rps / y.rps : NaN;
      }));
    };
    const rows = {};
    for (const s of servers) {
      const runs = byServer[s.id];
      if (!runs) continue;
      rows[s.id] = {
        label: s.label,
        rps: median(runs.map((x) => x.rps)),
        p50: median(runs.map((x) => x.p50)),
        p99: median(runs.map((x) => x.p99)),
        worstP99: Math.max(...runs.map((x) => x.p99)),
        non2xx: runs.reduce((n, x) => n + x.non2xx, 0),
        errors: runs.reduce((n, x) => n + x.errors + x.timeouts, 0),
        requests: runs.reduce((n, x) => n + x.requests, 0),
        serverCpu: median(runs.map((x) => x.serverCpu)),
        loaderCpu: median(runs.map((x) => x.loaderCpu)),
        bytesPerResponse: median(runs.map((x) => x.bytesPerResponse)),
        vsPrism: s.id === 'prism' ? 1 : perRoundRatio(s.id, 'prism'),
        vsExpress: s.id === 'express' ? 1 : perRoundRatio(s.id, 'express'),
        rounds: runs,
      };
    }
    ops[opName] = { label: servers[0].ops.find((o) => o.name === opName).label, servers: rows, bodyBytes: bodies[opName] };
  }
  return { mode, connections, durationSec, rounds, warmupSec, stubLogLevel: stubLogLevel ?? 'info (the default; stdout to /dev/null)', problems, ops, servers: servers.map((s) => ({ id: s.id, label: s.label, startupMs: s.startupMs })) };
}
