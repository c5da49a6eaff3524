// Reads a request the way the real service does, before express-openapi-validator sees it. What
// the official clients and JD Cloud's own examples send (see the reference's clients.md), and the
// service accepts:
//
// - names of body fields and query parameters in any case, at every depth (`"KeyName"`,
//   `"CloudDiskSpec"`, `passwordAuth` for `passWordAuth`, `TaskAction=`, `Filters.1.Name=`);
// - `null` for a field: absent (the document's defaults then apply; a required field is then
//   missing, and refused as such by the validator);
// - the path parameters repeated in the body (the Python SDK sends `regionId`, `instanceId`, ...)
//   or in the query: ignored, the path decides;
// - query booleans in any case (`True`, Python's `str()`);
// - `""` for an optional string field whose schema would refuse it (an enumeration, a pattern, a
//   minimum length): not given. The pages use `""` for "nothing chosen": stopInstance's example
//   sends `"chargeOnStopped": ""` and its page says the field's default is empty (默认值为空), i.e.
//   the instance keeps its setting, which is what leaving it out does (the document lists `""` among
//   that field's values, so there it simply passes); createInstanceTemplate's example sends
//   `"deviceName": ""`. No page gives `""` any other meaning. An id field (`snapshotId`,
//   `subnetId`, ...) never names a resource with `""`, so there it is not given either, although
//   the document sets no id pattern. Where the schema accepts `""` (free text such as a
//   description) it is a value in itself (a description cleared by modifyInstanceAttribute) and
//   stays as sent;
// - fields and query parameters the document does not have: left out, each one reported as a
//   warning (the caller logs it and returns it in `x-jdcloud-stub-warnings`), so a typo is visible
//   without breaking code the cloud accepts. In strict mode they are kept, and the validator
//   refuses them as before (the request models are `additionalProperties: false`).
//
// Everything else (wrong types, values out of range, malformed JSON, ...) is left exactly as sent
// for the validator to refuse. The walk follows the document's schemas only: a value is entered
// only when its JSON type is the one the schema expects, so its depth is bounded by the
// document's, whatever the client sends. What each operation needs is computed once, on its
// first request.
import { resolveRef } from '../spec/index.js';
import type { OpenApiDocument, OperationSpec } from '../spec/types.js';

/** What the normaliser knows of a schema: enough to rename, drop and keep values. */
interface Shape {
  kind: 'object' | 'array' | 'string' | 'boolean' | 'other';
  /** Object: its properties by exact name, and by lower-cased name. */
  fields?: Map<string, Field>;
  folded?: Map<string, Field>;
  /** Object: `additionalProperties: false` (any other name is unknown). */
  closed?: boolean;
  /** Array: the items. */
  items?: Shape;
  /** String: `""` satisfies the schema. */
  acceptsEmpty?: boolean;
}

interface Field {
  name: string;
  required: boolean;
  shape: Shape;
}

/** What one operation's requests are normalised against. */
export interface RequestPlan {
  /** The body's shape; undefined when the operation takes no body. */
  body: Shape | undefined;
  /** The query parameters as the properties of one object (indexed ones with their item shapes). */
  query: Shape;
  /** Query parameters of type boolean. */
  queryBooleans: readonly string[];
  /** Query parameters with objects inside (indexed lists of filters, tags). */
  queryObjects: readonly string[];
  /** Lower-cased names of the path parameters. */
  pathParams: ReadonlySet<string>;
}

/** The outcome for a body. */
export interface NormalizedBody {
  value: unknown;
  /** False when the value is the one given, unchanged (the client's text still describes it). */
  changed: boolean;
}

type Schema = Record<string, unknown>;

const BOOLEAN_TEXT = /^(true|false)$/i;

/** One plan per operation of a document, built on the operation's first request. */
export class RequestNormalizer {
  private readonly plans = new Map<string, RequestPlan>();
  private readonly shapes = new Map<object, Shape>();

  constructor(
    private readonly document: OpenApiDocument,
    readonly strict: boolean,
  ) {}

  plan(operation: OperationSpec): RequestPlan {
    let plan = this.plans.get(operation.operationId);
    if (!plan) {
      plan = this.buildPlan(operation);
      this.plans.set(operation.operationId, plan);
    }
    return plan;
  }

  /**
   * The body as the service reads it. `warnings` receives one line per unknown field left out;
   * in strict mode unknown fields stay (the validator refuses them).
   */
  body(plan: RequestPlan, value: unknown, warnings: string[]): NormalizedBody {
    const state = { changed: false };
    if (!plan.body || !isObject(value)) return { value, changed: false };
    const out = this.object(value, plan.body, '', warnings, state, plan.pathParams);
    return { value: out, changed: state.changed };
  }

  /**
   * A body sent to an operation that takes none (a GET or a DELETE), as JSON (undefined when it
   * is not JSON, null when blank): only path parameters and nulls are expected there, and
   * ignored. Anything else is reported as a warning; in strict mode the answer is the message to
   * refuse the request with.
   */
  bodyOfBodiless(plan: RequestPlan, value: unknown, warnings: string[]): string | undefined {
    if (value === null) return undefined;
    if (!isObject(value)) {
      if (this.strict) return 'This operation takes no request body.';
      warnings.push('request body ignored: this operation takes none');
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (value[key] === null || plan.pathParams.has(key.toLowerCase())) continue;
      if (this.strict) return `Unknown parameter '${key}': it is not part of this operation.`;
      warnings.push(unknownField(key));
    }
    return undefined;
  }

