// Bad requests generated from the bundle: for one operation, its valid request (the document's
// example body, real ids in the path) broken in one place at a time. Every request says whether
// it must be refused (a 4xx) or may pass (schema-valid garbage, e.g. a 5,000-character free-text
// filter): the caller checks the answer either way.
import { rfc3986 as strictRfc3986 } from '@jdcloud-vm/client/query';
import type { Rng } from './random.js';
import { BASE_PATH, type OperationModel, type ParamModel, type Schema, flatten, operations, sampleValue } from './spec-model.js';
import type { WireRequest } from './wire.js';

export interface BadRequest extends WireRequest {
  op: string;
  /** Category, e.g. `body.wrong-type`. */
  kind: string;
  /** Where: the field, the parameter, the variant. */
  detail: string;
  /** A 2xx is acceptable too (the request is valid after all); otherwise a 4xx is required. */
  mayPass?: boolean;
  /**
   * Its only fault is a name the document does not have (a body field, a query parameter): a
   * stub in strict mode refuses it, any other ignores the name with a warning (then a 2xx is
   * acceptable, and the answer carries `x-jdcloud-stub-warnings`).
   */
  unknownOnly?: boolean;
}

/** Real, valid values for the path parameters (unencoded), by name. */
export type PathValues = Record<string, string>;

/** RFC 3986 encoding that also takes lone surrogates (as the bytes of U+FFFD, as a browser would). */
function rfc3986(text: string): string {
  try {
    return strictRfc3986(text);
  } catch {
    return [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
}

/** Text spliced into the JSON as is (numbers JSON.stringify cannot write) or raw bytes (invalid UTF-8). */
class Raw {
  constructor(readonly bytes: Buffer) {}
}
const raw = (text: string | Buffer) => new Raw(Buffer.isBuffer(text) ? text : Buffer.from(text, 'latin1'));

/** JSON with Raw pieces spliced in. */
export function serialize(value: unknown): Buffer {
  const pieces: Raw[] = [];
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Raw) {
      pieces.push(v);
      return `\u0000RAW${pieces.length - 1}\u0000`;
    }
    return v;
  });
  if (pieces.length === 0) return Buffer.from(text, 'utf8');
  const out: Buffer[] = [];
  const re = /"\\u0000RAW(\d+)\\u0000"/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(Buffer.from(text.slice(last, m.index), 'utf8'), (pieces[Number(m[1])] as Raw).bytes);
    last = m.index + m[0].length;
  }
  out.push(Buffer.from(text.slice(last), 'utf8'));
  return Buffer.concat(out);
}

type Segment = string | number;
const DELETE = Symbol('delete');

