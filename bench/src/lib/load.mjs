// One bounded autocannon run (programmatic API) against a server on 127.0.0.1, with the server's
// CPU time read from /proc around it, so a figure says whether the server or the load generator
// was the one using the core.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { HOST } from './net.mjs';

const TICKS = 100; // USER_HZ on Linux

/** utime + stime of a process in ms (undefined when /proc is unavailable). */
export function cpuMsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
  } catch {
    return undefined;
  }
}

/** Resident set size (and its peak) of a process in bytes, from /proc/PID/status. */
export function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/**
 * Runs autocannon for `durationSec` (or `amount` requests) with `connections` connections and
 * the given `requests` (see signed-pool.mjs). `onInstance` receives the autocannon instance
 * (to stop it early). Resolves a summary.
 */
export function runLoad({ port, pid, connections, durationSec, amount, requests, onInstance }) {
  return new Promise((resolve, reject) => {
    const cpu0 = pid ? cpuMsOf(pid) : undefined;
    const self0 = process.cpuUsage();
    const hard = setTimeout(() => instance?.stop(), (durationSec ?? 60) * 1000 + 30_000); // never hangs
    const opts = {
      url: `http://${HOST}:${port}`,
      connections,
      pipelining: 1,
      timeout: 10,
      requests,
      ...(amount ? { amount } : { duration: durationSec }),
    };
    const instance = autocannon(opts, (error, result) => {
      clearTimeout(hard);
      if (error) return reject(error);
      const cpu1 = pid ? cpuMsOf(pid) : undefined;
      const self = process.cpuUsage(self0);
      const seconds = result.duration;
      const ok = result['2xx'] ?? result.requests.total - result.non2xx;
      resolve({
        seconds,
        requests: result.requests.total,
        ok,
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
        rps: result.requests.total / seconds,
        okRps: ok / seconds,
        p50: result.latency.p50,
        p90: result.latency.p90,
        p99: result.latency.p99,
        max: result.latency.max,
        meanLatency: result.latency.average,
        bytesPerResponse: result.requests.total ? result.throughput.total / result.requests.total : 0,
        serverCpu: cpu0 !== undefined && cpu1 !== undefined ? (cpu1 - cpu0) / 1000 / seconds : undefined,
        loaderCpu: (self.user + self.system) / 1e6 / seconds,
        statusCodes: result.statusCodeStats,
      });
    });
    onInstance?.(instance);
  });
}
