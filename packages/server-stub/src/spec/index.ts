// An index of the document's operations: what the router, the query parser, the dispatcher and
// the generic domain helpers read. Nothing here knows a particular operation: everything comes
// from the document and its vendor extensions.
import type {
  FilterDefinition,
  OpenApiDocument,
  OperationSpec,
  PaginationExtension,
  ParameterSpec,
  PreconditionsExtension,
  TransitionExtension,
} from './types.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** Follows `$ref`s (local only) until a non-reference node. */
export function resolveRef<T = Record<string, unknown>>(doc: OpenApiDocument, node: unknown): T {
  let current = node as Record<string, unknown> | undefined;
  const seen = new Set<string>();
  while (current && typeof current.$ref === 'string') {
    const ref = current.$ref;
    if (seen.has(ref)) throw new Error(`Circular $ref ${ref}`);
    seen.add(ref);
    if (!ref.startsWith('#/')) throw new Error(`Only local $refs are supported, got ${ref}`);
    const parts = ref
      .slice(2)
      .split('/')
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    current = parts.reduce<unknown>((acc, key) => (acc as Record<string, unknown> | undefined)?.[key], doc) as
      | Record<string, unknown>
      | undefined;
    if (current === undefined) throw new Error(`Unresolvable $ref ${ref}`);
  }
  return current as T;
}

/**
 * The document with every `$ref` replaced by what it points to: one shared object per target (a
 * DAG, nothing copied), `$ref` siblings merged over the target as json-schema-ref-parser does.
 * Undefined when a reference is circular or cannot be followed (the caller keeps the original).
 */
export function inlineRefs(document: OpenApiDocument): OpenApiDocument | undefined {
  return inlineRefsIn(document, document);
}

/**
 * `node`, a part of `document` (one schema, the paths), with its `$ref`s into `document` inlined
 * as inlineRefs does; only what `node` reaches is visited. Undefined when a reference is circular
 * or cannot be followed.
 */
export function inlineRefsIn<T>(document: OpenApiDocument, node: T): T | undefined {
  const resolved = new Map<string, unknown>();
  const inProgress = new Set<string>();
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (!node || typeof node !== 'object') return node;
    const { $ref, ...siblings } = node as Record<string, unknown>;
    if (typeof $ref === 'string') {
      let target = resolved.get($ref);
      if (target === undefined) {
        if (inProgress.has($ref)) throw new Error(`circular $ref ${$ref}`);
        inProgress.add($ref);
        target = visit(resolveRef(document, { $ref }));
        inProgress.delete($ref);
        resolved.set($ref, target);
      }
      if (Object.keys(siblings).length === 0) return target;
      return { ...(target as Record<string, unknown>), ...(visit(siblings) as Record<string, unknown>) };
    }
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) out[key] = visit(value);
    return out;
  };
  try {
    return visit(node) as T;
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
    for (const [template, pathItemRaw] of Object.entries(document.paths ?? {})) {
      const pathItem = resolveRef(document, pathItemRaw);
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
      const byMethod = new Map<string, OperationSpec>();
      for (const method of METHODS) {
        const opRaw = pathItem[method];
        if (!opRaw) continue;
        const op = this.buildOperation(template, method, pathItem, resolveRef(document, opRaw));
        if (operations.has(op.operationId)) throw new Error(`Duplicate operationId ${op.operationId}`);
        operations.set(op.operationId, op);
        byMethod.set(op.method, op);
      }
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

  private buildOperation(
    template: string,
    method: string,
    pathItem: Record<string, unknown>,
    op: Record<string, unknown>,
  ): OperationSpec {
    const doc = this.document;
    const operationId = op.operationId;
    if (typeof operationId !== 'string') throw new Error(`${method.toUpperCase()} ${template} has no operationId`);
    const byKey = new Map<string, Record<string, unknown>>();
    const rawParams = [...((pathItem.parameters as unknown[]) ?? []), ...((op.parameters as unknown[]) ?? [])];
    for (const p of rawParams) {
      const param = resolveRef(doc, p);
      byKey.set(`${String(param.in)}:${String(param.name)}`, param);
    }
    const parameters: ParameterSpec[] = [...byKey.values()].map((param) => {
      const spec: ParameterSpec = {
        name: String(param.name),
        in: param.in as ParameterSpec['in'],
        required: param.required === true,
        schema: resolveRef(doc, param.schema ?? {}),
        indexed: param['x-jdcloud-encoding'] === 'indexed',
        raw: param,
      };
      if (Array.isArray(param['x-jdcloud-filters'])) spec.filters = param['x-jdcloud-filters'] as FilterDefinition[];
      return spec;
    });
    const result: OperationSpec = {
      operationId,
      method: method.toUpperCase(),
      path: template,
      fullPath: `${this.basePath}${template}`,
      parameters,
      indexedQuery: parameters.filter((p) => p.in === 'query' && p.indexed).map((p) => p.name),
      raw: op,
    };
    const pre = op['x-jdcloud-preconditions'] as PreconditionsExtension | undefined;
    if (pre) result.preconditions = pre;
    const transition = op['x-jdcloud-transition'] as TransitionExtension | undefined;
    if (transition) result.transition = transition;
    const pagination = op['x-jdcloud-pagination'] as PaginationExtension | undefined;
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
