// One code sample per language, each written from the operation's example request
// (./request.js): TypeScript with @jdcloud-vm/client, Node.js with the official jdcloud-sdk-js,
// Python with the official jdcloud_sdk, and curl against the local emulator.
import { encodeIndexedQuery, rfc3986 } from '@jdcloud-vm/client/query';
import { schemaProperties } from '@jdcloud-vm/spec';
import { jsLiteral, jsString, pyLiteral, pyString } from './literals.js';
import { MESSAGES } from './messages.js';
import { deref, schemaName } from './request.js';

/** Where every sample sends its request: the emulator started by `pnpm start`. */
export const EMULATOR = { scheme: 'http', host: '127.0.0.1:8000' };
export const EMULATOR_ORIGIN = `${EMULATOR.scheme}://${EMULATOR.host}`;
const BASE_PATH = '/v1';

/**
 * @typedef {import('./request.js').ExampleRequest} ExampleRequest
 * @typedef {import('./messages.js').Lang} Lang
 * @typedef {Record<string, any>} Node
 * @typedef {import('./python-sdk.js').PythonSdk} PythonSdk
 */

/** Every parameter of the call but `regionId` (the client's default): path, query and body side by side. */
function callArguments(/** @type {ExampleRequest} */ req) {
  /** @type {Record<string, unknown>} */
  const args = {};
  for (const p of [...req.pathParams, ...req.query]) if (p.name !== 'regionId') args[p.name] = p.value;
  return { ...args, ...req.body };
}

/** The first lines of a sample: the operation's summary, then what the sample uses, as comments. */
const heading = (/** @type {ExampleRequest} */ req, /** @type {Lang} */ lang, /** @type {string} */ what, comment = '//') =>
  [`${comment} ${req.summary[lang]}`, `${comment} ${MESSAGES[lang][what]}`];

export function typescript(/** @type {ExampleRequest} */ req, /** @type {Lang} */ lang) {
  const m = MESSAGES[lang];
  return [
    ...heading(req, lang, 'typescript'),
    `import { createVmClient } from '@jdcloud-vm/client';`,
    '',
    `const vm = createVmClient({`,
    `  // ${m.keys}`,
    `  accessKeyId: process.env.JDCLOUD_ACCESS_KEY_ID ?? '',`,
    `  secretAccessKey: process.env.JDCLOUD_SECRET_ACCESS_KEY ?? '',`,
    `  regionId: ${jsString(req.regionId ?? 'cn-north-1')},`,
    `  // ${m.endpoint}`,
    `  endpoint: ${jsString(EMULATOR_ORIGIN)},`,
    `});`,
    '',
    `// ${m.result}`,
    `const result = await vm.${req.operationId}(${jsLiteral(callArguments(req))});`,
    `console.log(result);`,
    '',
  ].join('\n');
}

export function node(/** @type {ExampleRequest} */ req, /** @type {Lang} */ lang) {
  const m = MESSAGES[lang];
  return [
    ...heading(req, lang, 'node'),
    `const VM = require('jdcloud-sdk-js/src/services/vm');`,
    '',
    `const vm = new VM({`,
    `  // ${m.keys}`,
    `  credentials: {`,
    `    accessKeyId: process.env.JDCLOUD_ACCESS_KEY_ID,`,
    `    secretAccessKey: process.env.JDCLOUD_SECRET_ACCESS_KEY,`,
    `  },`,
    `  regionId: ${jsString(req.regionId ?? 'cn-north-1')},`,
    `  // ${m.endpoint}`,
    `  endpoint: { host: ${jsString(EMULATOR.host)}, protocol: ${jsString(EMULATOR.scheme)} },`,
    `});`,
    '',
    `// ${m.result}`,
    `vm.${req.operationId}(${jsLiteral(callArguments(req))})`,
    `  .then((answer) => console.log(answer.result))`,
    `  .catch((error) => console.error(error));`,
    '',
  ].join('\n');
}

/** The properties a schema allows, following `$ref` and `allOf`. */
const properties = (/** @type {Node} */ doc, /** @type {unknown} */ schema) => /** @type {Record<string, unknown>} */ (schemaProperties(doc, schema));

/**
 * @param {ExampleRequest} req
 * @param {Lang} lang
 * @param {Node} doc
 * @param {PythonSdk} sdk
 */
