// Memory and scale: a stub with 10 access keys (10 accounts) is seeded through the API with
// createInstances (maxCount 100) until it holds 10,000 instances, 1,000 per account in
// cn-north-1 (the instance quotas raised with --quota, the default being 100 per account and
// region); its resident size (VmRSS of /proc/PID/status) is read before and after. Then
// describeInstances with a filter is timed on one connection, at that size and on a stub holding
// 100 instances (10 per account): if a filter scans more than it needs, the gap shows.
import { runLoad, rssOf } from '../lib/load.mjs';
import { startStub } from '../lib/servers.mjs';
import { REGION, feeder, signPool } from '../lib/signed-pool.mjs';
import { median } from '../lib/stats.mjs';
import { accessKeys, clientFor, createInstancesBody, credentialsOf } from '../lib/workloads.mjs';

const QUOTA_ARGS = ['--quota', 'instance=100000', '--quota', 'instance_cpu=10000000', '--quota', 'instance_memory=100000000'];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const IDLE_STEP_MS = 5000;
const IDLE_READINGS = 6;

async function seed(stub, keys, perAccount, log) {
  const started = performance.now();
  const sample = [];
  for (const key of keys) {
    const vm = clientFor(stub.port, key);
    for (let made = 0; made < perAccount; made += 100) {
      const n = Math.min(100, perAccount - made);
      const { instanceIds } = await vm.createInstances(createInstancesBody(`mem-${made}`, n), { timeoutMs: 120_000 });
      if (sample.length < 5) sample.push({ key, id: instanceIds[0] });
    }
  }
  const ms = performance.now() - started;
  log(`  seeded ${keys.length * perAccount} instances in ${(ms / 1000).toFixed(1)} s`);
  await sleep(600); // pending → running (transition-ms 200) and whatever the stub does after
  await clientFor(stub.port, keys[0]).describeInstances({ pageSize: 10 });
  return { ms, sample };
}

export async function memorySuite(cfg, log) {
  const keys = accessKeys(10);
  const large = cfg.memoryInstances;
  const small = 100;
  const stubs = [];
  try {
    const big = await startStub({ accessKeys: keys, logLevel: cfg.stubLogLevel, extraArgs: QUOTA_ARGS });
    stubs.push(big);
    await sleep(300);
    const rssStart = rssOf(big.pid);
    const bigSeed = await seed(big, keys, large / keys.length, log);
    await sleep(1000);
    const rssSeeded = rssOf(big.pid);
    log(`  stub RSS: ${(rssStart.rss / 2 ** 20).toFixed(1)} MiB at start, ${(rssSeeded.rss / 2 ** 20).toFixed(1)} MiB with ${large} instances (peak ${(rssSeeded.hwm / 2 ** 20).toFixed(1)} MiB)`);

    const little = await startStub({ accessKeys: keys, logLevel: cfg.stubLogLevel, extraArgs: QUOTA_ARGS });
    stubs.push(little);
    const littleSeed = await seed(little, keys, small / keys.length, log);

    // Latency of describeInstances with a filter, one connection, signed requests.
    const key = keys[0];
    const credentials = credentialsOf(key);
    const probeIdOf = (s) => s.sample.find((x) => x.key === key).id;
    const queries = {
      'instanceId (exact, 1 value)': (s) => `filters.1.name=instanceId&filters.1.values.1=${probeIdOf(s)}`,
      'status=running (page of 10)': () => 'pageSize=10&filters.1.name=status&filters.1.values.1=running',
      'name (fuzzy, page of 10)': () => 'pageSize=10&filters.1.name=name&filters.1.values.1=mem-0',
    };
    const latency = {};
    const subjects = [
      { id: `${large}`, stub: big, seeded: bigSeed },
      { id: `${small}`, stub: little, seeded: littleSeed },
    ];
    for (const [label, query] of Object.entries(queries)) {
      const runs = Object.fromEntries(subjects.map((s) => [s.id, []]));
      for (let round = 0; round < cfg.memoryRounds; round++) {
        for (const s of round % 2 ? [...subjects].reverse() : subjects) {
          const path = `/v1/regions/${REGION}/instances?${query(s.seeded)}`;
          const pool = await signPool(cfg.memoryRequests + 4, () => ({ method: 'GET', path }), { port: s.stub.port, credentials });
          const feed = feeder({ shared: pool });
          const res = await runLoad({ port: s.stub.port, pid: s.stub.pid, connections: 1, amount: cfg.memoryRequests, requests: feed.requests });
          if (res.non2xx > 0) throw new Error(`describeInstances (${label}) at ${s.id} instances answered ${res.non2xx} non-2xx`);
          runs[s.id].push(res);
        }
      }
      latency[label] = Object.fromEntries(
        subjects.map((s) => [
          s.id,
          { p50: median(runs[s.id].map((r) => r.p50)), p99: median(runs[s.id].map((r) => r.p99)), meanMs: median(runs[s.id].map((r) => r.meanLatency)), rps: median(runs[s.id].map((r) => r.rps)) },
        ]),
      );
      log(`  describeInstances ${label}: ${subjects.map((s) => `${s.id} instances p50 ${latency[label][s.id].p50} ms / mean ${latency[label][s.id].meanMs.toFixed(2)} ms`).join(', ')}`);
    }
    await sleep(1000);
    const rssAfterQueries = rssOf(big.pid);
    log(`  stub RSS after the queries: ${(rssAfterQueries.rss / 2 ** 20).toFixed(1)} MiB (peak ${(rssAfterQueries.hwm / 2 ** 20).toFixed(1)} MiB)`);
    // Idle readings: once allocation stops, V8's memory reducer collects and gives memory back.
    const rssIdle = [];
    for (let i = 0; i < IDLE_READINGS; i++) {
      await sleep(IDLE_STEP_MS);
      rssIdle.push({ afterMs: (i + 1) * IDLE_STEP_MS, rss: rssOf(big.pid).rss });
    }
    log(`  stub RSS idle: ${rssIdle.map((r) => `${(r.rss / 2 ** 20).toFixed(1)} MiB at +${r.afterMs / 1000} s`).join(', ')}`);
    return {
      instances: large,
      accounts: keys.length,
      perAccount: large / keys.length,
      how: 'seeded through the API: createInstances maxCount 100, signed, 10 accounts in cn-north-1 (--quota raised), stub defaults otherwise',
      seedMs: bigSeed.ms,
      rssAtStart: rssStart.rss,
      rssSeeded: rssSeeded.rss,
      peakRss: rssSeeded.hwm,
      rssAfterQueries: rssAfterQueries.rss,
      peakRssEnd: rssAfterQueries.hwm,
      rssIdle,
      smallInstances: small,
      latency,
    };
  } finally {
    for (const s of stubs) await s.stop();
  }
}
