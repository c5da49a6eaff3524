// Every request example of the document, sent to a stub with no domain modules: a request the
// contract accepts gets past validation to the (missing) handler and answers 500 "not
// implemented"; one the contract rejects answers 400. So each example must reach the handler.
import { encodeIndexedQuery } from '@jdcloud-vm/client';
import { startStub, type RunningStub } from '@jdcloud-vm/server-stub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basePath, operations, resolve, type OperationEntry } from '../src/spec.js';

interface Parameter {
  name: string;
  in: string;
  example?: unknown;
  schema?: { example?: unknown };
  'x-jdcloud-encoding'?: string;
}

interface RequestCase {
  name: string;
  entry: OperationEntry;
  path: string;
  query: string;
  body: unknown;
}

function requestCases(entry: OperationEntry): RequestCase[] {
  const params = (entry.operation.parameters ?? []).map((p) => resolve<Parameter>(p));
  const exampleOf = (p: Parameter) => p.example ?? p.schema?.example;
  const path = entry.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = exampleOf(params.find((p) => p.name === name && p.in === 'path')!);
    return encodeURIComponent(String(value));
  });
  const query: Record<string, unknown> = {};
  for (const p of params.filter((q) => q.in === 'query' && exampleOf(q) !== undefined)) query[p.name] = exampleOf(p);
  const encodedPath = basePath + path.split('/').map((s) => encodeURIComponent(decodeURIComponent(s))).join('/');
  const indexed = params.filter((p) => p['x-jdcloud-encoding'] === 'indexed').map((p) => p.name);
  const queryString = encodeIndexedQuery(query, indexed);
  const media = resolve<{ content?: Record<string, { example?: unknown; examples?: Record<string, { value: unknown }> }> }>(
    entry.operation.requestBody,
  )?.content?.['application/json'];
  const bodies: Array<[string, unknown]> = media
    ? [
        ...(media.example !== undefined ? [['example', media.example] as [string, unknown]] : []),
        ...Object.entries(media.examples ?? {}).map(([name, ex]) => [name, resolve<{ value: unknown }>(ex).value] as [string, unknown]),
      ]
    : [];
  if (bodies.length === 0) return [{ name: `${entry.operationId} (parameter examples)`, entry, path: encodedPath, query: queryString, body: undefined }];
  return bodies.map(([name, body]) => ({ name: `${entry.operationId} ${name}`, entry, path: encodedPath, query: queryString, body }));
}

const cases = operations.flatMap(requestCases);
let stub: RunningStub;

beforeAll(async () => {
  stub = await startStub({ port: 0, modules: [], logLevel: 'error', docsDir: false, responseValidation: false });
});
afterAll(async () => {
  await stub?.close();
});

describe('request examples of the document', () => {
  it('there is at least one per operation', () => {
    expect(new Set(cases.map((c) => c.entry.operationId)).size).toBe(operations.length);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s passes the stub’s validation', async (_name, c) => {
    const response = await fetch(`${stub.url}${c.path}${c.query ? `?${c.query}` : ''}`, {
      method: c.entry.method,
      headers: { 'content-type': 'application/json' },
      body: c.body === undefined ? (c.entry.method === 'POST' ? '{}' : undefined) : JSON.stringify(c.body),
    });
    const answer = (await response.json()) as { error?: { status: string; message: string } };
    expect(answer.error?.message, `${c.entry.method} ${c.path}?${c.query}`).toMatch(/not implemented/);
    expect(response.status).toBe(500);
  });
});

describe('the examples check', () => {
  it('tells a rejected request from an accepted one', async () => {
    const response = await fetch(`${stub.url}/v1/regions/cn-north-1/instances/i-eumm0kd4k1%3AstopInstance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chargeOnStopped: 'sometimes' }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { status: string } }).error.status).toBe('INVALID_ARGUMENT');
  });
});
