// The markdown report: one summary table of the figures against the issues' targets (./targets.mjs),
// the machine, then the detail of each suite and how it was measured.
import { fmtInt, fmtKiB, fmtMiB, fmtMs, fmtPct, fmtRatio, fmtSec, mdTable, median } from './lib/stats.mjs';
import { judge, targetIssues } from './targets.mjs';

const TARGET_SERVER = 'stub';

export function report(results) {
  const { out, t, st, mem, c } = summary(results);
  out.unshift('# jdcloud-vm benchmarks', '');
  return details(results, out, { t, st, mem, c });
}

/**
 * The machine, the command and the summary table: what the root README's Performance section
 * shows (`pnpm bench --render=results/latest.json --readme` copies it there).
 */
export function summaryMarkdown(results) {
  return summary(results).out.join('\n');
}

function summary(results) {
  const { machine: m, options: o, suites } = results;
  const out = [];
  out.push(
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}${m.pnpm ? `, pnpm ${m.pnpm}` : ''}, ${m.os}. ` +
      `Load average at start ${m.loadAverageAtStart.join(' / ')}, at end ${(m.loadAverageAtEnd ?? []).join(' / ')}. ` +
      `${results.startedAt.slice(0, 16).replace('T', ' ')} UTC.`,
  );
  out.push('');
  out.push(
    `Command: \`pnpm bench\`${o.quick ? ' with BENCH_QUICK=1 (**a short smoke run: not figures to quote**)' : ''}; suites: ${o.suites.join(', ')}; ` +
      `throughput ${o.rounds} rounds × ${o.durationSec} s per server and operation at ${o.connections} connections` +
      `${o.warmupSec > 0 ? ` after a ${o.warmupSec} s warm-up round` : ''}.`,
  );
  out.push('');

  // ---- the one summary table ----
  const rows = [];
  const t = suites.throughput;
  if (t && !t.failed) {
    for (const [name, op] of Object.entries(t.ops)) {
      const s = op.servers[TARGET_SERVER];
      const prism = op.servers.prism;
      const ex = op.servers.express;
      if (!s) continue;
      if (prism) rows.push([`${name}: req/s, stub vs Prism`, fmtInt(s.rps), `Prism ${fmtInt(prism.rps)}`, fmtRatio(s.vsPrism), ...judge('vsPrism', s.vsPrism)]);
      if (ex) rows.push([`${name}: req/s, stub vs bare express`, fmtInt(s.rps), `express ${fmtInt(ex.rps)}`, fmtPct(s.vsExpress), ...judge('vsExpress', s.vsExpress)]);
      const ev = op.servers['express-validator'];
      if (ev && ex) rows.push([`${name}: req/s, express + express-openapi-validator (requests only), fixed body`, fmtInt(ev.rps), `express ${fmtInt(ex.rps)}`, fmtPct(ev.vsExpress), '(the stack with validation, nothing else)', '']);
      rows.push([`${name}: p99 latency at ${t.connections} connections`, fmtMs(s.p99), prism ? `Prism ${fmtMs(prism.p99)}` : '', '', ...judge('p99', s.p99)]);
    }
  }
  const st = suites.startup;
  if (st && !st.failed && st.stub) {
    rows.push(['start-up to first 200', fmtMs(st.stub.medianMs, 0), st.prism ? `Prism ${fmtMs(st.prism.medianMs, 0)}` : '', st.prism ? fmtRatio(st.prism.medianMs / st.stub.medianMs) + ' faster' : '', ...judge('startup', st.stub.medianMs)]);
  }
  const mem = suites.memory;
  if (mem && !mem.failed) {
    const judged = mem.instances >= 10_000;
    const [seededTarget, seededVerdict] = judge('rssSeeded', mem.rssSeeded, { judged });
    rows.push([`RSS with ${fmtInt(mem.instances)} instances (${mem.accounts} accounts), just seeded`, fmtMiB(mem.rssSeeded), `at start ${fmtMiB(mem.rssAtStart)}`, '', seededTarget, judged ? seededVerdict : '(fewer than 10,000: not judged)']);
    if (Number.isFinite(mem.rssAfterQueries)) {
      rows.push([`RSS with ${fmtInt(mem.instances)} instances, 1 s after the describeInstances runs below`, fmtMiB(mem.rssAfterQueries), `peak ${fmtMiB(mem.peakRssEnd ?? mem.rssAfterQueries)}`, '', ...judge('rssAfterQueries', mem.rssAfterQueries, { judged })]);
    }
    const idle = mem.rssIdle?.at(-1);
    if (idle) {
      rows.push([`RSS with ${fmtInt(mem.instances)} instances, idle ${idle.afterMs / 1000} s after those runs`, fmtMiB(idle.rss), '', '', ...judge('rssIdle', idle.rss, { judged })]);
    }
    for (const [label, byN] of Object.entries(mem.latency)) {
      const big = byN[String(mem.instances)];
      const small = byN[String(mem.smallInstances)];
      rows.push([`describeInstances ${label}, mean latency`, `${fmtMs(big.meanMs, 2)} at ${fmtInt(mem.instances)}`, `${fmtMs(small.meanMs, 2)} at ${mem.smallInstances}`, fmtRatio(big.meanMs / small.meanMs), '', '']);
    }
  }
  const c = suites.client;
  if (c && !c.failed) {
    for (const [name, r] of Object.entries(c.signing.requests)) {
      rows.push([`signatures/s, ${name}`, `${fmtInt(r.oursSequential)} (${fmtInt(r.oursConcurrent)} with 64 in flight)`, `official ${fmtInt(r.official)}`, `${fmtRatio(r.oursSequential / r.official)} (${fmtRatio(r.oursConcurrent / r.official)})`, '', '']);
    }
    rows.push(['browser bundle of the client, min+gzip', fmtKiB(c.bundle.ours.gzip), `official VM module ${fmtKiB(c.bundle.official.gzip)}`, fmtRatio(c.bundle.ours.gzip / c.bundle.official.gzip), '', '']);
  }
  const b = suites.build;
  if (b && !b.failed) {
    rows.push(['`pnpm build`, cold (turbo --force)', fmtSec(b.coldMs), '', '', '', b.failures.length ? b.failures[0].slice(0, 80) : '']);
    rows.push(['`pnpm build`, turbo cache hit', fmtSec(b.hitMs), '', '', '', '']);
  }
  const issues = targetIssues();
  out.push(mdTable(['figure', 'ours', 'peer / reference', 'ratio', `targets (issue${issues.length > 1 ? 's' : ''} ${issues.join(', ')})`, 'verdict'], rows));
  out.push('');
  return { out, t, st, mem, c, b };
}

