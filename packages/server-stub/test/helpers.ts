// Shared test helpers: start a quiet stub on a free port, call it (optionally signed with the
// client's signRequest), seed instances.
import { JdCloudError } from '@jdcloud-vm/client';
import { signRequest } from '@jdcloud-vm/client/signing';
import { type RunningStub, type StubOptions, startStub } from '../src/index.js';

export const REGION = 'cn-north-1';

export interface TestStub extends RunningStub {
  logs: Array<Record<string, unknown>>;
  api: (path: string) => string;
}

export async function start(options: StubOptions = {}): Promise<TestStub> {
  const logs: Array<Record<string, unknown>> = [];
  const stub = await startStub({
    port: 0,
    logLevel: 'debug',
    logSink: (line) => logs.push(JSON.parse(line) as Record<string, unknown>),
    docsDir: false,
    ...options,
  });
  return Object.assign(stub, { logs, api: (path: string) => `${stub.url}/v1/regions/${REGION}${path}` });
}

export interface Signer {
  accessKeyId: string;
  secretAccessKey: string;
  date?: Date;
  nonce?: string;
  regionId?: string;
}

export interface CallOptions {
  body?: unknown;
  /** Raw body text (sent as is). */
  rawBody?: string;
  headers?: Record<string, string>;
  sign?: Signer;
}

export interface CallResult {
  status: number;
  headers: Headers;
  json: any;
}

export async function call(method: string, url: string, options: CallOptions = {}): Promise<CallResult> {
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  let headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.sign) {
    headers = await signRequest(
      { method, url, headers, ...(body !== undefined ? { body } : {}) },
      {
        accessKeyId: options.sign.accessKeyId,
        secretAccessKey: options.sign.secretAccessKey,
        regionId: options.sign.regionId ?? REGION,
        ...(options.sign.date ? { date: options.sign.date } : {}),
        ...(options.sign.nonce ? { nonce: options.sign.nonce } : {}),
      },
    );
    delete headers.host; // fetch sets it, to the same value
  }
  const response = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${method} ${url} answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
  return { status: response.status, headers: response.headers, json };
}

/** Asserts the JD Cloud error envelope and returns its error. */
export function errorOf(result: CallResult): { code: number; status: string; message: string } {
  const { json, status, headers } = result;
  if (typeof json?.requestId !== 'string' || !json.error) {
    throw new Error(`not an error envelope (${status}): ${JSON.stringify(json)}`);
  }
  if (json.error.code !== status) throw new Error(`error.code ${json.error.code} differs from HTTP ${status}`);
  if (headers.get('x-jdcloud-request-id') !== json.requestId) throw new Error('x-jdcloud-request-id differs from requestId');
  if (Object.keys(json).sort().join() !== 'error,requestId') throw new Error(`extra envelope fields: ${Object.keys(json)}`);
  return json.error;
}

export interface InstanceSeed {
  instanceId: string;
  status: string;
  [key: string]: unknown;
}

/** Puts an instance straight into the store, for tests that need one in a given state without a createInstances flow. */
export function seedInstance(stub: RunningStub, account: string, seed: InstanceSeed, region = REGION): void {
  stub.store.scope(account, region).instances.insert(seed.instanceId, seed);
}

export interface Failure {
  httpStatus: number;
  status: string;
  message: string;
}

/** The JdCloudError a client call rejects with (fails the test when it resolves). */
export async function failure(call: Promise<unknown>): Promise<Failure> {
  try {
    await call;
  } catch (error) {
    if (error instanceof JdCloudError) return { httpStatus: error.httpStatus, status: error.status, message: error.message };
    throw error;
  }
  throw new Error('the call succeeded, but a failure was expected');
}
