// The build: `pnpm run build --force` at the root (turbo's cache bypassed: every package built),
// then `pnpm run build` again (every task a turbo cache hit). Runs alternate cold, hit; medians.
import { runCommand } from '../lib/proc.mjs';
import { ROOT } from '../lib/servers.mjs';
import { median } from '../lib/stats.mjs';

const ENV = { TURBO_TELEMETRY_DISABLED: '1', REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', FORCE_COLOR: '0' };

export async function buildSuite(cfg, log) {
  const cold = [];
  const hit = [];
  const failures = [];
  let tasks;
  for (let run = 0; run < cfg.buildRuns; run++) {
    const c = await runCommand('pnpm', ['run', 'build', '--force'], { cwd: ROOT, env: ENV, timeoutMs: 900_000 });
    if (c.code !== 0) {
      failures.push(`cold build exited ${c.code}: ${c.output.slice(-1500)}`);
      log(`  cold build FAILED (exit ${c.code})`);
      break;
    }
    cold.push(c.ms);
    tasks = /Tasks:\s+(\d+ successful, \d+ total)/.exec(c.output)?.[1] ?? tasks;
    const h = await runCommand('pnpm', ['run', 'build'], { cwd: ROOT, env: ENV, timeoutMs: 300_000 });
    if (h.code !== 0) {
      failures.push(`cached build exited ${h.code}: ${h.output.slice(-1500)}`);
      break;
    }
    const cached = /Cached:\s+(\d+ cached, \d+ total)/.exec(h.output)?.[1];
    const full = /FULL TURBO/.test(h.output);
    if (!full) failures.push(`the second build was not all cache hits (${cached ?? 'no summary'})`);
    hit.push(h.ms);
    log(`  run ${run + 1}: cold ${(c.ms / 1000).toFixed(1)} s (${tasks ?? '?'}), cache hit ${(h.ms / 1000).toFixed(2)} s (${cached ?? '?'}${full ? ', FULL TURBO' : ''})`);
  }
  return { coldMs: median(cold), hitMs: median(hit), coldRunsMs: cold.map(Math.round), hitRunsMs: hit.map(Math.round), tasks, failures };
}