/**
 * The server's CPU time per answer, µs (median of the rounds): on a loaded machine req/s follows the
 * share of a core the server got, this far less, so an A/B comparison of two builds reads it first.
 */
function cpuPerAnswer(server) {
  const perRound = (server.rounds ?? []).filter((r) => Number.isFinite(r.serverCpu) && r.rps > 0).map((r) => (r.serverCpu * 1e6) / r.rps);
  return perRound.length > 0 ? fmtInt(median(perRound)) : 'n/a';
}

function details(results, out, { t, st, mem, c }) {
  const { suites } = results;
  const b = suites.build;
  // ---- details ----
  if (t && !t.failed) {
    out.push(`## Stub throughput and latency (autocannon, ${t.connections} connections, medians of ${t.rounds} rounds × ${t.durationSec} s)`);
    out.push('');
    if (t.mode !== 'instance') out.push(`**The stub's instance domain did not work at run time: describeKeypairs was measured instead of the instance operations.**\n`);
    for (const [name, op] of Object.entries(t.ops)) {
      out.push(`### ${op.label}`);
      out.push('');
      out.push(
        mdTable(
          ['server', 'req/s', 'p50', 'p99', 'vs Prism', 'vs express', 'non-2xx', 'server CPU', 'server CPU µs/answer', 'autocannon CPU', 'bytes/answer', 'req/s by round'],
          Object.entries(op.servers).map(([id, s]) => [
            s.label,
            fmtInt(s.rps),
            fmtMs(s.p50, 0),
            fmtMs(s.p99, 0),
            id === 'prism' ? '' : fmtRatio(s.vsPrism),
            id === 'express' ? '' : fmtPct(s.vsExpress),
            s.non2xx ? `**${fmtInt(s.non2xx)}**` : '0',
            Number.isFinite(s.serverCpu) ? `${Math.round(s.serverCpu * 100)}%` : 'n/a',
            cpuPerAnswer(s),
            Number.isFinite(s.loaderCpu) ? `${Math.round(s.loaderCpu * 100)}%` : 'n/a',
            fmtInt(s.bytesPerResponse),
            s.rounds.map((x) => fmtInt(x.rps)).join(' → '),
          ]),
        ),
      );
      out.push('');
    }
    if (t.problems.length) out.push(`Problems seen: ${t.problems.map((p) => `\n- ${p}`).join('')}\n`);
  }
  if (st && !st.failed) {
    out.push('## Start-up (process start → first 200, medians)');
    out.push('');
    out.push(
      mdTable(
        ['server', 'median', 'runs', 'CPU time at the first 200, median', 'CPU runs'],
        Object.values(st).map((s) => [s.label, fmtMs(s.medianMs, 0), s.runsMs.join(', '), s.medianCpuMs === undefined ? '' : fmtMs(s.medianCpuMs, 0), (s.cpuMs ?? []).join(', ')]),
      ),
    );
    out.push('');
  }
  if (mem && !mem.failed) {
    out.push(`## Memory and scale (${fmtInt(mem.instances)} instances, ${mem.accounts} accounts × ${fmtInt(mem.perAccount)})`);
    out.push('');
    out.push(`${mem.how}. Seeding took ${fmtSec(mem.seedMs)}. RSS: ${fmtMiB(mem.rssAtStart)} at start, ${fmtMiB(mem.rssSeeded)} seeded (peak ${fmtMiB(mem.peakRss)}), ${fmtMiB(mem.rssAfterQueries)} 1 s after the queries below${mem.rssIdle?.length ? `; idle after them: ${mem.rssIdle.map((r) => `${fmtMiB(r.rss)} at +${r.afterMs / 1000} s`).join(', ')}` : ''}.`);
    out.push('');
    out.push(
      mdTable(
        ['describeInstances filter (one connection)', `p50 at ${fmtInt(mem.instances)}`, `mean at ${fmtInt(mem.instances)}`, `p50 at ${mem.smallInstances}`, `mean at ${mem.smallInstances}`],
        Object.entries(mem.latency).map(([label, byN]) => [label, fmtMs(byN[String(mem.instances)].p50, 0), fmtMs(byN[String(mem.instances)].meanMs, 2), fmtMs(byN[String(mem.smallInstances)].p50, 0), fmtMs(byN[String(mem.smallInstances)].meanMs, 2)]),
      ),
    );
    out.push('');
  }
  if (c && !c.failed) {
    out.push(`## Client (signatures: ${fmtInt(c.signing.signaturesPerRound)} per round, median of ${c.signing.rounds} rounds)`);
    out.push('');
    out.push(
      mdTable(
        ['request', 'official jdcloud-sdk-js sig/s', 'ours, one at a time', 'ours, 64 in flight'],
        Object.entries(c.signing.requests).map(([n, r]) => [n, fmtInt(r.official), `${fmtInt(r.oursSequential)} (${fmtRatio(r.oursSequential / r.official)})`, `${fmtInt(r.oursConcurrent)} (${fmtRatio(r.oursConcurrent / r.official)})`]),
      ),
    );
    out.push('');
    out.push(
      mdTable(
        ['browser bundle (esbuild, minified, gzip -9)', 'minified', 'gzipped', 'modules'],
        [
          ['createVmClient (@jdcloud-vm/client)', fmtInt(c.bundle.ours.minified), fmtInt(c.bundle.ours.gzip), c.bundle.ours.modules],
          ['jdcloud-sdk-js VM service module (src/repo/vm/v1/vm.js, browser loader)', fmtInt(c.bundle.official.minified), fmtInt(c.bundle.official.gzip), c.bundle.official.modules],
        ],
      ),
    );
    out.push('');
  }
  if (b && !b.failed) {
    out.push(`## Build (${b.coldRunsMs.length} runs)`);
    out.push('');
    out.push(`Cold (\`pnpm run build --force\`): ${b.coldRunsMs.map((x) => fmtSec(x)).join(', ')}${b.tasks ? ` (${b.tasks})` : ''}. Cache hit (\`pnpm run build\`): ${b.hitRunsMs.map((x) => fmtSec(x)).join(', ')}.${b.failures.length ? ` Problems: ${b.failures.join('; ')}` : ''}`);
    out.push('');
  }
  const prof = suites.profile;
  if (prof && !prof.failed) {
    out.push('## Where the stub spends its time (CPU profile during the load, self time by package or stub module)');
    out.push('');
    for (const [op, p] of Object.entries(prof)) {
      // Runs saved before the load window was recorded summed the whole process, with no answer count.
      const perAnswer = p.cpuUsPerAnswer ? (share) => (p.cpuUsPerAnswer * share / 100).toFixed(1) : undefined;
      const heading = p.answers
        ? `${fmtInt(p.busyMs)} ms busy during the load, ${fmtInt(p.answers)} answers, ${fmtInt(p.cpuUsPerAnswer)} µs CPU per answer; whole process ${fmtInt(p.wholeBusyMs)} ms busy`
        : `${fmtInt(p.busyMs)} ms busy`;
      out.push(`### ${op} (${heading}; profile: ${p.file})`);
      out.push('');
      const table = (title, rows) =>
        mdTable([title, 'self ms', ...(perAnswer ? ['CPU µs / answer'] : []), 'share'], rows.map((b) => [b.name, fmtInt(b.ms), ...(perAnswer ? [perAnswer(b.share)] : []), `${b.share}%`]));
      out.push(table('package / module', p.byPackage));
      out.push('');
      out.push(table('hottest functions', p.byFunction.slice(0, 10)));
      out.push('');
    }
  }
  const failed = Object.entries(suites).filter(([, v]) => v?.failed);
  if (failed.length) {
    out.push('## Failed suites');
    out.push('');
    for (const [k, v] of failed) out.push(`- ${k}: ${String(v.failed).split('\n')[0]}`);
    out.push('');
  }
  out.push('How each figure is measured: bench/README.md.');
  out.push('');
  return out.join('\n');
}
