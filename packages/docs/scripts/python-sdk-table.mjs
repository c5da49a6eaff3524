// Reads the official Python SDK (shared/vendor/jdcloud-sdk-python, beside the repository) and
// writes src/samples/python-sdk.json: for every vm request, its module, its request and
// parameters classes, the constructor's positional arguments in order and the setter of each
// optional one; for every model the SDK ships, its module and constructor arguments. The Python
// code samples are built from this table, so the docs build needs no copy of the SDK; the table
// is committed and `--check` (run by the tests when the SDK is there) fails when it is stale.
//   node scripts/python-sdk-table.mjs [--check] [--sdk DIR]
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'src', 'samples', 'python-sdk.json');
const args = process.argv.slice(2);
const check = args.includes('--check');
const sdkArg = args.indexOf('--sdk');
const sdk = sdkArg >= 0 ? args[sdkArg + 1] ?? '' : join(root, '..', '..', '..', 'shared', 'vendor', 'jdcloud-sdk-python');

/** The argument names of the first `def __init__(self, ...)` of a class, split into those without and with a default. */
function initArgs(/** @type {string} */ source, /** @type {string} */ className) {
  const at = source.indexOf(`class ${className}(`);
  if (at < 0) throw new Error(`class ${className} not found`);
  const m = /def __init__\(self,?([^)]*)\)/.exec(source.slice(at));
  if (!m) throw new Error(`${className}: no __init__`);
  const names = (m[1] ?? '').split(',').map((a) => a.trim()).filter(Boolean);
  return {
    required: names.filter((a) => !a.includes('=')),
    optional: names.filter((a) => a.includes('=')).map((a) => a.split('=')[0]?.trim() ?? ''),
  };
}

/** @param {string} dir @param {string} base */
const pyFiles = (dir, base) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.py') && f !== '__init__.py').map((f) => [f.slice(0, -3), base + f.slice(0, -3), join(dir, f)]) : []);

export function buildTable(/** @type {string} */ sdkDir) {
  const pkg = join(sdkDir, 'jdcloud_sdk');
  /** @type {Record<string, {module: string, request: string, parameters: string, required: string[], setters: Record<string, string>}>} */
  const requests = {};
  for (const [name, module, file] of pyFiles(join(pkg, 'services', 'vm', 'apis'), 'jdcloud_sdk.services.vm.apis.')) {
    if (!name?.endsWith('Request') || !module || !file) continue;
    const base = name.slice(0, -'Request'.length);
    const source = readFileSync(file, 'utf8');
    const parameters = `${base}Parameters`;
    const setters = Object.fromEntries(
      [...source.matchAll(/def (set\w+)\(self, (\w+)\)/g)].map((m) => [m[2] ?? '', m[1] ?? '']),
    );
    requests[base.charAt(0).toLowerCase() + base.slice(1)] = {
      module,
      request: name,
      parameters,
      required: initArgs(source, parameters).required,
      setters,
    };
  }
  /** @type {Record<string, {module: string, required: string[], optional: string[]}>} */
  const models = {};
  for (const service of readdirSync(join(pkg, 'services')).sort()) {
    for (const [name, module, file] of pyFiles(join(pkg, 'services', service, 'models'), `jdcloud_sdk.services.${service}.models.`)) {
      if (!name || !module || !file || models[name]) continue;
      models[name] = { module, ...initArgs(readFileSync(file, 'utf8'), name) };
    }
  }
  const sorted = (/** @type {Record<string, unknown>} */ o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
  return { requests: sorted(requests), models: sorted(models) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!existsSync(join(sdk, 'jdcloud_sdk'))) {
    console.error(`python-sdk-table: no SDK at ${sdk}`);
    process.exit(2);
  }
  const text = `${JSON.stringify(buildTable(sdk), null, 2)}\n`;
  if (check) {
    const current = existsSync(out) ? readFileSync(out, 'utf8') : '';
    if (current !== text) {
      console.error(`${relative(root, out)} is stale: run node scripts/python-sdk-table.mjs`);
      process.exit(1);
    }
    console.log(`${relative(root, out)} is up to date`);
  } else {
    writeFileSync(out, text);
    console.log(`wrote ${relative(root, out)}`);
  }
}
