// Scaffolds one operation of the VM API through every place it must reach, then says what is left:
//
//   spec/paths/<Group>/<operationId>.yaml   the operation, its method, path and parameters exact
//                                          (from the reference pack when it has the operation),
//                                          every text a bilingual placeholder that `pnpm lint`
//                                          (jdcloud/no-placeholders) refuses until it is written
//   spec/openapi.yaml                      the path entry
//   spec/dist/                             the committed bundle, rebundled with the operation in it
//   (error responses)                      spec/scripts/refresh-error-examples.mjs, from the page's
//                                          error table when the pack has one
//   packages/server-stub/src/domain/<module>/<operationId>.ts
//                                          a typed handler stub, deliberately not registered: once
//                                          the client is regenerated, the stub's build fails
//                                          (domain/index.ts names the operation) until it is
//   packages/contract/test/flows/pending/<operationId>.ts
//                                          the contract cases to write (a success and an error);
//                                          contract.test.ts runs every file of that folder, and its
//                                          coverage check fails until both are written
//
//   pnpm new-operation <operationId> [--dry-run] [--root <repository>] [--reference <operations.json>]
//                                    [--group <Group> --method <METHOD> --path <template>]
//
// --dry-run prints what would be written and changes nothing. Without the reference pack (or for
// an operation it lacks) --group, --method and --path give the facts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PLACEHOLDER = 'TODO(new-operation)';
const PLACEHOLDER_ZH = 'TODO(new-operation)：待补充中文说明';

/** Group (spec tag) → the stub's domain module folder. */
const MODULES = {
  Instance: 'instance',
  Image: 'image',
  InstanceTemplate: 'template',
  InstanceType: 'instance-type',
  Keypair: 'keypair',
  Quota: 'quota',
};

const SHARED_ERRORS = {
  400: 'BadRequest',
  401: 'Unauthorized',
  404: 'NotFound',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};

function parseArgs(argv) {
  const options = { dryRun: false };
  const positional = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--dry-run') options.dryRun = true;
    else if (arg.startsWith('--')) {
      const value = argv[i + 1];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      options[arg.slice(2)] = value;
      i += 1;
    } else positional.push(arg);
  }
  if (positional.length !== 1) throw new Error('usage: pnpm new-operation <operationId> [--dry-run] [--root <dir>] [--reference <operations.json>]');
  options.operationId = positional[0];
  return options;
}

/** The facts of the operation: the reference pack's entry, or the flags. */
function factsOf(options, root) {
  const referenceFile = options.reference ?? join(root, '..', 'shared', 'reference', 'jdcloud-vm', 'operations.json');
  const fromPack = existsSync(referenceFile)
    ? JSON.parse(readFileSync(referenceFile, 'utf8')).find((op) => op.operationId === options.operationId)
    : undefined;
  const facts = fromPack ?? { operationId: options.operationId, pathParams: [], queryParams: [], bodyParams: [], result: [] };
  facts.group = options.group ?? facts.group;
  facts.method = (options.method ?? facts.method)?.toUpperCase();
  facts.path = options.path ?? facts.path;
  if (!facts.group || !facts.method || !facts.path) {
    throw new Error(`${options.operationId}: not in ${referenceFile}; give --group, --method and --path`);
  }
  if (!MODULES[facts.group]) throw new Error(`unknown group ${facts.group} (one of ${Object.keys(MODULES).join(', ')})`);
  if (!fromPack) {
    const names = [...facts.path.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]);
    facts.pathParams = names.map((name) => ({ name, type: 'string', required: true }));
  }
  return { facts, fromPack: fromPack !== undefined, referenceFile };
}

const text = (en = PLACEHOLDER, zh = PLACEHOLDER_ZH) => ({ description: en, 'x-description-zh': zh });

