// node --test: a profile of a bundled script is summed by the files the bundle came from
// (lib/profile-summary.mjs), through a small hand-made source map.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { bucketOfPath, summarizeCpuProfile, summarizeProfile } from './profile-summary.mjs';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 VLQ of one signed number, as source maps write it. */
function vlq(n) {
  let v = n < 0 ? (-n << 1) | 1 : n << 1;
  let out = '';
  do {
    let digit = v & 31;
    v >>>= 5;
    if (v > 0) digit |= 32;
    out += BASE64[digit];
  } while (v > 0);
  return out;
}

/**
 * The `mappings` of a source map from segments [generatedLine, generatedColumn, sourceIndex,
 * originalLine, originalColumn] (all 0-based), sorted by generated position.
 */
function mappingsOf(segments, lines) {
  let source = 0;
  let origLine = 0;
  let origColumn = 0;
  const out = [];
  for (let line = 0; line < lines; line++) {
    let column = 0;
    const parts = [];
    for (const [l, c, s, ol, oc] of segments.filter((seg) => seg[0] === line)) {
      parts.push(vlq(c - column) + vlq(s - source) + vlq(ol - origLine) + vlq(oc - origColumn));
      column = c;
      source = s;
      origLine = ol;
      origColumn = oc;
    }
    out.push(parts.join(','));
  }
  return out.join(';');
}

const root = mkdtempSync(join(tmpdir(), 'profile-summary-'));
after(() => rmSync(root, { recursive: true, force: true }));

// A bundle at packages/server-stub/dist/cli.js: line 0 is esbuild's banner (no mapping), line 1
// comes from ajv, line 2 from the stub's src/state/region.ts (line 42), line 3 from src/pipeline/respond.ts.
const dist = join(root, 'packages/server-stub/dist');
mkdirSync(dist, { recursive: true });
const bundleLines = [
  'const require = createRequire(import.meta.url);',
  'function validate(data) { return true; }',
  '  function regionOf(id) { return id; }',
  'function respond(res) { res.end(); }',
];
const sources = ['../../../node_modules/.pnpm/ajv@8.20.0/node_modules/ajv/lib/core.ts', '../src/state/region.ts', '../src/pipeline/respond.ts'];
const segments = [
  [1, 0, 0, 99, 0],
  [1, 9, 0, 99, 9],
  [2, 2, 1, 41, 0],
  [2, 11, 1, 41, 16],
  [3, 0, 2, 7, 0],
];
const map = { version: 3, sources, names: [], mappings: mappingsOf(segments, bundleLines.length) };
const bundle = join(dist, 'cli.js');
writeFileSync(bundle, `${bundleLines.join('\n')}\n//# sourceMappingURL=cli.js.map\n`);
writeFileSync(join(dist, 'cli.js.map'), JSON.stringify(map));

// The same code with its map inline, as a data: URL.
const inline = join(root, 'packages/client/dist/bundle.js');
mkdirSync(join(root, 'packages/client/dist'), { recursive: true });
writeFileSync(inline, `${bundleLines.join('\n')}\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`);

// tsc's output without a map and a script under node_modules: bucketed by their own path, as before.
const tscOut = join(root, 'packages/server-stub/dist/state/timeline.js');
mkdirSync(join(root, 'packages/server-stub/dist/state'), { recursive: true });
writeFileSync(tscOut, 'export function due() {}\n');
const prism = join(root, 'node_modules/@stoplight/prism-http/dist/router.js');

/** A profile whose nodes spend the given self time (µs), one sample each. */
function profileOf(frames) {
  const nodes = [{ id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1, columnNumber: -1 } }];
  const samples = [];
  const timeDeltas = [];
  for (const [i, f] of frames.entries()) {
    nodes.push({ id: i + 2, callFrame: { functionName: f.name, url: f.url ?? '', lineNumber: f.line ?? -1, columnNumber: f.column ?? -1 } });
    samples.push(i + 2);
    timeDeltas.push(f.us);
  }
  return { nodes, samples, timeDeltas, startTime: 0, endTime: 0 };
}

const url = (path) => pathToFileURL(path).href;

