// Cost of response validation: two stubs side by side (validation on / off), the same requests in
// alternating rounds, median time per request. On a busy machine expect noise of ±10%.
//   pnpm --filter @jdcloud-vm/server-stub build && node bench/response-validation.mjs [rounds] [requestsPerRound]
import { startStub } from '../dist/index.js';

const ROUNDS = Number(process.argv[2] ?? 15);
const PER_ROUND = Number(process.argv[3] ?? 200);

const stubs = {
  on: await startStub({ port: 0, logLevel: 'silent', docsDir: false, responseValidation: true }),
  off: await startStub({ port: 0, logLevel: 'silent', docsDir: false, responseValidation: false }),
};
for (const stub of Object.values(stubs)) {
  for (let i = 0; i < 20; i += 1) {
    await fetch(`${stub.url}/v1/regions/cn-north-1/keypairs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ keyName: `bench-${i}` }),
    });
  }
}

const cases = {
  'describeKeypairs, 20 items': (url) => fetch(`${url}/v1/regions/cn-north-1/keypairs?pageSize=20`),
  'deleteKeypair, 404 envelope': (url) => fetch(`${url}/v1/regions/cn-north-1/keypairs/nobody`, { method: 'DELETE' }),
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const [label, make] of Object.entries(cases)) {
  const times = { on: [], off: [] };
  for (let round = 0; round < ROUNDS + 2; round += 1) {
    for (const mode of round % 2 ? ['on', 'off'] : ['off', 'on']) {
      const t0 = performance.now();
      for (let i = 0; i < PER_ROUND; i += 1) await (await make(stubs[mode].url)).arrayBuffer();
      if (round >= 2) times[mode].push((performance.now() - t0) / PER_ROUND); // two warm-up rounds
    }
  }
  const on = median(times.on);
  const off = median(times.off);
  console.log(`${label}: ${on.toFixed(3)} ms with response validation, ${off.toFixed(3)} ms without (+${(on - off).toFixed(3)} ms, ${(((on - off) / off) * 100).toFixed(0)}%)`);
}
await stubs.on.close();
await stubs.off.close();
