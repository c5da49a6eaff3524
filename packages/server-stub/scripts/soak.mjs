#!/usr/bin/env node
// pnpm soak: the built stub (dist/cli.js) as a child process on 127.0.0.1, driven for a bounded
// time by signed, mixed traffic at a fixed number of connections: describe* calls, instances
// created, stopped, started, rebooted, renamed and deleted, key pairs imported, created and
// deleted, private images made and deleted. It reports requests, latency percentiles, the
// refusals that legitimate races produce (documented 4xx: a resource another connection just
// deleted, a task in progress, a state that just changed, a quota reached by concurrent creates)
// apart from real errors (anything else: 5xx, other 4xx, network errors, timeouts), and the
// stub's RSS sampled every few seconds with its slope after warm-up. Exits 1 on any real error,
// on a memory slope over the limit, or when the stub does not stop cleanly. Stops by itself.
//
//   SOAK_SECONDS=60 SOAK_CONNECTIONS=64 pnpm soak
//
// Settings (environment): SOAK_SECONDS (60), SOAK_CONNECTIONS (64), SOAK_SAMPLE_SECONDS (3),
// SOAK_WARMUP_SECONDS (20; memory is judged only when at least 20 s follow it),
// SOAK_MAX_SLOPE_MB_PER_MIN (3), SOAK_SEED (20240501), SOAK_TIMEOUT_MS (per call, 10000).
//
// Memory: the state stays bounded (the load deletes what it creates, system disks included).
// The RSS is sampled from /proc and printed with its slope, but it wobbles by tens of MB with the
// garbage collector, so the verdict uses the heap in use after a full collection, which
// scripts/soak-heap-probe.mjs (preloaded into the stub) reports at the same interval. One thing
// grows by design: the stub remembers every nonce for the 15-minute signature window (replay
// protection), about 200 bytes each. Flat means: the heap-after-GC slope after warm-up, less that
// share, is at most SOAK_MAX_SLOPE_MB_PER_MIN.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { JdCloudError, createVmClient } from '@jdcloud-vm/client';

const env = (name, fallback) => (process.env[name] === undefined || process.env[name] === '' ? fallback : Number(process.env[name]));
const SECONDS = env('SOAK_SECONDS', 60);
const CONNECTIONS = env('SOAK_CONNECTIONS', 64);
const SAMPLE_SECONDS = env('SOAK_SAMPLE_SECONDS', 3);
const WARMUP_SECONDS = env('SOAK_WARMUP_SECONDS', 20);
/** Post-warm-up time needed before the memory slope means anything. */
const MIN_JUDGED_SECONDS = 20;
const MAX_SLOPE = env('SOAK_MAX_SLOPE_MB_PER_MIN', 3);
/**
 * Heap a remembered nonce takes in the stub, kept for the 15-minute window. Measured with this
 * script: the heap after GC grows ~180 B per signed request, and not at all when the same load
 * runs against a stub without access keys (no signatures, no nonces).
 */
const NONCE_BYTES = 200;
const SEED = env('SOAK_SEED', 20240501);
const TIMEOUT_MS = env('SOAK_TIMEOUT_MS', 10_000);
for (const [name, value] of Object.entries({ SECONDS, CONNECTIONS, SAMPLE_SECONDS, WARMUP_SECONDS, MAX_SLOPE, TIMEOUT_MS })) {
  if (!Number.isFinite(value) || value < 0) {
    console.error(`soak: SOAK_${name} must be a non-negative number`);
    process.exit(2);
  }
}
if (SECONDS > 3600) {
  console.error('soak: SOAK_SECONDS is capped at 3600');
  process.exit(2);
}

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const REGION = 'cn-north-1';
const ACCOUNTS = [
  { accessKeyId: 'AK_SOAK_1', secretAccessKey: 'SK_SOAK_1' },
  { accessKeyId: 'AK_SOAK_2', secretAccessKey: 'SK_SOAK_2' },
];
const CENTOS = '7168934e-8bbb-5c59-a527-f69412fcbe96';
const SUBNET = 'subnet-c2p3qv0b1x';
const PASSWORD = 'Tq7#mWz9pLx';
/** What the load keeps alive per account (under the default quotas: 100 instances, 50 images, 20 key pairs). */
const CAPS = { instances: 40, images: 15, keypairs: 12 };