export function python(req, lang, doc, sdk) {
  const m = MESSAGES[lang];
  const api = sdk.requests[req.operationId];
  if (!api) throw new Error(`${req.operationId}: the Python SDK table has no request for it`);
  /** @type {Map<string, Set<string>>} module → names */
  const imports = new Map([
    ['jdcloud_sdk.core.credential', new Set(['Credential'])],
    ['jdcloud_sdk.core.config', new Set(['Config'])],
    ['jdcloud_sdk.services.vm.client.VmClient', new Set(['VmClient'])],
    [api.module, new Set([api.parameters, api.request])],
  ]);
  /** @type {import('./literals.js').PyHooks} */
  const hooks = {
    // The SDK's model when the schema names one that takes exactly what the example gives.
    classFor(value, schema) {
      const name = schemaName(/** @type {Node | undefined} */ (schema));
      const model = name ? sdk.models[name] : undefined;
      if (!name || !model) return undefined;
      const accepted = new Set([...model.required, ...model.optional]);
      if (!Object.keys(value).every((k) => accepted.has(k)) || !model.required.every((k) => k in value)) return undefined;
      let names = imports.get(model.module);
      if (!names) imports.set(model.module, (names = new Set()));
      names.add(name);
      return name;
    },
    property: (schema, key) => properties(doc, schema)[key],
    items: (schema) => deref(doc, schema)?.items,
  };
  /** @type {Map<string, { value: unknown, schema: unknown }>} */
  const given = new Map();
  for (const p of [...req.pathParams, ...req.query]) given.set(p.name, { value: p.value, schema: p.schema });
  const bodyProps = properties(doc, req.bodySchema);
  for (const [k, v] of Object.entries(req.body ?? {})) given.set(k, { value: v, schema: bodyProps[k] });

  const positional = api.required.map((name) => {
    const g = given.get(name);
    return g === undefined ? 'None' : pyLiteral(g.value, '    ', hooks, g.schema);
  });
  const setters = [];
  for (const [name, g] of given) {
    if (api.required.includes(name)) continue;
    const setter = api.setters[name];
    if (!setter) throw new Error(`${req.operationId}: the Python SDK has no setter for ${name}`);
    setters.push(`parameters.${setter}(${pyLiteral(g.value, '', hooks, g.schema)})`);
  }
  const args = `${api.parameters}(${positional.join(', ')})`;
  const construct =
    args.length + 'parameters = '.length <= 80 && !args.includes('\n')
      ? `parameters = ${args}`
      : `parameters = ${api.parameters}(\n${positional.map((p) => `    ${p},`).join('\n')}\n)`;
  const importLines = [...imports].map(([module, names]) => `from ${module} import ${[...names].join(', ')}`);
  return [
    ...heading(req, lang, 'python', '#'),
    'import os',
    '',
    ...importLines,
    '',
    `# ${m.keys}`,
    `credential = Credential(os.environ['JDCLOUD_ACCESS_KEY_ID'], os.environ['JDCLOUD_SECRET_ACCESS_KEY'])`,
    `# ${m.endpoint}`,
    `client = VmClient(credential, Config(${pyString(EMULATOR.host)}, ${pyString(EMULATOR.scheme)}))`,
    '',
    construct,
    ...setters,
    '',
    `# ${m.result}`,
    `response = client.send(${api.request}(parameters))`,
    'print(response.request_id, response.error, response.result)',
    '',
  ].join('\n');
}

/** A shell word in single quotes. */
const shellQuote = (/** @type {string} */ s) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The URL of the example request: path values and query strictly encoded, lists in JD Cloud's indexed form. */
export function exampleUrl(/** @type {ExampleRequest} */ req, origin = EMULATOR_ORIGIN) {
  const values = new Map(req.pathParams.map((p) => [p.name, String(p.value)]));
  const path = req.path.replace(/\{([^}]+)\}/g, (_, name) => rfc3986(values.get(name) ?? ''));
  /** @type {Record<string, unknown>} */
  const query = {};
  for (const p of req.query) query[p.name] = p.value;
  const qs = encodeIndexedQuery(query, req.indexed);
  return `${origin}${BASE_PATH}${path}${qs ? `?${qs}` : ''}`;
}

export function curl(/** @type {ExampleRequest} */ req, /** @type {Lang} */ lang) {
  const lines = heading(req, lang, 'curl', '#');
  const url = shellQuote(exampleUrl(req));
  if (req.body === undefined) {
    lines.push(req.method === 'GET' ? `curl ${url}` : `curl -X ${req.method} ${url}`);
  } else {
    lines.push(`curl -X ${req.method} ${url} \\`, `  -H 'content-type: application/json' \\`, `  -d ${shellQuote(JSON.stringify(req.body, null, 2))}`);
  }
  return `${lines.join('\n')}\n`;
}
