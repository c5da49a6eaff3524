// How a browser bundle of the client is built and weighed, in one place for the size budget test,
// the headless browser test and the bench (which weighs the official SDK's VM module the same way):
// esbuild, bundled, minified, ESM, platform browser, es2022; gzip level 9.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/**
 * Bundles `contents` (an entry module's source, resolved from `resolveDir`) and returns the code,
 * its gzipped size, and the modules that put code into it (tree-shaken ones contribute 0 bytes).
 */
export async function browserBundle({ contents, resolveDir, loader = 'ts', plugins = [] }) {
  const result = await build({
    stdin: { contents, resolveDir, loader, sourcefile: `app.${loader}` },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins,
  });
  const code = result.outputFiles[0].text;
  const output = Object.values(result.metafile.outputs)[0];
  const inputs = Object.entries(output.inputs)
    .filter(([, info]) => info.bytesInOutput > 0)
    .map(([name]) => name);
  return { code, gzip: gzipSync(code, { level: 9 }).length, inputs };
}