  /**
   * Query pairs (decoded, in order) with the document's names: the parameter, and the field names
   * inside an indexed one (`Filters.1.Values.1` → `filters.1.values.1`). Unknown parameters are
   * left out with a warning (kept in strict mode); path parameters are left out silently.
   */
  queryPairs(plan: RequestPlan, pairs: ReadonlyArray<[string, string]>, warnings: string[]): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    for (const pair of pairs) {
      const [key, value] = pair;
      const dot = key.indexOf('.');
      const root = dot === -1 ? key : key.slice(0, dot);
      const param = lookup(plan.query, root);
      if (!param) {
        if (plan.pathParams.has(root.toLowerCase())) continue;
        if (this.strict) out.push(pair);
        else warnings.push(`unknown query parameter ${quote(key)} ignored`);
        continue;
      }
      if (dot === -1) out.push(param.name === key ? pair : [param.name, value]);
      else out.push([renameSegments(param, key.slice(dot + 1).split('.')), value]);
    }
    return out;
  }

  /**
   * The decoded query as the validator wants it: booleans in lower case, and the fields of indexed
   * objects the document does not have left out with a warning (kept in strict mode). Runs after
   * decoding, so a malformed key (`filters.0.x`) is refused as such first.
   */
  queryValues(plan: RequestPlan, query: Record<string, unknown>, warnings: string[]): void {
    for (const name of plan.queryBooleans) {
      const value = query[name];
      if (typeof value === 'string' && BOOLEAN_TEXT.test(value)) query[name] = value.toLowerCase();
    }
    if (this.strict) return;
    for (const name of plan.queryObjects) {
      const value = query[name];
      if (value !== undefined) dropUnknown(value, lookup(plan.query, name)?.shape, name, warnings);
    }
  }

  private object(
    value: Record<string, unknown>,
    shape: Shape,
    at: string,
    warnings: string[],
    state: { changed: boolean },
    pathParams?: ReadonlySet<string>,
  ): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const item = value[key];
      const field = lookup(shape, key);
      if (!field) {
        if (item === null || pathParams?.has(key.toLowerCase())) {
          state.changed = true;
          continue;
        }
        if (shape.closed && !this.strict) {
          warnings.push(unknownField(`${at}${key}`));
          state.changed = true;
          continue;
        }
        // Strict mode or an open object: kept for the validator (an own property, whatever its name).
        Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
        continue;
      }
      if (field.name !== key) state.changed = true;
      if (item === null || (item === '' && !field.required && (field.shape.acceptsEmpty === false || ID_FIELD.test(field.name)))) {
        state.changed = true;
        continue;
      }
      if (Object.hasOwn(out, field.name)) {
        warnings.push(`field ${quote(`${at}${key}`)} repeats ${quote(`${at}${field.name}`)} in another case: the last one is used`);
      }
      out[field.name] = this.value(item, field.shape, `${at}${field.name}`, warnings, state);
    }
    return out;
  }

  private value(value: unknown, shape: Shape, at: string, warnings: string[], state: { changed: boolean }): unknown {
    if (shape.kind === 'object' && shape.fields && isObject(value)) {
      return this.object(value, shape, `${at}.`, warnings, state);
    }
    if (shape.kind === 'array' && shape.items && Array.isArray(value)) {
      const items = shape.items;
      if (items.kind !== 'object' && items.kind !== 'array') return value;
      return value.map((item, i) => this.value(item, items, `${at}[${i}]`, warnings, state));
    }
    return value;
  }

  private buildPlan(operation: OperationSpec): RequestPlan {
    const pathParams = new Set<string>();
    const query: Shape = { kind: 'object', fields: new Map(), folded: new Map(), closed: true };
    const queryBooleans: string[] = [];
    const queryObjects: string[] = [];
    for (const p of operation.parameters) {
      if (p.in === 'path') pathParams.add(p.name.toLowerCase());
      if (p.in !== 'query') continue;
      const field: Field = { name: p.name, required: p.required, shape: this.shape(p.schema) };
      addField(query, field);
      if (field.shape.kind === 'boolean') queryBooleans.push(p.name);
      if (holdsObjects(field.shape)) queryObjects.push(p.name);
    }
    const content = (operation.raw.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined)?.content;
    const schema = content?.['application/json']?.schema;
    return {
      body: schema === undefined ? undefined : this.shape(schema),
      query,
      queryBooleans,
      queryObjects,
      pathParams,
    };
  }

  /** The shape of a schema: `$ref`s followed, `allOf` parts merged. Shared (and cycle-safe) per schema object. */
  private shape(node: unknown): Shape {
    const schema = resolveRef<Schema>(this.document, node ?? {});
    const known = this.shapes.get(schema);
    if (known) return known;
    const shape: Shape = { kind: 'other' };
    this.shapes.set(schema, shape);
    const merged = this.merge(schema);
    const type = merged.type ?? (merged.properties ? 'object' : merged.items ? 'array' : undefined);
    if (type === 'object') {
      shape.kind = 'object';
      shape.fields = new Map();
      shape.folded = new Map();
      shape.closed = merged.additionalProperties === false;
      const required = new Set(merged.required);
      for (const [name, propertySchema] of Object.entries(merged.properties)) {
        addField(shape, { name, required: required.has(name), shape: this.shape(propertySchema) });
      }
    } else if (type === 'array') {
      shape.kind = 'array';
      shape.items = this.shape(merged.items ?? {});
    } else if (type === 'string') {
      shape.kind = 'string';
      shape.acceptsEmpty = acceptsEmptyString(merged.schema);
    } else if (type === 'boolean') {
      shape.kind = 'boolean';
    }
    return shape;
  }

  /** A schema with its `allOf` parts merged in: properties and required lists joined, the first value of anything else. */
  private merge(schema: Schema): {
    schema: Schema;
    type: string | undefined;
    properties: Record<string, unknown>;
    required: string[];
    items: unknown;
    additionalProperties: unknown;
  } {
    const parts: Schema[] = [schema];
    const collect = (s: Schema) => {
      for (const part of Array.isArray(s.allOf) ? (s.allOf as unknown[]) : []) {
        const resolved = resolveRef<Schema>(this.document, part);
        parts.push(resolved);
        collect(resolved);
      }
    };
    collect(schema);
    const first = (key: string) => parts.find((p) => p[key] !== undefined)?.[key];
    const properties: Record<string, unknown> = {};
    const required: string[] = [];
    for (const part of parts) {
      Object.assign(properties, (part.properties as Record<string, unknown> | undefined) ?? {});
      required.push(...((part.required as string[] | undefined) ?? []));
    }
    const flat: Schema = {};
    for (const key of ['type', 'enum', 'pattern', 'minLength']) if (first(key) !== undefined) flat[key] = first(key);
    return {
      schema: flat,
      type: first('type') as string | undefined,
      properties,
      required,
      items: first('items'),
      additionalProperties: first('additionalProperties'),
    };
  }
}

