#!/usr/bin/env node
// dist/cli.js, the `jdcloud-vm-stub` command, as one ES module: esbuild bundles src/cli.ts with
// express, express-openapi-validator, ajv and the rest, over tsc's dist/cli.js (the other files of
// dist/, the programmatic API, stay tsc's). Node then reads one file instead of ~450 modules one by
// one (resolving, reading and compiling each): about a third of the stub's CPU time from spawn to
// its first answer (bench: `pnpm bench --only=startup`). It sits where tsc's cli.js did and keeps
// src/assets.ts as it is, so it finds the document, the catalog and control-api.yaml from dist/ as
// tsc's output does. Left outside: @jdcloud-vm/docs (its docsDir() is relative to its own file)
// and yaml (loaded on first use, as from dist/).
//
//   node scripts/build-cli.mjs        (after tsc; `pnpm build` runs both)
import { chmodSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { CLI_BUNDLE_OPTIONS } from './build-standalone.mjs';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

/** Bundles the CLI into `outfile` (default dist/cli.js), executable. Returns what it measured. */
export async function buildCli({ outfile = join(packageRoot, 'dist', 'cli.js') } = {}) {
  const started = performance.now();
  const result = await build({
    ...CLI_BUNDLE_OPTIONS,
    outfile,
    // Not minified, so esbuild only renames the top-level names that collide between modules
    // (\`fail\` → \`fail2\`); the names looked up at run time stay (the validator's
    // metadataMiddleware, in its module's own scope). keepNames would wrap ~2,400 functions and
    // classes in __name() for that: ~6.5 MiB more RSS from the start.
    keepNames: false,
    // Without the whitespace and the comments: V8 keeps a module's whole source in memory, and some
    // comments of the stub and its dependencies hold non-Latin-1 characters (→, “”), which make
    // V8 store the whole 2.7 MB text with two bytes per character (5.2 MiB of heap; 1.9 MiB
    // without them; ~4 MiB less RSS from the start). Names are not minified (see above); stack
    // traces map back to the sources with `node --enable-source-maps`.
    minifyWhitespace: true,
    // The source map (dist/cli.js.map, in place of tsc's) for `node --enable-source-maps dist/cli.js`.
    sourcemap: true,
    external: ['@jdcloud-vm/docs', 'yaml'],
  });
  chmodSync(outfile, 0o755);
  const inputs = Object.keys(result.metafile.inputs).length;
  return { outfile, bytes: statSync(outfile).size, inputs, ms: Math.round(performance.now() - started) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const built = await buildCli();
  const where = relative(process.cwd(), built.outfile) || built.outfile;
  console.log(`build-cli: ${where} ${(built.bytes / 1024 / 1024).toFixed(2)} MiB from ${built.inputs} modules in ${built.ms} ms`);
}
