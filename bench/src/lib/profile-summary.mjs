// The self time of a V8 CPU profile (.cpuprofile), summed by package or stub module.
// A profile names each function by its script's URL, line and column. The stub's CLI is one
// esbuild bundle (dist/cli.js), so its script URL alone would put nearly all the time on "cli":
// a frame of a script that has a source map (the bundle, tsc's output) is first taken back through
// it to the file it came from (ajv's module, the stub's src/state/region.ts, ...), then bucketed.
import { readFileSync, statSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A readable bucket for a source file: its package under node_modules, a workspace package's
 * module (`@jdcloud-vm/server-stub: state/region`, the same from dist/*.js as from src/*.ts, so two
 * builds compare), a node internal, or the path itself.
 */
export function bucketOfPath(path) {
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + '/node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const pkg = /packages\/([^/]+)\/(?:dist|src)\/(.+)\.[cm]?[jt]s$/.exec(path);
  if (pkg) return `@jdcloud-vm/${pkg[1]}: ${pkg[2]}`;
  const spec = /(?:^|\/)spec\/lib\/(.+)\.[cm]?js$/.exec(path);
  if (spec) return `@jdcloud-vm/spec: ${spec[1]}`;
  if (path.startsWith('node:')) return `node: ${path.slice(5).split('/').slice(0, 3).join('/')}`;
  return path;
}

/** The bucket of a frame without a source file: GC, idle, V8 builtins. */
function bucketOfNative(functionName) {
  if (functionName === '(garbage collector)') return '(garbage collector)';
  if (functionName === '(idle)' || functionName === '(program)') return functionName;
  return '(native / V8 builtins)';
}

const MAPPING_URL = '//# sourceMappingURL=';

/**
 * The source map of a script on disk, or undefined: the file named by its last
 * `//# sourceMappingURL=` comment (relative to the script) or an inline data: URL.
 * Scripts under node_modules are left as they are (their package is the bucket either way).
 */
function readSourceMap(path, profiledAt) {
  if (path.includes('/node_modules/')) return undefined;
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  // A script rebuilt since the profile was written maps other code: its map would blame the
  // wrong files, silently. (The suite sums a profile as soon as it is written.)
  if (profiledAt !== undefined && statSync(path).mtimeMs > profiledAt) {
    throw new Error(`${path} was built after the profile was taken: sum the profile against the build that made it`);
  }
  const at = text.lastIndexOf(MAPPING_URL);
  if (at < 0) return undefined;
  const ref = text.slice(at + MAPPING_URL.length).split(/\s/, 1)[0];
  try {
    const inline = /^data:application\/json[^,]*;base64,(.*)$/.exec(ref);
    const mapPath = inline ? path : resolve(dirname(path), decodeURIComponent(ref));
    const payload = JSON.parse(inline ? Buffer.from(inline[1], 'base64').toString('utf8') : readFileSync(mapPath, 'utf8'));
    return { map: new SourceMap(payload), base: resolve(dirname(mapPath), payload.sourceRoot ?? '') };
  } catch {
    return undefined;
  }
}

/**
 * A function from a profile frame's (url, lineNumber, columnNumber) to where its code came from:
 * `{ path, line }` (line 0-based), through the script's source map when it has one, else the
 * script itself. Each script's map is read once. `profiledAt` (ms since the epoch, the profile
 * file's time): a script changed after it is refused.
 */
export function frameOrigins({ profiledAt } = {}) {
  const maps = new Map();
  return function originOf({ url, lineNumber, columnNumber }) {
    const path = url.startsWith('file://') ? fileURLToPath(url) : url;
    if (!path.startsWith('/')) return { path, line: lineNumber };
    if (!maps.has(path)) maps.set(path, readSourceMap(path, profiledAt));
    const sm = maps.get(path);
    if (!sm) return { path, line: lineNumber };
    // Node 20's findEntry takes and returns 0-based lines and columns, as the profile's are;
    // a position before any mapping (esbuild's runtime helpers, the banner) gives {}.
    const entry = sm.map.findEntry(lineNumber, columnNumber);
    if (entry.originalSource === undefined) return { path, line: lineNumber };
    const source = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : resolve(sm.base, entry.originalSource);
    return { path: source, line: entry.originalLine };
  };
}

/**
 * Self time by bucket and by function of a parsed .cpuprofile, idle time left out. `top` limits
 * each ranking; `profiledAt` as frameOrigins'; `window` ({ fromUs, toUs }, on the profile's clock: CLOCK_MONOTONIC in µs on
 * Linux, as `process.hrtime.bigint() / 1000n` of any process) keeps only the samples taken in it.
 */
export function summarizeCpuProfile(profile, { top = 15, window, profiledAt } = {}) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (window && (at < window.fromUs || at > window.toUs)) continue;
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + delta);
  }
  const originOf = frameOrigins({ profiledAt });
  let total = 0;
  const buckets = new Map();
  const functions = new Map();
  for (const [id, us] of self) {
    const { callFrame } = byId.get(id);
    if (callFrame.functionName === '(idle)') continue;
    total += us;
    let bucket;
    let line = callFrame.lineNumber;
    if (callFrame.url) {
      const origin = originOf(callFrame);
      bucket = bucketOfPath(origin.path);
      line = origin.line;
    } else {
      bucket = bucketOfNative(callFrame.functionName);
    }
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + us);
    const fn = `${callFrame.functionName || '(anonymous)'} ${bucket}:${line + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  }
  const rank = (map) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: Math.round(us / 1000), share: Math.round((us / total) * 1000) / 10 }));
  return { busyMs: Math.round(total / 1000), byPackage: rank(buckets), byFunction: rank(functions) };
}

/** summarizeCpuProfile of a .cpuprofile file, against the scripts as they were when it was written. */
export function summarizeProfile(file, options) {
  return summarizeCpuProfile(JSON.parse(readFileSync(file, 'utf8')), { profiledAt: statSync(file).mtimeMs, ...options });
}
