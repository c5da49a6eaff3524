// The bundled document and an index of its operations, read through @jdcloud-vm/spec rather than
// the client's generated table, so a contract test does not trust the code it is checking.
import { listOperations, loadBundle, resolveRef, serverBasePath, type OperationEntry as DocumentOperation } from '@jdcloud-vm/spec';

export interface OperationEntry extends DocumentOperation {
  /** Matches a decoded request path (without `/v1`); parameters never span `/` or `:`. */
  pattern: RegExp;
}

export const spec = loadBundle();

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const operations: OperationEntry[] = listOperations(spec).map((entry) => ({
  ...entry,
  pattern: new RegExp(`^${entry.path.split(/\{[^}]+\}/).map(escapeRegex).join('[^/:]+')}$`),
}));

export const basePath = serverBasePath(spec);

/** The operation a request was for, from its method and (percent-decoded) path. */
export function matchOperation(method: string, rawPath: string): OperationEntry | undefined {
  const path = decodeURIComponent(rawPath).slice(basePath.length);
  return operations.find((op) => op.method === method && op.pattern.test(path));
}

/** Follows a local `$ref` inside the bundle. */
export function resolve<T = unknown>(node: unknown): T {
  return resolveRef<T>(spec, node);
}
