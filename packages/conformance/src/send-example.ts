// Sends a page's request example to the stub as JD Cloud would receive it from someone who copied
// it: the path, query and body as written, signed with @jdcloud-vm/client's signer for the region
// the path names. Judges the answer: a documented domain answer is fine (404 for the pages' masked
// ids, a failed precondition, an error the page's table lists), a request called malformed is not.
import { signRequest } from '@jdcloud-vm/client';
import type { SdkCredentials } from './node-sdk-driver.js';
import type { RequestExample } from './page-examples.js';

export interface ExampleAnswer {
  status: number;
  body: string;
  error?: { code: number; status: string; message: string };
}

/** Statuses that say the request itself is wrong, not the state of the account. */
const MALFORMED = new Set(['INVALID_ARGUMENT', 'OUT_OF_RANGE']);

export async function sendExample(example: RequestExample, baseUrl: string, credentials: SdkCredentials | undefined): Promise<ExampleAnswer> {
  const url = `${baseUrl}${example.target}`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const body = example.body === '' ? undefined : example.body;
  const regionId = /^\/v1\/regions\/([^/]+)/.exec(example.target)?.[1] ?? 'cn-north-1';
  const signed = credentials
    ? await signRequest({ method: example.method, url, headers, ...(body !== undefined ? { body } : {}) }, { ...credentials, regionId })
    : headers;
  const response = await fetch(url, { method: example.method, headers: signed, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  let error: ExampleAnswer['error'];
  try {
    error = (JSON.parse(text) as { error?: ExampleAnswer['error'] }).error;
  } catch {
    error = undefined;
  }
  return { status: response.status, body: text, ...(error ? { error } : {}) };
}

/** A documented row ("Invalid password", "Image 'xx' not found") as a pattern on a message. */
const rowPattern = (row: string) =>
  new RegExp(row.split(/'?xx'?/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*'), 'i');

/**
 * Whether a row of the page's error table documents this refusal: the same message, or a row
 * "Invalid <name>" for a value the stub found wrong in that parameter (the rebuildInstance page's
 * "Invalid password" for the stub's "Invalid parameter 'password': must NOT have fewer than 8
 * characters"). A missing or unknown parameter is never such a row's case.
 */
function documented(message: string, rows: readonly string[]): boolean {
  const wrongValue = /^Invalid parameter '([^']+)': (?!is required)/i.exec(message)?.[1];
  const name = wrongValue?.split(/[.[\]]/).filter(Boolean).at(-1)?.toLowerCase();
  return rows.some((row) => rowPattern(row).test(message) || (name !== undefined && row.trim().toLowerCase() === `invalid ${name}`));
}

/** Why the answer means the example was refused, or undefined when it was accepted. */
export function refusal(answer: ExampleAnswer, documentedInvalid: readonly string[]): string | undefined {
  if (answer.status < 300) return undefined;
  if (!answer.error) return `answered ${answer.status} without JD Cloud's error envelope`;
  const { code, status, message } = answer.error;
  if (code >= 500 || code === 401 || code === 405 || code === 413) return `answered ${code} ${status}: ${message}`;
  if (MALFORMED.has(status) && !documented(message, documentedInvalid)) {
    return `refused as malformed: ${code} ${status}: ${message}`;
  }
  return undefined;
}