function addField(shape: Shape, field: Field): void {
  shape.fields?.set(field.name, field);
  // Two properties that differ only in case: the exact name still finds each; the folded one the first.
  const folded = field.name.toLowerCase();
  if (!shape.folded?.has(folded)) shape.folded?.set(folded, field);
}

function lookup(shape: Shape, name: string): Field | undefined {
  return shape.fields?.get(name) ?? shape.folded?.get(name.toLowerCase());
}

/**
 * An indexed parameter's key with the document's field names (`1.Values.2` → `filters.1.values.2`).
 * Segments that name no field, or do not fit the schema, are kept as sent: decoding and the
 * unknown-field step after it deal with them.
 */
function renameSegments(param: Field, segments: string[]): string {
  let shape: Shape | undefined = param.shape;
  let out = param.name;
  for (const segment of segments) {
    const field: Field | undefined = shape?.kind === 'object' ? lookup(shape, segment) : undefined;
    out += `.${field ? field.name : segment}`;
    shape = field ? field.shape : shape?.kind === 'array' ? shape.items : undefined;
  }
  return out;
}

function holdsObjects(shape: Shape): boolean {
  return shape.kind === 'object' || (shape.kind === 'array' && shape.items !== undefined && holdsObjects(shape.items));
}

/** Removes, with a warning each, the fields of a decoded query value's closed objects that the document does not have. */
function dropUnknown(value: unknown, shape: Shape | undefined, at: string, warnings: string[]): void {
  if (!shape) return;
  if (shape.kind === 'array' && Array.isArray(value)) {
    value.forEach((item, i) => dropUnknown(item, shape.items, `${at}.${i + 1}`, warnings));
  } else if (shape.kind === 'object' && isObject(value)) {
    for (const key of Object.keys(value)) {
      const field = lookup(shape, key);
      if (field) dropUnknown(value[key], field.shape, `${at}.${key}`, warnings);
      else if (shape.closed) {
        warnings.push(`unknown query parameter ${quote(`${at}.${key}`)} ignored`);
        delete value[key];
      }
    }
  }
}

/** A field that holds a resource id (`snapshotId`, `instanceTemplateId`). */
const ID_FIELD = /[a-z]Id$/;

function acceptsEmptyString(schema: Schema): boolean {
  if (Array.isArray(schema.enum) && !schema.enum.includes('')) return false;
  if (typeof schema.minLength === 'number' && schema.minLength > 0) return false;
  if (typeof schema.pattern === 'string') {
    try {
      return new RegExp(schema.pattern, 'u').test('');
    } catch {
      return true;
    }
  }
  return true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownField(name: string): string {
  return `unknown field ${quote(name)} ignored`;
}

/** A name in double quotes, as JSON writes it, non-ASCII escaped: safe in a header and a log line. */
function quote(name: string): string {
  const clipped = name.length > 100 ? `${name.slice(0, 100)}…` : name;
  return JSON.stringify(clipped).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