test('frames of a bundle are summed by the module or package each came from', () => {
  const summary = summarizeCpuProfile(
    profileOf([
      { name: 'validate', url: url(bundle), line: 1, column: 9, us: 5000 },
      { name: 'regionOf', url: url(bundle), line: 2, column: 11, us: 3000 },
      { name: 'regionOf', url: url(bundle), line: 2, column: 11, us: 1000 },
      { name: 'respond', url: url(bundle), line: 3, column: 7, us: 2000 },
      { name: '', url: url(bundle), line: 0, column: 0, us: 500 },
      { name: 'due', url: url(tscOut), line: 0, column: 7, us: 700 },
      { name: 'route', url: url(prism), line: 10, column: 2, us: 400 },
      { name: 'structuredClone', url: 'node:internal/structured_clone', line: 3, column: 0, us: 300 },
      { name: '(garbage collector)', us: 800 },
      { name: '(idle)', us: 100000 },
    ]),
  );
  assert.equal(summary.busyMs, 14);
  const byPackage = Object.fromEntries(summary.byPackage.map((b) => [b.name, b.ms]));
  assert.deepEqual(byPackage, {
    ajv: 5,
    '@jdcloud-vm/server-stub: state/region': 4,
    '@jdcloud-vm/server-stub: pipeline/respond': 2,
    '(garbage collector)': 1,
    '@jdcloud-vm/server-stub: state/timeline': 1,
    // the banner, before any mapping, stays with the bundle
    '@jdcloud-vm/server-stub: cli': 1,
    '@stoplight/prism-http': 0,
    'node: internal/structured_clone': 0,
  });
  const functions = summary.byFunction.map((f) => f.name);
  // lines are the original file's, 1-based as an editor shows them
  assert.ok(functions.includes('regionOf @jdcloud-vm/server-stub: state/region:42'), functions.join('\n'));
  assert.ok(functions.includes('validate ajv:100'), functions.join('\n'));
  assert.ok(functions.includes('respond @jdcloud-vm/server-stub: pipeline/respond:8'), functions.join('\n'));
  assert.ok(functions.includes('due @jdcloud-vm/server-stub: state/timeline:1'), functions.join('\n'));
});

test('an inline (data: URL) source map is read too', () => {
  const summary = summarizeCpuProfile(profileOf([{ name: 'regionOf', url: url(inline), line: 2, column: 11, us: 2000 }]));
  // the map's sources are relative to the script itself
  assert.deepEqual(summary.byPackage.map((b) => b.name), ['@jdcloud-vm/client: state/region']);
});

test('buckets: node_modules package, workspace module from dist or src, spec library, node internals', () => {
  assert.equal(bucketOfPath('/w/node_modules/.pnpm/ajv@8.20.0/node_modules/ajv/dist/core.js'), 'ajv');
  assert.equal(bucketOfPath('/w/node_modules/@types/node/x.d.ts'), '@types/node');
  assert.equal(bucketOfPath('/w/packages/server-stub/dist/state/region.js'), '@jdcloud-vm/server-stub: state/region');
  assert.equal(bucketOfPath('/w/packages/server-stub/src/state/region.ts'), '@jdcloud-vm/server-stub: state/region');
  assert.equal(bucketOfPath('/w/spec/lib/document.js'), '@jdcloud-vm/spec: document');
  assert.equal(bucketOfPath('node:internal/streams/readable'), 'node: internal/streams/readable');
  assert.equal(bucketOfPath('/elsewhere/tool.js'), '/elsewhere/tool.js');
});

test('a window keeps only the samples taken in it', () => {
  const profile = profileOf([
    { name: 'startUp', url: url(bundle), line: 1, column: 9, us: 4000 },
    { name: 'regionOf', url: url(bundle), line: 2, column: 11, us: 3000 },
    { name: 'respond', url: url(bundle), line: 3, column: 7, us: 2000 },
  ]);
  profile.startTime = 1_000_000;
  // samples at 1,004,000, 1,007,000 and 1,009,000 µs
  const summary = summarizeCpuProfile(profile, { window: { fromUs: 1_005_000, toUs: 1_010_000 } });
  assert.equal(summary.busyMs, 5);
  assert.deepEqual(summary.byPackage.map((b) => b.name), ['@jdcloud-vm/server-stub: state/region', '@jdcloud-vm/server-stub: pipeline/respond']);
  assert.equal(summarizeCpuProfile(profile).busyMs, 9);
});

test('a profile is not summed against a bundle rebuilt after it (its map would blame other files)', () => {
  const file = join(root, 'CPU.cpuprofile');
  writeFileSync(file, JSON.stringify(profileOf([{ name: 'regionOf', url: url(bundle), line: 2, column: 11, us: 2000 }])));
  const written = statSync(file).mtime;
  utimesSync(bundle, written, new Date(written.getTime() - 60_000));
  assert.deepEqual(summarizeProfile(file).byPackage.map((b) => b.name), ['@jdcloud-vm/server-stub: state/region']);
  utimesSync(bundle, written, new Date(written.getTime() + 60_000));
  assert.throws(() => summarizeProfile(file), /built after the profile/);
});
