// Start-up: from spawning the process to the first 200 of describeKeypairs, polled every 5 ms on
// fresh connections. The stub: `node packages/server-stub/dist/cli.js --port <free port>` with its
// defaults (open mode, docs served when built). Prism: node on the entry point that
// `pnpm dlx @stoplight/prism-cli@5.14.2` installed (pnpm's own start-up left out), and once more
// through `pnpm dlx` itself, as its documentation starts it. With BENCH_STUB_CLI_B (and `stub-b`
// among the servers, as by default), a second build of the stub's CLI takes its turns in the same
// runs: an A/B comparison that shares the machine's drift. Runs alternate; medians. Beside the
// time, the CPU time the process had used at its first 200 (utime + stime, 10 ms ticks): on a
// loaded machine it moves far less than the time.
import { cpuMsOf } from '../lib/load.mjs';
import { HOST, freePort, waitFor200 } from '../lib/net.mjs';
import { spawnTracked, stopChild } from '../lib/proc.mjs';
import { PRISM_VERSION, READY_PATH, SPEC_JSON, STUB_CLI, STUB_CLI_B, resolvePrism } from '../lib/servers.mjs';
import { median } from '../lib/stats.mjs';

async function timeStart(command, args, path, headers, cwd) {
  const port = await freePort();
  const started = performance.now();
  const child = spawnTracked(command, args(port), { cwd, capture: true });
  try {
    const at = await waitFor200(port, path, { headers, child, timeoutMs: 60_000, intervalMs: 5 });
    return { ms: at - started, cpuMs: cpuMsOf(child.pid) };
  } finally {
    await stopChild(child);
  }
}

const stubArgs = (cli) => (port) => [cli, '--host', HOST, '--port', String(port)];

export async function startupSuite(cfg, log) {
  const entry = cfg.servers.includes('prism') ? resolvePrism() : undefined;
  const subjects = [
    {
      id: 'stub',
      label: 'stub: node dist/cli.js → first 200',
      run: () => timeStart(process.execPath, stubArgs(STUB_CLI), READY_PATH, {}),
    },
  ];
  if (STUB_CLI_B && cfg.servers.includes('stub-b')) {
    subjects.push({
      id: 'stub-b',
      label: `stub build B (${STUB_CLI_B}) → first 200`,
      run: () => timeStart(process.execPath, stubArgs(STUB_CLI_B), READY_PATH, {}),
    });
  }
  if (entry) {
    subjects.push({
      id: 'prism',
      label: `Prism ${PRISM_VERSION}: node prism-cli mock → first 200`,
      run: () => timeStart(process.execPath, (port) => [entry, 'mock', '-h', HOST, '-p', String(port), SPEC_JSON], READY_PATH.replace(/^\/v1/, ''), { authorization: 'x' }, '/tmp'),
    });
    subjects.push({
      id: 'prism-dlx',
      label: `Prism ${PRISM_VERSION}: pnpm dlx (cached) → first 200`,
      runs: Math.max(1, Math.ceil(cfg.startupRuns / 2)),
      run: () =>
        timeStart('pnpm', (port) => [`--package=@stoplight/prism-cli@${PRISM_VERSION}`, 'dlx', 'prism', 'mock', '-h', HOST, '-p', String(port), SPEC_JSON], READY_PATH.replace(/^\/v1/, ''), { authorization: 'x' }, '/tmp'),
    });
  }
  const times = Object.fromEntries(subjects.map((s) => [s.id, []]));
  const cpu = Object.fromEntries(subjects.map((s) => [s.id, []]));
  for (let run = 0; run < cfg.startupRuns + 1; run++) {
    const order = run % 2 ? [...subjects].reverse() : subjects;
    for (const s of order) {
      if (run > 0 && times[s.id].length >= (s.runs ?? cfg.startupRuns)) continue;
      const { ms, cpuMs } = await s.run();
      if (run === 0) {
        log(`  warm-up ${s.id}: ${Math.round(ms)} ms`); // first start reads everything from disk
        continue;
      }
      times[s.id].push(ms);
      if (cpuMs !== undefined) cpu[s.id].push(cpuMs);
      log(`  run ${run} ${s.id}: ${Math.round(ms)} ms (CPU ${cpuMs ?? '?'} ms)`);
    }
  }
  return Object.fromEntries(
    subjects.map((s) => [
      s.id,
      {
        label: s.label,
        medianMs: median(times[s.id]),
        runsMs: times[s.id].map(Math.round),
        ...(cpu[s.id].length > 0 ? { medianCpuMs: median(cpu[s.id]), cpuMs: cpu[s.id] } : {}),
      },
    ]),
  );
}
