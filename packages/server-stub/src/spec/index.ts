// An index of the document's operations: what the router, the query parser, the dispatcher and
// the generic domain helpers read. Nothing here knows a particular operation: everything comes
// from the document and its vendor extensions.
import { inlineRefs as inlineAllRefs, listOperations, operationParameters, resolveRef } from '@jdcloud-vm/spec';
import type { OperationEntry } from '@jdcloud-vm/spec';
import type { OpenApiDocument, OperationSpec, ParameterSpec } from './types.js';

/** Follows `$ref`s (local only) until a non-reference node: @jdcloud-vm/spec's resolver. */
export { resolveRef };

/**
 * The document with every `$ref` replaced by what it points to (one shared object per target, a
 * DAG; see @jdcloud-vm/spec's inlineRefs). Undefined when a reference is circular or names
 * nothing: the caller keeps the original, so the validator that reads it next reports the broken
 * reference in its own words (the stub's users of it drop the components afterwards).
 */
export function inlineRefs(document: OpenApiDocument): OpenApiDocument | undefined {
  return inlineRefsIn(document, document);
}

/**
 * `node`, a part of `document` (one schema, the paths), with its `$ref`s inlined as inlineRefs
 * does; only what `node` reaches is visited. Undefined when a reference is circular or names nothing.
 */
export function inlineRefsIn<T>(document: OpenApiDocument, node: T): T | undefined {
  try {
    const { document: inlined, circular } = inlineAllRefs(document, node);
    return circular.length === 0 ? inlined : undefined;
  } catch {
    return undefined;
  }
}

export type RouteMatch =
  | { kind: 'operation'; operation: OperationSpec; pathParams: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

interface CompiledPath {
  template: string;
  regex: RegExp;
  names: string[];
  byMethod: Map<string, OperationSpec>;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The base path of the first server URL (`https://host/v1` → `/v1`); all servers must agree. */
function basePathOf(doc: OpenApiDocument): string {
  const bases = new Set(
    (doc.servers ?? [{ url: '/' }]).map((s) => {
      const path = new URL(s.url, 'http://placeholder').pathname.replace(/\/+$/, '');
      return path;
    }),
  );
  if (bases.size > 1) throw new Error(`The servers of the document disagree on the base path: ${[...bases].join(', ')}`);
  return [...bases][0] ?? '';
}

export class SpecIndex {
  readonly document: OpenApiDocument;
  readonly basePath: string;
  readonly operations: ReadonlyMap<string, OperationSpec>;
  private readonly compiled: CompiledPath[];
  private readonly fieldsOfModel = new Map<string, readonly string[]>();

  constructor(document: OpenApiDocument) {
    this.document = document;
    this.basePath = basePathOf(document);
    const operations = new Map<string, OperationSpec>();
    const compiled: CompiledPath[] = [];
    const byPath = new Map<string, OperationSpec[]>();
    for (const entry of listOperations(document)) {
      const op = this.buildOperation(entry);
      if (operations.has(op.operationId)) throw new Error(`Duplicate operationId ${op.operationId}`);
      operations.set(op.operationId, op);
      byPath.set(entry.path, [...(byPath.get(entry.path) ?? []), op]);
    }
    for (const template of Object.keys(document.paths ?? {})) {
      const names: string[] = [];
      // A path parameter never contains '/' or ':' (the ':' starts a custom method), so
      // `/instances/{instanceId}` does not swallow `/instances/i-x:unknownAction`.
      const pattern = template
        .split(/(\{[^}]+\})/)
        .map((part) => {
          const m = /^\{([^}]+)\}$/.exec(part);
          if (!m) return escapeRegex(part);
          names.push(m[1] as string);
          return '([^/:]+)';
        })
        .join('');
      const regex = new RegExp(`^${escapeRegex(this.basePath)}${pattern}/?$`);
      const byMethod = new Map((byPath.get(template) ?? []).map((op) => [op.method, op]));
      compiled.push({ template, regex, names, byMethod });
    }
    this.operations = operations;
    this.compiled = compiled;
  }

  /** Finds the operation for a decoded path (colons literal) and a method. */
  match(method: string, path: string): RouteMatch {
    const upper = method.toUpperCase();
    let allowed: string[] | undefined;
    for (const entry of this.compiled) {
      const m = entry.regex.exec(path);
      if (!m) continue;
      const operation = entry.byMethod.get(upper);
      if (!operation) {
        allowed = [...(allowed ?? []), ...entry.byMethod.keys()];
        continue;
      }
      const pathParams: Record<string, string> = {};
      entry.names.forEach((name, i) => {
        pathParams[name] = m[i + 1] as string; // decoded later, by the caller
      });
      return { kind: 'operation', operation, pathParams };
    }
    return allowed ? { kind: 'method-not-allowed', allowed: [...new Set(allowed)] } : { kind: 'not-found' };
  }

  get(operationId: string): OperationSpec | undefined {
    return this.operations.get(operationId);
  }

  /**
   * The property names of a model of `components.schemas`, in the document's order: what a
   * presenter copies into an answer. Empty for a model the document does not have.
   */
  modelFields(model: string): readonly string[] {
    let fields = this.fieldsOfModel.get(model);
    if (!fields) {
      const schema = resolveRef(this.document, this.document.components?.schemas?.[model] ?? {});
      fields = Object.keys((schema.properties as Record<string, unknown> | undefined) ?? {});
      this.fieldsOfModel.set(model, fields);
    }
    return fields;
  }

  private buildOperation(entry: OperationEntry): OperationSpec {
    const doc = this.document;
    const { operationId, operation: op, path: template } = entry;
    const parameters: ParameterSpec[] = operationParameters(doc, entry).map((param) => {
      const spec: ParameterSpec = {
        name: param.name,
        in: param.in,
        required: param.required === true,
        schema: resolveRef(doc, param.schema ?? {}),
        indexed: param['x-jdcloud-encoding'] === 'indexed',
        raw: param,
      };
      if (Array.isArray(param['x-jdcloud-filters'])) spec.filters = param['x-jdcloud-filters'];
      return spec;
    });
    const result: OperationSpec = {
      operationId,
      method: entry.method,
      path: template,
      fullPath: `${this.basePath}${template}`,
      parameters,
      indexedQuery: parameters.filter((p) => p.in === 'query' && p.indexed).map((p) => p.name),
      raw: op,
    };
    const pre = op['x-jdcloud-preconditions'];
    if (pre) result.preconditions = pre;
    const transition = op['x-jdcloud-transition'];
    if (transition) result.transition = transition;
    const pagination = op['x-jdcloud-pagination'];
    if (pagination) result.pagination = pagination;
    const filters = parameters.find((p) => p.in === 'query' && p.filters)?.filters;
    if (filters) result.filters = filters;
    return result;
  }
}

/** The default of a query parameter as the document states it (`schema.default`). */
export function queryDefault(operation: OperationSpec, name: string): unknown {
  return operation.parameters.find((p) => p.in === 'query' && p.name === name)?.schema.default;
}
