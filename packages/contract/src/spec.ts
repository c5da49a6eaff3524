// The bundled document and an index of its operations, read independently of the client's
// generated table, so a contract test does not trust the code it is checking.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface OpenApiOperation {
  operationId: string;
  responses: Record<string, unknown>;
  requestBody?: unknown;
  parameters?: unknown[];
  [key: string]: unknown;
}

export interface OperationEntry {
  operationId: string;
  method: string;
  /** Path template under the server's base path, e.g. `/regions/{regionId}/instances/{instanceId}:stopInstance`. */
  path: string;
  operation: OpenApiOperation;
  /** Matches a decoded request path (without `/v1`); parameters never span `/` or `:`. */
  pattern: RegExp;
}

const require = createRequire(import.meta.url);
export const specFile = require.resolve('@jdcloud-vm/spec/openapi.json');
export const spec = JSON.parse(readFileSync(specFile, 'utf8')) as {
  paths: Record<string, Record<string, OpenApiOperation>>;
  servers: Array<{ url: string }>;
  [key: string]: unknown;
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const operations: OperationEntry[] = Object.entries(spec.paths).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m]).map((method) => ({
    operationId: item[method]!.operationId,
    method: method.toUpperCase(),
    path,
    operation: item[method]!,
    pattern: new RegExp(`^${path.split(/\{[^}]+\}/).map(escapeRegex).join('[^/:]+')}$`),
  })),
);

export const basePath = new URL(spec.servers[0]!.url).pathname.replace(/\/$/, '');

/** The operation a request was for, from its method and (percent-decoded) path. */
export function matchOperation(method: string, rawPath: string): OperationEntry | undefined {
  const path = decodeURIComponent(rawPath).slice(basePath.length);
  return operations.find((op) => op.method === method && op.pattern.test(path));
}

/** Follows a local `$ref` inside the bundle. */
export function resolve<T = unknown>(node: unknown): T {
  let current = node as { $ref?: string } | undefined;
  while (current && typeof current.$ref === 'string') {
    current = current.$ref
      .replace(/^#\//, '')
      .split('/')
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<any>((acc, key) => acc?.[key], spec);
  }
  return current as T;
}
