// What the Python samples need to know of the official Python SDK: for every vm request, its
// module, its request and parameters classes, the constructor's positional arguments in order and
// the setter of each optional one; for every model the SDK ships, its module and constructor
// arguments. Read from the SDK itself when it is beside the repository (../shared/vendor), so
// the pages follow it; otherwise from python-sdk.json, the snapshot scripts/python-sdk-table.mjs
// writes from it (the tests compare the two whenever the SDK is there).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/**
 * @typedef {{ module: string, request: string, parameters: string, required: string[], setters: Record<string, string> }} PyRequest
 * @typedef {{ module: string, required: string[], optional: string[] }} PyModel
 * @typedef {{ requests: Record<string, PyRequest>, models: Record<string, PyModel> }} PythonSdk
 */

/** The official Python SDK in the shared folder beside the repository, where there is one. */
export const SHARED_PYTHON_SDK = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', '..', 'shared', 'vendor', 'jdcloud-sdk-python');
/** The committed snapshot. */
export const PYTHON_SDK_SNAPSHOT = join(dirname(fileURLToPath(import.meta.url)), 'python-sdk.json');

export const hasPythonSdk = (sdkDir = SHARED_PYTHON_SDK) => existsSync(join(sdkDir, 'jdcloud_sdk'));

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
const pyFiles = (dir, base) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.py') && f !== '__init__.py')
        .sort()
        .map((f) => /** @type {const} */ ([f.slice(0, -3), base + f.slice(0, -3), join(dir, f)]))
    : [];

/** Reads the table from an SDK checkout. */
export function readPythonSdk(sdkDir = SHARED_PYTHON_SDK) {
  const pkg = join(sdkDir, 'jdcloud_sdk');
  /** @type {Record<string, PyRequest>} */
  const requests = {};
  for (const [name, module, file] of pyFiles(join(pkg, 'services', 'vm', 'apis'), 'jdcloud_sdk.services.vm.apis.')) {
    if (!name.endsWith('Request')) continue;
    const base = name.slice(0, -'Request'.length);
    const source = readFileSync(file, 'utf8');
    const parameters = `${base}Parameters`;
    const setters = Object.fromEntries([...source.matchAll(/def (set\w+)\(self, (\w+)\)/g)].map((m) => [m[2] ?? '', m[1] ?? '']));
    requests[base.charAt(0).toLowerCase() + base.slice(1)] = {
      module,
      request: name,
      parameters,
      required: initArgs(source, parameters).required,
      setters,
    };
  }
  /** @type {Record<string, PyModel>} */
  const models = {};
  for (const service of readdirSync(join(pkg, 'services')).sort()) {
    for (const [name, module, file] of pyFiles(join(pkg, 'services', service, 'models'), `jdcloud_sdk.services.${service}.models.`)) {
      if (models[name]) continue;
      models[name] = { module, ...initArgs(readFileSync(file, 'utf8'), name) };
    }
  }
  const sorted = (/** @type {Record<string, unknown>} */ o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
  return /** @type {PythonSdk} */ ({ requests: sorted(requests), models: sorted(models) });
}

/** The table as the snapshot file holds it. */
export const snapshotText = (/** @type {PythonSdk} */ table) => `${JSON.stringify(table, null, 2)}\n`;

/** The SDK's table: read from the SDK when it is there, else the snapshot; `source` says which. */
export function pythonSdk() {
  if (hasPythonSdk()) return { table: readPythonSdk(), source: SHARED_PYTHON_SDK };
  return { table: /** @type {PythonSdk} */ (require(PYTHON_SDK_SNAPSHOT)), source: PYTHON_SDK_SNAPSHOT };
}
