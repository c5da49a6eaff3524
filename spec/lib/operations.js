// The operations of a document, in document order: every consumer's list of what the API offers.
import { jsonPointer, resolveRef } from './refs.js';

/** The HTTP methods a Path Item may hold, in the order OpenAPI lists them. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * Every operation as {operationId, method (upper case), path (the template, without the server's
 * base path), operation, pathItem}, path by path, methods in HTTP_METHODS order. Throws on an
 * operation without an operationId: every reader of the document keys on it.
 */
export function listOperations(doc) {
  const out = [];
  for (const [path, rawItem] of Object.entries(doc.paths ?? {})) {
    const pathItem = resolveRef(doc, rawItem);
    for (const method of HTTP_METHODS) {
      if (!pathItem[method]) continue;
      const operation = resolveRef(doc, pathItem[method]);
      if (typeof operation.operationId !== 'string') throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      out.push({ operationId: operation.operationId, method: method.toUpperCase(), path, operation, pathItem });
    }
  }
  return out;
}

/**
 * The parameters of an operation, resolved, the operation's overriding the path item's of the same
 * name and location (as OpenAPI says), path item's first.
 */
export function operationParameters(doc, entry) {
  const byKey = new Map();
  for (const raw of [...(entry.pathItem.parameters ?? []), ...(entry.operation.parameters ?? [])]) {
    const param = resolveRef(doc, raw);
    byKey.set(`${param.in}:${param.name}`, param);
  }
  return [...byKey.values()];
}

/** The base path of the document's first server (`https://host/v1` → `/v1`; `''` without one). */
export function serverBasePath(doc) {
  const url = doc.servers?.[0]?.url;
  return url === undefined ? '' : new URL(url, 'http://relative.invalid').pathname.replace(/\/+$/, '');
}

/**
 * The JSON pointer of the schema of an operation's JSON answer with `status` (through a response
 * `$ref`), or undefined when the document declares no JSON answer for that status.
 */
export function responseSchemaPointer(doc, entry, status) {
  const declared = entry.operation.responses?.[String(status)];
  if (!declared) return undefined;
  const base = typeof declared.$ref === 'string'
    ? declared.$ref
    : jsonPointer('paths', entry.path, entry.method.toLowerCase(), 'responses', String(status));
  return resolveRef(doc, declared).content?.['application/json'] ? `${base}/content/application~1json/schema` : undefined;
}
