// The client against the official jdcloud-sdk-js:
//  - signatures per second: the same requests as the client tests use (same
//    fixed date and nonce, the official signer driven through the client's test helper, signers
//    interleaved in each round, one warm-up round, median round), ours one at a time and with 64
//    in flight (the client hashes with node:crypto in Node, with Web Crypto, which is async, elsewhere);
//  - browser bundle: an app that creates the client, bundled by esbuild (minify, ESM, browser,
//    es2022) and gzipped (level 9), like packages/client/test/size.test.ts. The official side is
//    the SDK's VM service module (src/repo/vm/v1/vm.js) with the SDK's own browser loader in
//    place of its Node loader, and Node's `stream` and `events` supplied by stream-browserify and
//    events (what webpack 4 did by itself, and webpack 5 users add by hand).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { signRequest } from '@jdcloud-vm/client/signing';
import { median } from '../lib/stats.mjs';

const require = createRequire(import.meta.url);
const clientDir = dirname(require.resolve('@jdcloud-vm/client/package.json'));
const BENCH_DIR = new URL('../../', import.meta.url).pathname;

const credentials = {
  accessKeyId: 'JDC_2C0CFFB4B1D5A34F2E1F5A7C6B8D',
  secretAccessKey: '0F5B1C2D3E4F5A6B7C8D9E0F1A2B3C4D',
  regionId: 'cn-north-1',
  service: 'vm',
  date: new Date('2024-05-01T08:30:00Z'),
  nonce: '0b6c7f02-5d0e-4a8e-9c43-6f1f1b2e7a01',
};
const headers = { accept: 'application/json', 'content-type': 'application/json' };
const REQUESTS = [
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

export async function signingBench({ signatures: N, rounds: ROUNDS }, log) {
  // The official signer, as the client's own tests and bench drive it.
  const { officialRequest, officialSignPrepared } = await import(pathToFileURL(join(clientDir, 'test/helpers/official-signer.mjs')).href);
  const BATCH = 64;
  for (const r of REQUESTS) {
    const ours = await signRequest(r, credentials);
    const official = officialSignPrepared(officialRequest({ ...r, regionId: credentials.regionId }), credentials);
    if (ours.authorization !== official.authorization) throw new Error(`signers disagree on ${r.name}`);
  }
  const measure = async (fn) => {
    const start = performance.now();
    await fn();
    return N / ((performance.now() - start) / 1000);
  };
  const rows = {};
  for (const r of REQUESTS) {
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
    const res = { official: [], sequential: [], concurrent: [] };
    for (let round = 0; round <= ROUNDS; round++) {
      const o = await measure(official);
      const s = await measure(sequential);
      const c = await measure(concurrent);
      if (round === 0) continue;
      res.official.push(o);
      res.sequential.push(s);
      res.concurrent.push(c);
    }
    rows[r.name] = {
      official: median(res.official),
      oursSequential: median(res.sequential),
      oursConcurrent: median(res.concurrent),
    };
    log(`  ${r.name}: official ${Math.round(rows[r.name].official)}/s, ours ${Math.round(rows[r.name].oursSequential)}/s one at a time, ${Math.round(rows[r.name].oursConcurrent)}/s with 64 in flight`);
  }
  return { signaturesPerRound: N, rounds: ROUNDS, requests: rows };
}

/** The client's own browser-bundle recipe (packages/client/test/helpers/browser-bundle.mjs), from the bench's folder. */
async function bundle(contents, plugins = []) {
  const { browserBundle } = await import(pathToFileURL(join(clientDir, 'test/helpers/browser-bundle.mjs')).href);
  const { code, gzip, inputs } = await browserBundle({ contents, resolveDir: BENCH_DIR, loader: 'js', plugins });
  return { minified: code.length, gzip, modules: inputs.length };
}

export async function bundleBench(log) {
  const browserLoader = require.resolve('jdcloud-sdk-js/src/lib/browser_loader.js');
  const nodeShims = {
    name: 'jdcloud-sdk-browser',
    setup(b) {
      b.onResolve({ filter: /(^|\/)node_loader(\.js)?$/ }, () => ({ path: browserLoader }));
      b.onResolve({ filter: /^stream$/ }, () => ({ path: require.resolve('stream-browserify') }));
      b.onResolve({ filter: /^events$/ }, () => ({ path: require.resolve('events/') }));
    },
  };
  const ours = await bundle(
    "import { createVmClient } from '@jdcloud-vm/client'; export const vm = createVmClient({ accessKeyId: 'a', secretAccessKey: 'b', regionId: 'cn-north-1' });",
  );
  const official = await bundle(
    "const VM = require('jdcloud-sdk-js/src/repo/vm/v1/vm.js'); export const vm = new VM({ credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, regionId: 'cn-north-1' });",
    [nodeShims],
  );
  log(`  createVmClient: ${ours.minified} B minified, ${ours.gzip} B gzipped; official VM module: ${official.minified} B minified, ${official.gzip} B gzipped`);
  return { ours, official };
}