/** A schema for one parameter or field of the pack: its type and limits, a placeholder text. */
function schemaOf(param) {
  const type = param.type === 'number' && param.name.toLowerCase().includes('count') ? 'integer' : param.type ?? 'string';
  const schema = { type };
  if (type === 'array') schema.items = param.items?.type && param.items.type !== 'object' ? { type: param.items.type } : { type: 'object', ...text() };
  if (type === 'object') Object.assign(schema, text());
  for (const key of ['enum', 'default', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern']) {
    if (param[key] !== null && param[key] !== undefined) schema[key] = param[key];
  }
  return schema;
}

function specOperation(facts, root) {
  const parameters = [];
  for (const param of facts.pathParams) {
    const shared = join(root, 'spec', 'components', 'parameters', `${param.name}.yaml`);
    parameters.push(
      existsSync(shared)
        ? { $ref: `../../components/parameters/${param.name}.yaml` }
        : { name: param.name, in: 'path', required: true, ...text(), schema: schemaOf(param) },
    );
  }
  for (const param of facts.queryParams) {
    const shared = join(root, 'spec', 'components', 'parameters', `${param.name}.yaml`);
    if (existsSync(shared)) {
      parameters.push({ $ref: `../../components/parameters/${param.name}.yaml` });
      continue;
    }
    const entry = { name: param.name, in: 'query', required: Boolean(param.required), ...text(), schema: schemaOf(param) };
    // Lists travel in JD Cloud's indexed form (filters.1.name=...).
    if (entry.schema.type === 'array') Object.assign(entry, { style: 'form', explode: true, 'x-jdcloud-encoding': 'indexed' });
    if (param.name === 'filters') entry.schema = { type: 'array', items: { $ref: '../../components/schemas/Filter.yaml' } };
    parameters.push(entry);
  }
  const operation = {
    operationId: facts.operationId,
    tags: [facts.group],
    summary: PLACEHOLDER,
    'x-summary-zh': PLACEHOLDER_ZH,
    ...text(),
    parameters,
  };
  if (facts.bodyParams.length > 0) {
    const required = facts.bodyParams.filter((p) => p.required).map((p) => p.name);
    operation.requestBody = {
      required: required.length > 0,
      ...text(),
      content: {
        'application/json': {
          schema: {
            type: 'object',
            // Unknown fields are dropped with a warning by the stub's lenient reading, as elsewhere.
            additionalProperties: false,
            ...(required.length > 0 ? { required } : {}),
            properties: Object.fromEntries(facts.bodyParams.map((p) => [p.name, { ...schemaOf(p), ...text() }])),
          },
        },
      },
    };
  }
  const envelope =
    facts.result.length === 0
      ? { $ref: '../../components/schemas/EmptyResultEnvelope.yaml' }
      : {
          type: 'object',
          required: ['requestId', 'result'],
          properties: {
            requestId: { $ref: '../../components/schemas/RequestId.yaml' },
            result: {
              type: 'object',
              ...text(),
              properties: Object.fromEntries(facts.result.map((p) => [p.name, { ...schemaOf(p), ...text() }])),
            },
          },
        };
  operation.responses = {
    200: {
      ...text(),
      headers: { 'x-jdcloud-request-id': { $ref: '../../components/headers/x-jdcloud-request-id.yaml' } },
      content: { 'application/json': { schema: envelope } },
    },
    ...Object.fromEntries(
      Object.entries(SHARED_ERRORS)
        .filter(([status]) => status !== '404' || facts.pathParams.some((p) => p.name !== 'regionId'))
        .map(([status, name]) => [status, { $ref: `../../components/responses/${name}.yaml` }]),
    ),
  };
  return operation;
}

/** spec/openapi.yaml with the operation's path entry added (under its path, with its method). */
function withPathEntry(rootDoc, yaml, facts, file) {
  const doc = yaml.parseDocument(rootDoc);
  const paths = doc.get('paths');
  const method = facts.method.toLowerCase();
  const existing = paths.get(facts.path);
  if (existing?.get(method)) throw new Error(`spec/openapi.yaml already has ${facts.method} ${facts.path}`);
  if (existing) existing.set(method, doc.createNode({ $ref: file }));
  else {
    // After the last path of the same group, so the root reads group by group.
    const group = `paths/${facts.group}/`;
    const last = paths.items.findLastIndex((pair) => JSON.stringify(pair.value?.toJSON()).includes(group));
    const pair = doc.createPair(facts.path, { [method]: { $ref: file } });
    paths.items.splice(last === -1 ? paths.items.length : last + 1, 0, pair);
  }
  return doc.toString({ lineWidth: 0 });
}

function handlerStub(facts) {
  const id = facts.operationId;
  return `// ${id}: ${facts.method} ${facts.path}. Written by \`pnpm new-operation\`: write the rules its spec
// file states, then register it in ./index.ts (the build fails until an operation has a handler).
import { internal } from '../../http/errors.js';
import type { OperationContext, OperationResult } from '../types.js';

export function ${id}(ctx: OperationContext<'${id}'>): OperationResult<'${id}'> {
  throw internal(\`\${ctx.operationId} is scaffolded but not written yet.\`);
}
`;
}

function contractStub(facts) {
  const id = facts.operationId;
  return `// Contract cases of ${id}, written by \`pnpm new-operation\`. The contract's coverage check fails
// until ${id} is called successfully and answers a documented error; move these cases into the
// flow of their group once they are written.
import { it } from 'vitest';
import type { Harness } from '../../../src/harness.js';

export function flows(h: () => Harness): void {
  void h;
  it.todo('${id}: succeeds as its page describes, and the state changes as documented');
  it.todo('${id}: answers a documented error (a broken precondition or an unknown resource)');
}
`;
}

export function scaffold(argv, log = console.log) {
  const options = parseArgs(argv);
  const scriptRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const root = resolve(options.root ?? scriptRoot);
  const yaml = createRequire(join(scriptRoot, 'spec', 'package.json'))('yaml');
  const { facts, fromPack, referenceFile } = factsOf(options, root);
  const id = facts.operationId;
  if (!/^[a-z][A-Za-z0-9]*$/.test(id)) throw new Error(`"${id}" is not an operationId`);

  const specRel = join('paths', facts.group, `${id}.yaml`);
  const module = MODULES[facts.group];
  const files = new Map([
    [join(root, 'spec', specRel), yaml.stringify(specOperation(facts, root), { lineWidth: 0, version: '1.1' })],
    [join(root, 'spec', 'openapi.yaml'), withPathEntry(readFileSync(join(root, 'spec', 'openapi.yaml'), 'utf8'), yaml, facts, specRel)],
    [join(root, 'packages', 'server-stub', 'src', 'domain', module, `${id}.ts`), handlerStub(facts)],
    [join(root, 'packages', 'contract', 'test', 'flows', 'pending', `${id}.ts`), contractStub(facts)],
  ]);
  for (const [file] of files) {
    if (!file.endsWith('openapi.yaml') && existsSync(file)) throw new Error(`${relative(root, file)} exists already`);
  }

  const rel = (file) => relative(root, file);
  log(`${id}: ${facts.method} ${facts.path} (group ${facts.group}; facts from ${fromPack ? rel(referenceFile) : 'the flags'})`);
  for (const [file, content] of files) {
    log(`${options.dryRun ? 'would write' : 'wrote'} ${rel(file)}`);
    if (!options.dryRun) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
  }
  if (!options.dryRun && fromPack) {
    const refresh = spawnSync(process.execPath, [join(root, 'spec', 'scripts', 'refresh-error-examples.mjs'), referenceFile], { encoding: 'utf8' });
    if (refresh.status !== 0) throw new Error(`refresh-error-examples failed: ${refresh.stderr}`);
    log(`error responses: from the page's error table (${refresh.stdout.trim()})`);
  }
  if (!options.dryRun) {
    // The bundle is committed and the build does not rewrite it: the client is generated from it.
    const bundled = spawnSync(process.execPath, [join(root, 'spec', 'scripts', 'bundle.mjs')], { encoding: 'utf8' });
    if (bundled.status !== 0) throw new Error(`bundling the document failed: ${bundled.stderr}`);
    log(`spec/dist: ${bundled.stdout.trim()}`);
  }
  const left = [
    `spec/${specRel}: every ${PLACEHOLDER} (English and Chinese, in your own words): summary, description with the preconditions, parameters, result; x-jdcloud-preconditions / x-jdcloud-transition where they fit; a request and an answer example`,
    'pnpm --filter @jdcloud-vm/spec bundle && pnpm --filter @jdcloud-vm/client generate   (after every change to the spec file; commit spec/dist and the generated client; the stub then fails to build until the next step)',
    `packages/server-stub/src/domain/${module}/${id}.ts: the handler and its rules, then register it in src/domain/${module}/index.ts`,
    `packages/contract/test/flows/pending/${id}.ts: a success and an error case`,
    'packages/conformance/src/scenarios.ts: the call as the official SDKs make it, parameters from the page',
    'pnpm --filter @jdcloud-vm/spec lint   (jdcloud/no-placeholders lists what is still a placeholder)',
  ];
  log('left to do:');
  for (const step of left) log(`  - ${step}`);
  return { files: [...files.keys()].map(rel), facts };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    scaffold(process.argv.slice(2));
  } catch (error) {
    console.error(`new-operation: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
