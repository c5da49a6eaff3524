// For EVERY operation of the bundle: the request as our client writes it (the document's example
// body, the query parameters' examples, real ids in the path), and the same request as other
// clients write it, must get the same answer (status, and error class and message when refused):
//
// - Python SDK style: the path parameters repeated in the body, every optional field the
//   request leaves out sent as null (nested ones too), JSON with ", " and ": " separators and
//   \uXXXX escapes, query booleans as Python's str() writes them (True / False);
// - the pages' style: every name, in the body at every depth and in the query (indexed keys
//   included), with its first letter in upper case (`KeyName`, `InstanceSpec`, `Filters.1.Name`).
//
// On a default stub and on a strict one (neither style has a name the document lacks). The state
// is put back after every request, so each meets the same world.
import { createVmClient } from '@jdcloud-vm/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, type RunningStub, startStub } from '../src/index.js';
import { pathOf } from './reliability/mutations.js';
import { type OperationModel, type Schema, flatten, operations, sampleValue } from './reliability/spec-model.js';
import { type WireRequest, closeAgents, send } from './reliability/wire.js';
import { type World, buildWorld, pathValues } from './reliability/world.js';

const TRANSITION_MS = 1000;
const JSON_HEADERS = { 'content-type': 'application/json' };

interface Target {
  stub: RunningStub;
  world: World;
  baseline: string;
}

async function startTarget(strict: boolean): Promise<Target> {
  const clock = new ManualClock(Date.now());
  const stub = await startStub({ port: 0, logLevel: 'silent', docsDir: false, clock, transitionMs: TRANSITION_MS, strict });
  const vm = createVmClient({ endpoint: stub.url, accessKeyId: 'x', secretAccessKey: 'x', regionId: 'cn-north-1', retry: false });
  const world = await buildWorld(stub, vm, clock, TRANSITION_MS, 'default', strict ? 'str' : 'len');
  return { stub, world, baseline: JSON.stringify(stub.store.toJSON()) };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const capitalised = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** Every key at every depth with its first letter in upper case. */
function recase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(recase);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [capitalised(key), recase(item)]));
}

/** The value with every optional property its schema has and it lacks set to null, at every depth. */
function withNulls(value: unknown, schema: Schema): unknown {
  if (Array.isArray(value) && schema.items) return value.map((item) => withNulls(item, flatten(schema.items)));
  if (!isObject(value) || !schema.properties) return value;
  const out: Record<string, unknown> = {};
  for (const [name, node] of Object.entries(schema.properties)) {
    if (value[name] !== undefined) out[name] = withNulls(value[name], flatten(node));
    else if (!schema.required?.includes(name)) out[name] = null;
  }
  return out;
}

/** JSON as Python's json.dumps writes it: ", " and ": " separators, anything beyond ASCII as \uXXXX. */
function pythonJson(value: unknown): string {
  const text = (t: string) => JSON.stringify(t).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (isObject(value)) return `{${Object.entries(value).map(([key, item]) => `${text(key)}: ${pythonJson(item)}`).join(', ')}}`;
  return typeof value === 'string' ? text(value) : JSON.stringify(value);
}

/** The query of the reference request: a value for every query parameter (the document's example first), indexed ones flattened. */
function queryPairs(op: OperationModel, style: 'ours' | 'python' | 'recased'): string {
  const pairs: Array<[string, string]> = [];
  const flat = (prefix: string, value: unknown) => {
    if (Array.isArray(value)) value.forEach((item, i) => flat(`${prefix}.${i + 1}`, item));
    else if (isObject(value)) for (const [key, item] of Object.entries(value)) flat(`${prefix}.${style === 'recased' ? capitalised(key) : key}`, item);
    else pairs.push([prefix, style === 'python' && typeof value === 'boolean' ? capitalised(String(value)) : String(value)]);
  };
  for (const param of op.query) {
    const name = style === 'recased' ? capitalised(param.name) : param.name;
    const value = param.example ?? sampleValue(param.schema);
    if (param.indexed) flat(name, value);
    else pairs.push([name, style === 'python' && typeof value === 'boolean' ? capitalised(String(value)) : String(value)]);
  }
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

function requestsFor(op: OperationModel, target: Target): Record<'ours' | 'python' | 'recased', WireRequest> {
  const values = pathValues(target.world, op);
  const path = pathOf(op, values);
  const request = (style: 'ours' | 'python' | 'recased', body: string | undefined): WireRequest => {
    const query = queryPairs(op, style);
    return { method: op.method, path, ...(query ? { query } : {}), ...(body !== undefined ? { headers: JSON_HEADERS, body } : {}) };
  };
  const example = op.body?.example;
  const pathInBody = Object.fromEntries(op.pathParams.map((p) => [p.name, values[p.name]]));
  return {
    ours: request('ours', example && JSON.stringify(example)),
    python: request('python', op.body ? pythonJson({ ...pathInBody, ...(withNulls(example ?? {}, op.body.schema) as object) }) : undefined),
    recased: request('recased', example && JSON.stringify(recase(example))),
  };
}

interface Answer {
  status: number;
  error?: unknown;
  warnings?: string | string[];
}

async function answer(target: Target, request: WireRequest): Promise<Answer> {
  const response = await send(target.stub.port, request);
  const json = JSON.parse(response.text) as { error?: unknown };
  target.stub.store.load(JSON.parse(target.baseline));
  return { status: response.status, ...(json.error ? { error: json.error } : {}), ...(response.headers['x-jdcloud-stub-warnings'] ? { warnings: response.headers['x-jdcloud-stub-warnings'] } : {}) };
}

describe('every operation answers other clients\' styles as it answers ours', () => {
  const targets: Record<string, Target> = {};
  let passing = 0;
  beforeAll(async () => {
    [targets.default, targets.strict] = await Promise.all([startTarget(false), startTarget(true)]);
  });
  afterAll(async () => {
    closeAgents();
    await Promise.all(Object.values(targets).map((t) => t.stub.close()));
    console.log(`reliability-client-styles: ${passing} of ${operations.length * 2} reference requests answered 2xx`);
  });

  for (const op of operations) {
    it(op.id, async () => {
      for (const [mode, target] of Object.entries(targets)) {
        const requests = requestsFor(op, target);
        const ours = await answer(target, requests.ours);
        if (ours.status < 300) passing += 1;
        expect(ours.warnings, `${mode}: our own request has warnings`).toBeUndefined();
        for (const style of ['python', 'recased'] as const) {
          expect(await answer(target, requests[style]), `${mode} stub, ${style} style: ${requests[style].query ?? ''} ${String(requests[style].body ?? '').slice(0, 400)}`).toEqual(ours);
        }
      }
    });
  }
});
