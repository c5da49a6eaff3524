// Signing throughput: @jdcloud-vm/client's signRequest (Web Crypto, async) against the official
// JD Cloud signer (jdcloud-sdk-js 1.2.202, src/lib/signers/v2.js: Node's crypto, sync), in the
// same process, on the same requests, with the same fixed date and nonce.
//
//   pnpm --filter @jdcloud-vm/client build && node bench/signing.mjs [signatures-per-round] [rounds]
//
// Each round signs N requests with each signer (interleaved, so drift hits both alike); the
// median round gives signatures per second. Not a test: nothing fails on the numbers.
import { performance } from 'node:perf_hooks';
import { signRequest } from '../dist/signing.js';
import { officialRequest, officialSignPrepared } from '../test/helpers/official-signer.mjs';

const N = Number(process.argv[2] ?? 4000);
const ROUNDS = Number(process.argv[3] ?? 7);
const BATCH = 64; // concurrent signatures in flight, for the concurrent variant

const credentials = {
  accessKeyId: 'JDC_2C0CFFB4B1D5A34F2E1F5A7C6B8D',
  secretAccessKey: '0F5B1C2D3E4F5A6B7C8D9E0F1A2B3C4D',
  regionId: 'cn-north-1',
  service: 'vm',
  date: new Date('2024-05-01T08:30:00Z'),
  nonce: '0b6c7f02-5d0e-4a8e-9c43-6f1f1b2e7a01',
};
const headers = { accept: 'application/json', 'content-type': 'application/json' };
const requests = [
  {
    name: 'GET describeInstances, 2 filters',
    method: 'GET',
    url: 'https://vm.jdcloud-api.com/v1/regions/cn-north-1/instances?pageNumber=1&pageSize=20&filters.1.name=status&filters.1.values.1=running&filters.1.values.2=stopped&filters.2.name=az&filters.2.values.1=cn-north-1a',
    headers,
    body: '',
  },
  {
    name: 'POST stopInstance, small body',
    method: 'POST',
    url: 'https://vm.jdcloud-api.com/v1/regions/cn-north-1/instances/i-b4rs0vm001%3AstopInstance',
    headers,
    body: '{"chargeOnStopped":"stopCharging"}',
  },
];

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function measure(fn) {
  const start = performance.now();
  await fn();
  return N / ((performance.now() - start) / 1000);
}

// Both signers must agree before their speed means anything.
for (const r of requests) {
  const ours = await signRequest(r, credentials);
  const official = officialSignPrepared(officialRequest({ ...r, regionId: credentials.regionId }), credentials);
  if (ours.authorization !== official.authorization) throw new Error(`signers disagree on ${r.name}`);
}

console.log(`node ${process.version}, ${N} signatures per round, ${ROUNDS} rounds (median), plus one warm-up round`);
const rows = [];
for (const r of requests) {
  const prepared = officialRequest({ ...r, regionId: credentials.regionId });
  const official = () => {
    for (let i = 0; i < N; i++) officialSignPrepared(prepared, credentials);
  };
  const sequential = async () => {
    for (let i = 0; i < N; i++) await signRequest(r, credentials);
  };
  const concurrent = async () => {
    for (let i = 0; i < N; i += BATCH) {
      await Promise.all(Array.from({ length: Math.min(BATCH, N - i) }, () => signRequest(r, credentials)));
    }
  };
  const results = { official: [], sequential: [], concurrent: [] };
  for (let round = 0; round <= ROUNDS; round++) {
    const o = await measure(official);
    const s = await measure(sequential);
    const c = await measure(concurrent);
    if (round === 0) continue; // warm-up
    results.official.push(o);
    results.sequential.push(s);
    results.concurrent.push(c);
  }
  const o = median(results.official);
  const s = median(results.sequential);
  const c = median(results.concurrent);
  rows.push({
    request: r.name,
    'official sig/s': Math.round(o),
    'ours sig/s (one at a time)': Math.round(s),
    'ours sig/s (64 in flight)': Math.round(c),
    'ratio one at a time': (s / o).toFixed(2),
    'ratio 64 in flight': (c / o).toFixed(2),
  });
}
console.table(rows);
console.log('ratio = ours / official (above 1: ours is faster)');
