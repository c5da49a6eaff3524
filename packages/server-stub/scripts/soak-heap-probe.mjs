// Preloaded into the soaked stub by scripts/soak.mjs (node --expose-gc --import …): every
// SOAK_PROBE_MS it runs a full garbage collection and writes the heap still in use to stderr, so
// the soak can tell memory that is kept from garbage not yet collected (the RSS alone wobbles by
// tens of MB with the collector). It touches nothing else in the process.
const every = Number(process.env.SOAK_PROBE_MS ?? 3000);
if (typeof globalThis.gc === 'function' && every > 0) {
  setInterval(() => {
    globalThis.gc();
    const { heapUsed, rss } = process.memoryUsage();
    process.stderr.write(`soak-heap ${Date.now()} ${heapUsed} ${rss}\n`);
  }, every).unref();
}
