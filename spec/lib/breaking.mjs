// Finds the changes between two bundles that break existing callers: a removed operation, a moved
// operation, a removed or retyped request or response field, a newly required parameter or body
// field, and a request enum value that is no longer accepted. Additions are never breaking.
import { listOperations, operationParameters, resolveRef } from './index.js';

/** Flattens a schema into {path → {type, required, enum}} through $ref, allOf and array items. */
function flatten(doc, schema, prefix, out = new Map(), depth = 0, required = false) {
  const node = resolveRef(doc, schema);
  if (!node || typeof node !== 'object' || depth > 12) return out;
  const parts = [node, ...(node.allOf ?? []).map((part) => resolveRef(doc, part))];
  const type = parts.map((p) => p?.type).find(Boolean) ?? (node.allOf ? 'object' : undefined);
  const enumValues = parts.map((p) => p?.enum).find(Boolean);
  out.set(prefix, { type, required, enum: enumValues });
  for (const part of parts) {
    const requiredNames = new Set(part?.required ?? []);
    for (const [name, prop] of Object.entries(part?.properties ?? {})) {
      flatten(doc, prop, `${prefix}.${name}`, out, depth + 1, requiredNames.has(name));
    }
    if (part?.items) flatten(doc, part.items, `${prefix}[]`, out, depth + 1, false);
  }
  return out;
}

function operationShape(doc, entry) {
  const op = entry.operation;
  const params = new Map();
  for (const param of operationParameters(doc, entry)) {
    const schema = resolveRef(doc, param.schema);
    params.set(`${param.in}.${param.name}`, { type: schema?.type, required: Boolean(param.required), enum: schema?.enum });
  }
  const body = resolveRef(doc, op.requestBody);
  const bodySchema = body?.content?.['application/json']?.schema;
  const request = bodySchema ? flatten(doc, bodySchema, 'body', new Map(), 0, Boolean(body.required)) : new Map();
  const okSchema = resolveRef(doc, op.responses?.['200'])?.content?.['application/json']?.schema;
  const response = okSchema ? flatten(doc, okSchema, 'response') : new Map();
  return { method: entry.method, path: entry.path, params, request, response };
}

export function breakingChanges(before, after) {
  const changes = [];
  const now = new Map(listOperations(after).map((e) => [e.operationId, operationShape(after, e)]));
  for (const entry of listOperations(before)) {
    const id = entry.operationId;
    const old = operationShape(before, entry);
    const cur = now.get(id);
    if (!cur) {
      changes.push(`${id}: operation removed`);
      continue;
    }
    if (old.method !== cur.method || old.path !== cur.path) {
      changes.push(`${id}: moved from ${old.method} ${old.path} to ${cur.method} ${cur.path}`);
    }
    for (const [name, was] of old.params) {
      const is = cur.params.get(name);
      if (!is) changes.push(`${id}: parameter ${name} removed`);
      else {
        if (was.type !== is.type) changes.push(`${id}: parameter ${name} retyped from ${was.type} to ${is.type}`);
        if (!was.required && is.required) changes.push(`${id}: parameter ${name} is now required`);
        for (const value of was.enum ?? []) {
          if (is.enum && !is.enum.includes(value)) changes.push(`${id}: parameter ${name} no longer accepts ${JSON.stringify(value)}`);
        }
      }
    }
    for (const [name, is] of cur.params) {
      if (!old.params.has(name) && is.required) changes.push(`${id}: new required parameter ${name}`);
    }
    for (const [field, was] of old.request) {
      const is = cur.request.get(field);
      if (!is) changes.push(`${id}: request field ${field} removed`);
      else {
        if (was.type && is.type && was.type !== is.type) changes.push(`${id}: request field ${field} retyped from ${was.type} to ${is.type}`);
        if (!was.required && is.required) changes.push(`${id}: request field ${field} is now required`);
        for (const value of was.enum ?? []) {
          if (is.enum && !is.enum.includes(value)) changes.push(`${id}: request field ${field} no longer accepts ${JSON.stringify(value)}`);
        }
      }
    }
    for (const [field, is] of cur.request) {
      const parent = field.slice(0, Math.max(field.lastIndexOf('.'), 0));
      if (!old.request.has(field) && is.required && old.request.has(parent)) {
        changes.push(`${id}: new required request field ${field}`);
      }
    }
    for (const [field, was] of old.response) {
      const is = cur.response.get(field);
      if (!is) changes.push(`${id}: response field ${field} removed`);
      else if (was.type && is.type && was.type !== is.type) {
        changes.push(`${id}: response field ${field} retyped from ${was.type} to ${is.type}`);
      }
    }
  }
  return changes;
}