/** A copy of `body` with the value at `at` replaced (or deleted); own properties even for `__proto__`. */
function withValue(body: unknown, at: readonly Segment[], value: unknown): unknown {
  if (at.length === 0) return value;
  const copy = cloneJson(body);
  let target = copy as Record<string | number, unknown>;
  for (const segment of at.slice(0, -1)) target = target[segment] as Record<string | number, unknown>;
  const last = at[at.length - 1] as Segment;
  if (value === DELETE) delete target[last];
  else Object.defineProperty(target, last, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Deep copy that keeps own `__proto__` keys and Raw pieces. */
function cloneJson(value: unknown): unknown {
  if (value instanceof Raw || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(cloneJson);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    Object.defineProperty(out, key, {
      value: cloneJson((value as Record<string, unknown>)[key]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

const fieldName = (at: readonly Segment[]) =>
  at.reduce<string>((acc, s) => (typeof s === 'number' ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '') || '(body)';

function typeOf(schema: Schema): string | undefined {
  return schema.type ?? (schema.properties ? 'object' : schema.items ? 'array' : undefined);
}

/** Values of another JSON type than the schema's. */
function wrongTypes(schema: Schema): unknown[] {
  switch (typeOf(schema)) {
    case 'string':
      return [12345, true, null, {}, ['x'], -1.5];
    case 'integer':
      return ['7', 1.5, true, null, {}, [1]];
    case 'number':
      return ['7', true, null, {}, [1]];
    case 'boolean':
      return ['true', 1, 0, null, {}];
    case 'array':
      return ['x', {}, 1, null, true];
    case 'object':
      return ['x', [], 1, null, true];
    default:
      return [];
  }
}

const PATTERN_BREAKERS = ['', 'UPPER CASE', '../../etc/passwd', 'x y', '\u0000', 'é', '%2F..', 'a'.repeat(300), '-', 'i-'];

/** Values that break the schema's constraints (never valid): enum, pattern, lengths, range, item count. */
function constraintBreakers(schema: Schema): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  const type = typeOf(schema);
  if (schema.enum && type === 'string') out.push(['enum', 'not-in-the-enum']);
  if (schema.pattern && type === 'string' && !schema.enum) {
    const re = new RegExp(schema.pattern, 'u');
    for (const candidate of PATTERN_BREAKERS) {
      if (!re.test(candidate) && (schema.maxLength === undefined || candidate.length <= schema.maxLength)) {
        out.push(['pattern', candidate]);
        if (out.length >= 3) break;
      }
    }
  }
  if (type === 'string' && schema.maxLength !== undefined) out.push(['maxLength', 'a'.repeat(schema.maxLength + 1)]);
  if (type === 'string' && (schema.minLength ?? 0) > 0) out.push(['minLength', '']);
  if (type === 'integer' || type === 'number') {
    if (schema.minimum !== undefined) {
      out.push(['minimum', schema.minimum - 1], ['minimum', -1e308], ['minimum', raw('-1e999')]);
    }
    if (schema.maximum !== undefined) {
      out.push(['maximum', schema.maximum + 1], ['maximum', 1e308], ['maximum', raw('1e999')]);
    }
    if (type === 'integer') out.push(['integer', 2.5]);
  }
  if (type === 'array') {
    const item = sampleValue(schema.items ?? {});
    if (schema.maxItems !== undefined) out.push(['maxItems', Array.from({ length: schema.maxItems + 1 }, () => item)]);
    if ((schema.minItems ?? 0) > 0) out.push(['minItems', []]);
  }
  if (type === 'object' && (schema.minProperties ?? 0) > 0) out.push(['minProperties', {}]);
  return out;
}

/** Values the schema accepts but that the handler has to think about: unknown ids, extremes, other enum members. */
function validVariants(schema: Schema, current: unknown): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  const type = typeOf(schema);
  if (type === 'string' && schema.enum) {
    for (const other of schema.enum.filter((v) => v !== current).slice(0, 2)) out.push([`enum ${String(other)}`, other]);
  } else if (type === 'string' && schema.pattern) {
    const unknownId = String(sampleValue({ pattern: schema.pattern, type: 'string' })).replace(/abc0000001$/, 'zzz9999999');
    if (new RegExp(schema.pattern, 'u').test(unknownId) && unknownId !== current) out.push(['well-formed unknown id', unknownId]);
  } else if (type === 'string') {
    const max = schema.maxLength ?? 256;
    const min = schema.minLength ?? 0;
    out.push(['longest', 'x'.repeat(max)]);
    if (min === 0) out.push(['empty', '']);
    const odd = '\u202e\u00e9\ud83d\ude00 <b>&amp;</b> \\ %00';
    if (odd.length >= min && odd.length <= max) out.push(['odd characters', odd]);
  } else if (type === 'integer' || type === 'number') {
    if (schema.minimum !== undefined) out.push(['minimum', schema.minimum]);
    if (schema.maximum !== undefined) out.push(['maximum', schema.maximum]);
    if (schema.maximum === undefined) out.push(['huge', type === 'integer' ? Number.MAX_SAFE_INTEGER : 1e300]);
    if (schema.minimum === undefined) out.push(['negative', -1]);
  } else if (type === 'boolean') {
    out.push(['flipped', !current]);
  } else if (type === 'array' && Array.isArray(current)) {
    if ((schema.minItems ?? 0) === 0) out.push(['empty list', []]);
    if (current.length > 0) out.push(['an item twice', [...current, current[0]]]);
    if (schema.maxItems !== undefined && current.length > 0) out.push(['maxItems items', Array.from({ length: schema.maxItems }, () => current[0])]);
  }
  return out;
}

/** Keys that have bitten JavaScript servers, with payloads that would pollute a prototype. */
const PROTO_KEYS: Array<[string, unknown]> = [
  ['__proto__', { polluted: 'yes', isAdmin: true }],
  ['constructor', { prototype: { polluted: 'yes' } }],
  ['prototype', { polluted: 'yes' }],
  ['hasOwnProperty', 'x'],
  ['toString', 'x'],
];

interface Node {
  at: Segment[];
  schema: Schema;
  value: unknown;
  /** A property its object requires (false for the body itself and for array items). */
  required: boolean;
}

/** Every node of the example body with its schema; declared properties the example lacks as absent nodes. */
function nodesOf(schema: Schema, value: unknown, at: Segment[] = [], out: Node[] = [], required = false): Node[] {
  out.push({ at, schema, value, required });
  const type = typeOf(schema);
  if (type === 'object' && value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [name, propNode] of Object.entries(schema.properties ?? {})) {
      const propSchema = flatten(propNode);
      const propValue = (value as Record<string, unknown>)[name];
      const propRequired = schema.required?.includes(name) ?? false;
      if (propValue === undefined) out.push({ at: [...at, name], schema: propSchema, value: undefined, required: propRequired });
      else nodesOf(propSchema, propValue, [...at, name], out, propRequired);
    }
  }
  if (type === 'array' && Array.isArray(value) && value.length > 0) {
    nodesOf(flatten(schema.items ?? {}), value[0], [...at, 0], out);
  }
  return out;
}

/**
 * Whether `value` at `node` is read as "not given" (the service's reading, see
 * src/http/normalize-request.ts): null for an optional property, and "" for an optional string
 * property whose schema refuses "". The request is then valid as far as that field goes.
 */
function readAsAbsent(node: Node, value: unknown): boolean {
  const isProperty = typeof node.at[node.at.length - 1] === 'string';
  if (!isProperty || node.required) return false;
  return value === null || (value === '' && typeOf(node.schema) === 'string');
}

const JSON_HEADERS = { 'content-type': 'application/json' };

export interface GeneratorOptions {
  /** The stub's body limit in bytes (a body one byte over it must answer 413). */
  bodyLimit: number;
  /** How many of the generated requests of each category to keep (a seeded sample), per operation. */
  perCategory: number;
}

/** The path of `op` with `values` filled in (raw, already encoded where given in `encoded`). */
export function pathOf(op: OperationModel, values: PathValues, encoded: Record<string, string> = {}, colon = ':'): string {
  const filled = op.template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    if (encoded[name] !== undefined) return encoded[name] as string;
    const value = values[name];
    if (value === undefined) throw new Error(`${op.id}: no value for path parameter ${name}`);
    return rfc3986(value);
  });
  return `${BASE_PATH}${filled.replace(/:(?=[A-Za-z]+$)/, colon)}`;
}

/** Query text for a value of a query parameter (indexed: `name.1.key=…`). */
function queryFor(param: ParamModel, value: unknown): string {
  const pairs: Array<[string, string]> = [];
  const flat = (prefix: string, v: unknown) => {
    if (Array.isArray(v)) v.forEach((item, i) => flat(`${prefix}.${i + 1}`, item));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) flat(`${prefix}.${k}`, x);
    else pairs.push([prefix, String(v)]);
  };
  if (param.indexed) flat(param.name, value);
  else if (Array.isArray(value)) for (const v of value) pairs.push([param.name, String(v)]);
  else pairs.push([param.name, String(value)]);
  return pairs.map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`).join('&');
}

/** Every generated bad request of one operation (a seeded sample per category). */
export function badRequestsFor(op: OperationModel, values: PathValues, rng: Rng, options: GeneratorOptions): BadRequest[] {
  const byCategory = new Map<string, BadRequest[]>();
  const colon = () => (rng.bool() ? ':' : '%3A');
  const add = (kind: string, detail: string, request: Omit<BadRequest, 'op' | 'kind' | 'detail'>) => {
    const list = byCategory.get(kind) ?? [];
    list.push({ op: op.id, kind, detail, ...request });
    byCategory.set(kind, list);
  };
  const path = () => pathOf(op, values, {}, colon());
  const example = op.body?.example;
  const bodyRequest = (body: Buffer | string, headers: Record<string, string> = JSON_HEADERS) => ({
    method: op.method,
    path: path(),
    headers,
    body,
  });

  // ---------------------------------------------------------------- body, field by field
  if (op.body && example) {
    for (const node of nodesOf(op.body.schema, example)) {
      const name = fieldName(node.at);
      const type = typeOf(node.schema);
      for (const wrong of rng.sample(wrongTypes(node.schema), 2)) {
        add('body.wrong-type', `${name} = ${JSON.stringify(wrong)}`, {
          ...bodyRequest(serialize(withValue(example, node.at, wrong))),
          mayPass: readAsAbsent(node, wrong),
        });
      }
      for (const [what, value] of constraintBreakers(node.schema)) {
        add('body.out-of-range', `${name} breaks ${what}`, {
          ...bodyRequest(serialize(withValue(example, node.at, value))),
          mayPass: readAsAbsent(node, value),
        });
      }
      if (node.value === undefined) continue;
      if (type === 'object') {
        for (const required of node.schema.required ?? []) {
          add('body.missing-required', `${name}.${required}`, bodyRequest(serialize(withValue(example, [...node.at, required], DELETE))));
        }
        const closed = node.schema.additionalProperties === false;
        const unknown = closed ? { unknownOnly: true } : { mayPass: true };
        add('body.unknown-field', `${name}.unknownField`, {
          ...bodyRequest(serialize(withValue(example, [...node.at, 'unknownField'], 'surprise'))),
          ...unknown,
        });
        add('body.unknown-field', `${name}.UnknownField (a name of no case the document has)`, {
          ...bodyRequest(serialize(withValue(example, [...node.at, 'UNKNOWNFIELD'], 'surprise'))),
          ...unknown,
        });
        for (const [key, payload] of PROTO_KEYS) {
          add('body.proto-key', `${name}.${key}`, {
            ...bodyRequest(serialize(withValue(example, [...node.at, key], payload))),
            ...unknown,
          });
        }
      }
      if (type === 'string' && typeof node.value === 'string') {
        // Invalid UTF-8 inside a string value.
        for (const bytes of rng.sample(INVALID_UTF8, 2)) {
          const value = raw(Buffer.concat([Buffer.from(`"${node.value.slice(0, 8)}`, 'utf8'), bytes, Buffer.from('"')]));
          add('body.invalid-utf8', `${name} with bytes ${bytes.toString('hex')}`, bodyRequest(serialize(withValue(example, node.at, value))));
        }
      }
    }

    // ---------------------------------------------------------------- schema-valid, semantically odd
    // These reach the handler: it may accept them (a 2xx, the state is then reset) or refuse
    // them, and a refusal must leave the state exactly as it was (check everything, then write).
    add('body.valid-variant', 'the document example as is', { ...bodyRequest(serialize(example)), mayPass: true });
    for (const node of nodesOf(op.body.schema, example)) {
      if (node.value === undefined) continue;
      const name = fieldName(node.at);
      for (const [what, value] of validVariants(node.schema, node.value)) {
        add('body.valid-variant', `${name}: ${what}`, { ...bodyRequest(serialize(withValue(example, node.at, value))), mayPass: true });
      }
    }

    // ---------------------------------------------------------------- body as a whole
    const text = serialize(example).toString('utf8');
    const malformed = [
      text.slice(0, Math.max(1, rng.int(1, text.length - 1))),
      `${text.slice(0, -1)},}`,
      text.replace(/"/g, "'"),
      `${text}}`,
      `/* comment */${text}`,
      `\ufeff${text}`,
      '{"a":undefined}',
      'NaN',
      '{"a":0x10}',
      '{"a":"\u0001"}',
      "{'a':1}",
      '{a:1}',
      '{"a":1',
      ' ',
      '\u0000',
      '[}',
    ];
    const isJson = (t: string) => {
      try {
        JSON.parse(t);
        return true;
      } catch {
        return false;
      }
    };
    for (const body of malformed.filter((t) => !isJson(t))) add('body.malformed-json', JSON.stringify(body.slice(0, 40)), bodyRequest(body));
    for (const body of ['[]', '"x"', '1', 'true', 'null', '[{}]']) add('body.not-an-object', body, bodyRequest(body));
    const firstField = Object.keys(op.body.schema.properties ?? {})[0] ?? 'x';
    // Under a field the document does not have ('a', or 'x' for a body without fields), the depth
    // is the unknown field's value: ignored unless the stub is strict.
    const closedBody = op.body.schema.additionalProperties === false;
    const under = (field: string) => (op.body?.schema.properties?.[field] === undefined && closedBody ? { unknownOnly: true } : {});
    for (const depth of [64, 10_000]) {
      add('body.deep-json', `${depth} nested arrays in ${firstField}`, {
        ...bodyRequest(`{"${firstField}":${'['.repeat(depth)}${']'.repeat(depth)}}`),
        ...under(firstField),
      });
      add('body.deep-json', `${depth} nested objects`, { ...bodyRequest(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`), ...under('a') });
    }
    add('body.too-large', `${options.bodyLimit + 1} bytes`, bodyRequest(`{"${firstField}":"${'x'.repeat(options.bodyLimit - firstField.length - 6)}"}`));
    for (const type of WRONG_CONTENT_TYPES) add('body.content-type', type, bodyRequest(text, { 'content-type': type }));
    add('body.content-encoding', 'gzip', bodyRequest(text, { ...JSON_HEADERS, 'content-encoding': 'gzip' }));
    add('body.content-encoding', 'br', bodyRequest(text, { ...JSON_HEADERS, 'content-encoding': 'br' }));
    for (const bytes of INVALID_UTF8) add('body.invalid-utf8', `whole body ${bytes.toString('hex')}`, bodyRequest(Buffer.concat([Buffer.from('{"'), bytes, Buffer.from('":1}')])));
    if (op.body.required) {
      add('body.missing', 'no body', { method: op.method, path: path(), headers: JSON_HEADERS });
      add('body.missing', 'empty body', bodyRequest(''));
    }
  }

  // ---------------------------------------------------------------- query
  const unknownQuery = [
    'colour=red',
    '__proto__=x',
    '__proto__.polluted=yes',
    '__proto__%5Bpolluted%5D=yes',
    'constructor.prototype.polluted=yes',
    'constructor=x',
    'prototype=x',
    'hasOwnProperty=x',
    'toString=x',
    'filters.1.__proto__.polluted=yes',
    'filters.__proto__=x',
    'filters.1.constructor.prototype.polluted=yes',
    'tags.1.__proto__=x',
    'ids.__proto__.polluted=yes',
    '%FF=1',
    '%=1',
    `x=${'a'.repeat(12_000)}`,
  ];
  // Names with a prototype's segment are refused as malformed whatever the mode; others are only unknown.
  const malformedName = /(^|[.[])(__proto__|constructor|prototype)([.\]=%]|$)/;
  for (const query of unknownQuery) {
    add('query.unknown', query.slice(0, 60), { method: op.method, path: path(), query, ...bodyFor(op), ...(malformedName.test(query) ? {} : { unknownOnly: true }) });
  }
  add('query.oversized', '20 KB query (past the header limit)', { method: op.method, path: path(), query: `pageSize=${'9'.repeat(20_000)}`, ...bodyFor(op) });
  for (const param of op.query) {
    const send = (kind: string, detail: string, query: string, mayPass = false) =>
      add(kind, `${param.name}: ${detail}`.slice(0, 120), { method: op.method, path: path(), query, mayPass, ...bodyFor(op) });
    const type = typeOf(param.schema);
    if (!param.indexed) {
      // `-1` is only wrong where the document states a minimum (pageNumber states none).
      const negative = typeof param.schema.minimum === 'number' && param.schema.minimum > -1 ? ['-1'] : [];
      for (const wrong of type === 'integer' ? ['abc', '1.5', '', '1e400', '0x1f', ...negative, '[]', '%00'] : type === 'boolean' ? ['yes', '2', '', 'TRUE1'] : []) {
        send('query.wrong-type', wrong, `${rfc3986(param.name)}=${wrong}`);
      }
      for (const [what, value] of constraintBreakers(param.schema)) {
        if (value instanceof Raw || typeof value === 'object') continue;
        send('query.out-of-range', what, `${rfc3986(param.name)}=${rfc3986(String(value))}`);
      }
      if (type === 'string' && !param.schema.enum && !param.schema.pattern) {
        for (const garbage of FREE_TEXT_GARBAGE) send('query.free-text', JSON.stringify(garbage.slice(0, 30)), `${rfc3986(param.name)}=${rfc3986(garbage)}`, true);
        send('query.free-text', 'invalid UTF-8 escapes', `${rfc3986(param.name)}=%C0%80%FF`, true);
      }
      send('query.repeated', 'given twice', `${queryFor(param, param.example)}&${queryFor(param, param.example)}`);
      for (const [what, value] of validVariants(param.schema, param.example)) {
        if (typeof value !== 'object') send('query.valid-variant', what, `${rfc3986(param.name)}=${rfc3986(String(value))}`, true);
      }
      continue;
    }
    const n = param.name;
    const malformedIndexed = [
      `${n}.0.name=a`,
      `${n}.01=a`,
      `${n}.x=a&${n}.1=b`,
      `${n}=a&${n}.1=b`,
      `${n}.1=a&${n}.1.name=b`,
      `${n}.1..name=a`,
      `${n}.1.name=a&${n}.1.name=b`,
      `${n}.1.__proto__.polluted=yes`,
      `${n}.1.constructor.prototype.polluted=yes`,
      `${n}.99999999999999999999.name=a`,
    ];
    const item = flatten(param.schema.items ?? {});
    for (const query of malformedIndexed) {
      // A huge index is a well-formed one: `name` is then only an unknown field where the items have none.
      const onlyUnknown = query.includes('99999999999999999999') && typeOf(item) === 'object' && item.properties?.name === undefined;
      add('query.indexed-malformed', `${n}: ${query}`.slice(0, 120), { method: op.method, path: path(), query, ...bodyFor(op), ...(onlyUnknown ? { unknownOnly: true } : {}) });
    }
    if (typeOf(item) === 'object') {
      const sample = sampleValue(item) as Record<string, unknown>;
      for (const node of nodesOf(item, sample).slice(1)) {
        for (const wrong of [{ k: 'v' }]) send('query.indexed-wrong-type', fieldName(node.at), queryFor(param, [withValue(sample, node.at, wrong)]));
      }
      for (const required of item.required ?? []) send('query.indexed-missing', required, queryFor(param, [withValue(sample, [required], DELETE)]));
      add('query.indexed-unknown', `${n}: unknownField`, {
        method: op.method,
        path: path(),
        query: queryFor(param, [{ ...sample, unknownField: 'x' }]),
        unknownOnly: true,
        ...bodyFor(op),
      });
      if (n === 'filters') {
        send('query.filter', 'unknown filter name', queryFor(param, [{ name: 'noSuchFilter', values: ['x'] }]));
        send('query.filter', 'operator gt', queryFor(param, [{ ...sample, name: op.spec.filters?.[0]?.name ?? 'x', operator: 'gt' }]));
        send('query.filter', 'no values', queryFor(param, [{ name: op.spec.filters?.[0]?.name ?? 'x' }]));
        for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
          send('query.filter', `filter named ${name}`, queryFor(param, [{ name, values: ['x'] }]));
        }
        const single = op.spec.filters?.find((f) => !f.multiple);
        if (single) send('query.filter', `two values for single-value ${single.name}`, queryFor(param, [{ name: single.name, values: ['a', 'b'] }]));
        for (const def of op.spec.filters ?? []) {
          for (const garbage of rng.sample(FREE_TEXT_GARBAGE, 2)) {
            send('query.filter-value', `${def.name} = ${JSON.stringify(garbage.slice(0, 20))}`, queryFor(param, [{ name: def.name, values: [garbage] }]), true);
          }
        }
      }
      if (n === 'tags') {
        // No source limits a tag filter's key, so a long one is valid (it matches nothing).
        send('query.tags', 'long key', queryFor(param, [{ key: 'k'.repeat(128) }]), true);
        for (const key of ['__proto__', 'constructor', 'prototype']) send('query.tags', `tag key ${key}`, queryFor(param, [{ key, values: ['x'] }]), true);
      }
    } else {
      send('query.indexed-wrong-type', 'object item', queryFor(param, [{ k: 'v' }]));
      for (const [what, value] of constraintBreakers(item)) {
        if (typeof value === 'string') send('query.indexed-out-of-range', what, queryFor(param, [value]));
      }
      if (!item.pattern) for (const garbage of rng.sample(FREE_TEXT_GARBAGE, 3)) send('query.indexed-free-text', JSON.stringify(garbage.slice(0, 20)), queryFor(param, [garbage]), true);
    }
  }

  // ---------------------------------------------------------------- path parameters
  for (const param of op.pathParams) {
    if (param.name === 'regionId') {
      // Regions are not checked against a catalog: another well-formed one is valid (and empty).
      add('path.other-region', 'regionId = xx-nowhere-9', { method: op.method, path: pathOf(op, { ...values, regionId: 'xx-nowhere-9' }, {}, colon()), mayPass: true, ...bodyFor(op) });
    }
    const tricks = param.name === 'regionId' ? [...PATH_TRICKS, 'cn-north-1%2F..', 'CN-NORTH-1', 'cn_north_1'] : PATH_TRICKS;
    for (const trick of tricks) {
      add('path.trick', `${param.name} = ${trick.slice(0, 40)}`, {
        method: op.method,
        path: pathOf(op, values, { [param.name]: trick }, colon()),
        ...bodyFor(op),
      });
    }
    if (param.name !== 'regionId') add('path.not-found', `${param.name}: well-formed, unknown`, {
      method: op.method,
      path: pathOf(op, values, { [param.name]: rfc3986(String(sampleValue(param.schema))).replace(/abc0000001$/, 'zzz9999999') }, colon()),
      ...bodyFor(op),
    });
  }

  // ---------------------------------------------------------------- methods and routes
  const defined = new Set(methodsAt(op.template));
  for (const method of OTHER_METHODS) {
    if (defined.has(method)) continue;
    add('method.not-allowed', method, { method, path: path(), ...(method === 'GET' || method === 'HEAD' ? {} : { headers: JSON_HEADERS, body: '{}' }) });
  }
  for (const [detail, routePath] of [
    ['extra segment', `${path()}/extra`],
    ['unknown custom method', `${pathOf(op, values, {}, ':').replace(/:[A-Za-z]+$/, '')}:noSuchAction`],
    ['other version', path().replace(/^\/v1\//, '/v2/')],
    ['upper case', path().toUpperCase()],
    ['double slash', path().replace('/regions/', '//regions/')],
    ['trailing encoded slash', `${path()}%2F`],
    ['matrix parameter', `${path()};x=1`],
    ['dot segment', path().replace('/regions/', '/regions/./')],
    ['dot-dot segment', path().replace('/regions/', '/x/../regions/')],
  ] as const) {
    add('route.unknown', detail, { method: op.method, path: routePath, ...bodyFor(op) });
  }

  const out: BadRequest[] = [];
  // Valid variants run whole operations (and their long answers): fewer of those.
  for (const [kind, list] of byCategory) out.push(...rng.sample(list, kind.endsWith('valid-variant') ? Math.min(2, options.perCategory) : options.perCategory));
  return out;
}

/** A valid body for the operation when it takes one (so a query or path problem is the only one). */
function bodyFor(op: OperationModel): Pick<WireRequest, 'headers' | 'body'> {
  return op.body ? { headers: JSON_HEADERS, body: serialize(op.body.example) } : {};
}

/** Every method the document defines on a path (GET and POST share /keypairs, ...). */
function methodsAt(template: string): string[] {
  return operations.filter((o) => o.template === template).map((o) => o.method);
}

const OTHER_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND'];

export const WRONG_CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/octet-stream',
  'text/json',
  'image/png',
  '',
];

export const INVALID_UTF8 = [
  Buffer.from([0xff]),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0x80]),
  Buffer.from([0xe2, 0x82]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]),
];

export const FREE_TEXT_GARBAGE = [
  '',
  ' ',
  '\u0000',
  'a'.repeat(5_000),
  '../../etc/passwd',
  '%00',
  '<script>alert(1)</script>',
  '\u202e\ud83d\ude00',
  '\ud800',
  "' OR 1=1 --",
  '9999-99-99T99:99:99Z',
  '-1',
  '1e400',
  '__proto__',
  'constructor',
  '{"$gt":""}',
];

export const PATH_TRICKS = [
  '..',
  '.',
  '..%2F..%2Fkeypairs',
  '%2e%2e',
  '%2E%2E%2F%2E%2E',
  '%00',
  'i-abc%00',
  'i-abc%2Fdef',
  'x%252F..',
  '%C0%AE%C0%AE',
  '%',
  '%zz',
  `i-${'a'.repeat(5_000)}`,
  '%E2%80%AE',
  'I-ABC',
  'i-abc%3Bx',
  'i-abc;x',
  '%20',
  '%5C..%5C',
  'i-abc%0D%0ASet-Cookie:%20x=1',
  '__proto__',
  'constructor',
  '%7B%7D',
];