// mulberry32: the operation mix is reproducible for a seed (timing still varies).
let seed = SEED >>> 0;
function random() {
  let t = (seed = (seed + 0x6d2b79f5) >>> 0);
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (items) => items[Math.floor(random() * items.length)];

/** A free port on 127.0.0.1 (the stub logs only warnings, so it cannot tell us its own). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function opensshPublicKey() {
  // A fixed, well-formed ssh-rsa public key (e = 65537, a 2048-bit modulus of 0x5a bytes).
  const field = (b) => Buffer.concat([Buffer.from([0, 0, (b.length >> 8) & 0xff, b.length & 0xff]), b]);
  const n = Buffer.concat([Buffer.from([0x00, 0xc5]), Buffer.alloc(255, 0x5a)]);
  return `ssh-rsa ${Buffer.concat([field(Buffer.from('ssh-rsa')), field(Buffer.from([1, 0, 1])), field(n)]).toString('base64')} soak@local`;
}
const PUBLIC_KEY = opensshPublicKey();

function rssMB(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Least-squares slope of y over x. */
function slope(points) {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((a, p) => a + p[0], 0) / n;
  const my = points.reduce((a, p) => a + p[1], 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

// ------------------------------------------------------------------------------- the stub

const port = await freePort();
const PROBE = fileURLToPath(new URL('./soak-heap-probe.mjs', import.meta.url));
const heapSamples = [];
const stub = spawn(
  process.execPath,
  [
    '--expose-gc',
    '--import',
    PROBE,
    CLI,
    '--host', '127.0.0.1',
    '--port', String(port),
    '--log-level', 'warn',
    '--transition-ms', '200',
    ...ACCOUNTS.flatMap((a) => ['--access-key', `${a.accessKeyId}:${a.secretAccessKey}`]),
  ],
  { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SOAK_PROBE_MS: String(SAMPLE_SECONDS * 1000) } },
);
let stubOutput = '';
let stderrLine = '';
stub.stdout.on('data', (d) => (stubOutput = (stubOutput + d).slice(-4000)));
stub.stderr.on('data', (d) => {
  const lines = (stderrLine + d).split('\n');
  stderrLine = lines.pop() ?? '';
  for (const line of lines) {
    const m = /^soak-heap (\d+) (\d+) (\d+)$/.exec(line);
    if (m) heapSamples.push({ at: Number(m[1]), heapMB: Number(m[2]) / 1048576 });
    else stubOutput = `${stubOutput}${line}\n`.slice(-4000);
  }
});
let stubExit;
const stubExited = new Promise((resolve) => stub.on('exit', (code, signal) => resolve((stubExit = { code, signal }))));
const killStub = () => {
  if (!stubExit) stub.kill('SIGKILL');
};
process.on('exit', killStub);
process.on('SIGINT', () => {
  killStub();
  process.exit(130);
});

const endpoint = `http://127.0.0.1:${port}`;
{
  const started = Date.now();
  for (;;) {
    if (stubExit) {
      console.error(`soak: the stub exited before listening (${JSON.stringify(stubExit)}):\n${stubOutput}`);
      process.exit(1);
    }
    try {
      const response = await fetch(`${endpoint}/openapi.json`);
      await response.arrayBuffer();
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 30_000) {
      console.error(`soak: the stub did not listen within 30 s:\n${stubOutput}`);
      process.exit(1);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

// ------------------------------------------------------------------------------- the load

/** One account's view of its resources (not authoritative: other connections change them too). */
function newPool(credentials) {
  return {
    vm: createVmClient({ endpoint, ...credentials, regionId: REGION, retry: false, timeoutMs: TIMEOUT_MS }),
    instances: new Set(),
    images: new Set(),
    keypairs: new Set(),
    serial: 0,
  };
}
const pools = ACCOUNTS.map(newPool);

/**
 * Operations: name, weight, and the refusals a race can legitimately produce. `run(pool)`
 * returns the promise of the call, or undefined when it has nothing to act on.
 */
const NOT_FOUND = ['NOT_FOUND'];
const STATE = ['FAILED_PRECONDITION', 'CONFLICT'];
const OPS = [
  { name: 'describeInstances', weight: 10, races: [], run: (p) => p.vm.describeInstances({ pageSize: 100 }) },
  { name: 'describeInstanceStatus', weight: 5, races: [], run: (p) => p.vm.describeInstanceStatus({ pageSize: 50 }) },
  {
    name: 'describeInstance',
    weight: 10,
    races: NOT_FOUND,
    run: (p) => (p.instances.size ? p.vm.describeInstance({ instanceId: pick([...p.instances]) }) : undefined),
  },
  { name: 'describeImages', weight: 5, races: [], run: (p) => p.vm.describeImages({ imageSource: pick(['public', 'private']), pageSize: 50 }) },
  {
    name: 'describeImage',
    weight: 4,
    races: NOT_FOUND,
    run: (p) => p.vm.describeImage({ imageId: p.images.size && random() < 0.5 ? pick([...p.images]) : CENTOS }),
  },
  { name: 'describeKeypairs', weight: 5, races: [], run: (p) => p.vm.describeKeypairs({ pageSize: 50 }) },
  { name: 'describeInstanceTypes', weight: 3, races: [], run: (p) => p.vm.describeInstanceTypes({}) },
  { name: 'describeQuotas', weight: 3, races: [], run: (p) => p.vm.describeQuotas({}) },
  { name: 'imageTasks', weight: 1, races: [], run: (p) => p.vm.imageTasks({ pageSize: 20 }) },
  {
    name: 'createInstances',
    weight: 6,
    races: ['QUOTA_EXCEEDED'],
    run: (p) => {
      if (p.instances.size >= CAPS.instances) return undefined;
      return p.vm
        .createInstances({
          instanceSpec: {
            az: 'cn-north-1a',
            instanceType: 'g.n2.medium',
            imageId: CENTOS,
            name: `soak-${(p.serial += 1)}`,
            password: PASSWORD,
            primaryNetworkInterface: { networkInterface: { subnetId: SUBNET } },
            // Deleted with the instance (the default keeps it, and the state would grow without bound).
            systemDisk: { diskCategory: 'cloud', autoDelete: true, cloudDiskSpec: { az: 'cn-north-1a', name: 'soak-sys', diskType: 'ssd.gp1', diskSizeGB: 40 } },
          },
          maxCount: 1,
        })
        .then((r) => {
          for (const id of r.instanceIds) p.instances.add(id);
          return r;
        });
    },
  },
  {
    name: 'deleteInstance',
    weight: 3,
    races: [...NOT_FOUND, ...STATE],
    run: (p) => {
      if (p.instances.size < CAPS.instances / 2) return undefined;
      const instanceId = pick([...p.instances]);
      return p.vm.deleteInstance({ instanceId }).then((r) => {
        p.instances.delete(instanceId);
        return r;
      }, (error) => {
        if (error instanceof JdCloudError && error.httpStatus === 404) p.instances.delete(instanceId);
        throw error;
      });
    },
  },
  { name: 'stopInstance', weight: 8, races: [...NOT_FOUND, ...STATE], run: (p) => (p.instances.size ? p.vm.stopInstance({ instanceId: pick([...p.instances]) }) : undefined) },
  { name: 'startInstance', weight: 8, races: [...NOT_FOUND, ...STATE], run: (p) => (p.instances.size ? p.vm.startInstance({ instanceId: pick([...p.instances]) }) : undefined) },
  { name: 'rebootInstance', weight: 3, races: [...NOT_FOUND, ...STATE], run: (p) => (p.instances.size ? p.vm.rebootInstance({ instanceId: pick([...p.instances]) }) : undefined) },
  {
    name: 'modifyInstanceAttribute',
    weight: 3,
    races: [...NOT_FOUND, ...STATE],
    run: (p) => (p.instances.size ? p.vm.modifyInstanceAttribute({ instanceId: pick([...p.instances]), name: `renamed-${(p.serial += 1)}` }) : undefined),
  },
  {
    name: 'importKeypair',
    weight: 3,
    races: ['QUOTA_EXCEEDED'],
    run: (p) => {
      if (p.keypairs.size >= CAPS.keypairs) return undefined;
      const keyName = `soak-${(p.serial += 1)}`;
      return p.vm.importKeypair({ keyName, publicKey: PUBLIC_KEY }).then((r) => (p.keypairs.add(keyName), r));
    },
  },
  {
    name: 'createKeypair',
    weight: 0.5,
    races: ['QUOTA_EXCEEDED'],
    run: (p) => {
      if (p.keypairs.size >= CAPS.keypairs) return undefined;
      const keyName = `soak-gen-${(p.serial += 1)}`;
      return p.vm.createKeypair({ keyName }).then((r) => (p.keypairs.add(keyName), r));
    },
  },
  {
    name: 'deleteKeypair',
    weight: 3,
    races: NOT_FOUND,
    run: (p) => {
      if (p.keypairs.size < CAPS.keypairs / 2) return undefined;
      const keyName = pick([...p.keypairs]);
      p.keypairs.delete(keyName);
      return p.vm.deleteKeypair({ keyName });
    },
  },
  {
    name: 'createImage',
    weight: 2,
    races: [...NOT_FOUND, ...STATE, 'QUOTA_EXCEEDED'],
    run: (p) => {
      if (p.images.size >= CAPS.images || p.instances.size === 0) return undefined;
      return p.vm
        .createImage({ instanceId: pick([...p.instances]), name: `soak-image-${(p.serial += 1)}` })
        .then((r) => (p.images.add(r.imageId), r));
    },
  },
  {
    name: 'deleteImage',
    weight: 2,
    races: [...NOT_FOUND, ...STATE],
    run: (p) => {
      if (p.images.size < CAPS.images / 2) return undefined;
      const imageId = pick([...p.images]);
      return p.vm.deleteImage({ imageId }).then((r) => (p.images.delete(imageId), r), (error) => {
        if (error instanceof JdCloudError && error.httpStatus === 404) p.images.delete(imageId);
        throw error;
      });
    },
  },
];
const TOTAL_WEIGHT = OPS.reduce((a, o) => a + o.weight, 0);
function chooseOp() {
  let r = random() * TOTAL_WEIGHT;
  for (const op of OPS) if ((r -= op.weight) < 0) return op;
  return OPS[0];
}

const latencies = [];
const perOp = new Map(OPS.map((o) => [o.name, { ok: 0, races: 0, errors: 0 }]));
const races = new Map();
const errors = new Map();
let requests = 0;
let stopAt = 0;

async function worker(index) {
  const pool = pools[index % pools.length];
  while (Date.now() < stopAt) {
    const op = chooseOp();
    const started = performance.now();
    const call = op.run(pool);
    if (!call) continue;
    const stats = perOp.get(op.name);
    try {
      await call;
      stats.ok += 1;
    } catch (error) {
      const status = error instanceof JdCloudError ? error.status : undefined;
      if (status !== undefined && op.races.includes(status) && error.httpStatus < 500) {
        stats.races += 1;
        const key = `${op.name} ${error.httpStatus} ${status}`;
        races.set(key, (races.get(key) ?? 0) + 1);
      } else {
        stats.errors += 1;
        const key = `${op.name} ${error instanceof JdCloudError ? `${error.httpStatus} ${status}: ${error.message}` : `${error?.name}: ${error?.message}`}`.slice(0, 300);
        errors.set(key, (errors.get(key) ?? 0) + 1);
      }
    } finally {
      latencies.push(performance.now() - started);
      requests += 1;
    }
  }
}

console.log(`soak: ${CONNECTIONS} connections for ${SECONDS} s against ${endpoint} (stub pid ${stub.pid}), RSS every ${SAMPLE_SECONDS} s, warm-up ${WARMUP_SECONDS} s, seed ${SEED}`);
const start = Date.now();
stopAt = start + SECONDS * 1000;
const samples = [];
const sample = () => {
  const mb = rssMB(stub.pid);
  if (mb !== undefined) {
    const s = { t: (Date.now() - start) / 1000, mb, requests };
    samples.push(s);
    const heap = heapSamples.at(-1);
    const heapText = heap ? `${heap.heapMB.toFixed(1).padStart(6)} MB` : '     - ';
    console.log(`  t=${s.t.toFixed(0).padStart(4)} s  RSS ${mb.toFixed(1).padStart(7)} MB  heap after GC ${heapText}  requests ${String(requests).padStart(8)}`);
  }
};
sample();
const sampler = setInterval(sample, SAMPLE_SECONDS * 1000);
await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => worker(i)));
clearInterval(sampler);
sample();
const elapsed = (Date.now() - start) / 1000;

// A normal request still works, then a clean stop.
let healthy = false;
try {
  await pools[0].vm.describeInstances({ pageSize: 10 });
  healthy = true;
} catch (error) {
  console.error(`soak: the stub does not answer after the run: ${error?.message}`);
}
stub.kill('SIGTERM');
const exit = await Promise.race([stubExited, new Promise((r) => setTimeout(() => r(undefined), 10_000))]);

// ------------------------------------------------------------------------------- the report

latencies.sort((a, b) => a - b);
const raceCount = [...races.values()].reduce((a, b) => a + b, 0);
const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
const warm = samples.filter((s) => s.t >= WARMUP_SECONDS);
const slopeMBperMin = slope(warm.map((s) => [s.t / 60, s.mb]));
const warmHeap = heapSamples.filter((h) => (h.at - start) / 1000 >= WARMUP_SECONDS);
const heapSlope = slope(warmHeap.map((h) => [(h.at - start) / 60_000, h.heapMB]));
const nonceRate = ((requests / elapsed) * 60 * NONCE_BYTES) / 1048576;
const judged = elapsed - WARMUP_SECONDS >= MIN_JUDGED_SECONDS && warmHeap.length >= 3;
const flat = !judged || heapSlope - nonceRate <= MAX_SLOPE;

console.log('');
console.log(`requests   ${requests} in ${elapsed.toFixed(1)} s = ${(requests / elapsed).toFixed(0)} req/s at ${CONNECTIONS} connections`);
console.log(`latency    p50 ${percentile(latencies, 50).toFixed(1)} ms, p90 ${percentile(latencies, 90).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${(latencies.at(-1) ?? 0).toFixed(1)} ms`);
console.log(`succeeded  ${requests - raceCount - errorCount}`);
console.log(`races      ${raceCount} (documented 4xx of legitimate races: a resource another connection deleted, a task in progress, a state that changed, a quota reached)`);
for (const [key, n] of [...races].sort((a, b) => b[1] - a[1])) console.log(`             ${String(n).padStart(6)}  ${key}`);
console.log(`errors     ${errorCount} (anything else: must be 0)`);
for (const [key, n] of [...errors].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`             ${String(n).padStart(6)}  ${key}`);
console.log('per operation (ok / races / errors):');
for (const [name, s] of perOp) console.log(`             ${name.padEnd(26)} ${String(s.ok).padStart(7)} ${String(s.races).padStart(7)} ${String(s.errors).padStart(5)}`);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const halves = [warm.slice(0, Math.floor(warm.length / 2)), warm.slice(Math.floor(warm.length / 2))].map((h) =>
  h.length > 0 ? median(h.map((x) => x.mb)).toFixed(1) : '-',
);
console.log(
  `memory     RSS ${samples[0]?.mb.toFixed(1)} MB at start, ${warm[0]?.mb.toFixed(1) ?? '-'} MB after warm-up (${WARMUP_SECONDS} s), ${samples.at(-1)?.mb.toFixed(1)} MB at the end; ` +
    `median of the first / second half after warm-up ${halves[0]} / ${halves[1]} MB; RSS slope ${slopeMBperMin.toFixed(1)} MB/min (with the collector's wobble)`,
);
console.log(
  `           heap after GC ${warmHeap[0]?.heapMB.toFixed(1) ?? '-'} MB after warm-up, ${heapSamples.at(-1)?.heapMB.toFixed(1) ?? '-'} MB at the end: slope ${heapSlope.toFixed(2)} MB/min over ${warmHeap.length} samples, ` +
    `of which the nonce cache ~${nonceRate.toFixed(2)} MB/min (${requests} nonces x ~${NONCE_BYTES} B, released after 15 min)`,
);
console.log(
  `           => ${(heapSlope - nonceRate).toFixed(2)} MB/min beyond the nonce cache (limit ${MAX_SLOPE}): ` +
    `${judged ? (flat ? 'flat' : 'GROWING') : `not judged (needs ${MIN_JUDGED_SECONDS} s after the warm-up)`}`,
);
console.log(`stub       ${healthy ? 'answered after the run' : 'DID NOT ANSWER after the run'}; ${exit ? `stopped on SIGTERM with code ${exit.code}` : 'DID NOT STOP within 10 s'}`);

const ok = errorCount === 0 && flat && healthy && exit?.code === 0;
console.log(ok ? 'soak: PASS' : 'soak: FAIL');
if (!exit) killStub();
process.exit(ok ? 0 : 1);
