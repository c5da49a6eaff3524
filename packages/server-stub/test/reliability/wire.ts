// Requests sent byte for byte (node:http, no URL normalisation, so `..`, `%2F` and `%00` reach
// the stub as written), optionally signed over exactly those bytes, and the checks every answer
// of the reliability suites must pass: a status, the JD Cloud error envelope on errors, the
// request id header, no dropped connection, no hang.
import {
  type SignatureVersion,
  authorizationHeader,
  canonicalRequest,
  credentialScope,
  formatJdcloudDate,
  signableHeaderNames,
  signatureFor,
} from '@jdcloud-vm/client/signing';
import { createHash, randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { errorOf } from '../helpers.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface WireRequest {
  method: string;
  /** Raw path as it goes on the wire (already percent-encoded as wanted). */
  path: string;
  /** Raw query without `?` (none when undefined). */
  query?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface SignOptions extends Credentials {
  regionId?: string;
  date?: Date;
  nonce?: string;
  /** Default JDCLOUD2. */
  signatureVersion?: SignatureVersion;
}

/**
 * JDCLOUD2-HMAC-SHA256 (or JDCLOUD3) over the request exactly as it will be sent (the client's signRequest
 * goes through `new URL`, which would normalise the very paths these tests send), with the
 * client's own canonicalRequest and signatureFor.
 */
export async function signWire(request: WireRequest, host: string, options: SignOptions): Promise<Record<string, string>> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  headers.host = host;
  const date = formatJdcloudDate(options.date ?? new Date());
  headers['x-jdcloud-date'] = date;
  headers['x-jdcloud-nonce'] = options.nonce ?? randomUUID();
  delete headers.authorization;
  const signed = signableHeaderNames(headers);
  const body = request.body === undefined ? Buffer.alloc(0) : Buffer.from(request.body);
  const regionId = options.regionId ?? 'cn-north-1';
  const version = options.signatureVersion;
  const signature = await signatureFor({
    version,
    secretAccessKey: options.secretAccessKey,
    date,
    regionId,
    service: 'vm',
    canonicalRequest: canonicalRequest({
      version,
      method: request.method,
      path: request.path,
      query: request.query ?? '',
      headers,
      signedHeaders: signed,
      bodyHash: createHash('sha256').update(body).digest('hex'),
    }),
  });
  const scope = credentialScope(date.slice(0, 8), regionId, 'vm', version);
  headers.authorization = authorizationHeader(options.accessKeyId, scope, signed, signature, version);
  return headers;
}

export class DroppedConnection extends Error {}

/** One keep-alive agent per port; sockets closed by the server are replaced by the agent. */
const agents = new Map<number, Agent>();
function agentFor(port: number): Agent {
  let agent = agents.get(port);
  if (!agent) {
    agent = new Agent({ keepAlive: true, maxSockets: 64 });
    agents.set(port, agent);
  }
  return agent;
}

export function closeAgents(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

/** Sends the request as is; rejects with DroppedConnection when no complete answer arrives. */
export async function send(port: number, request: WireRequest, sign?: SignOptions, timeoutMs = 10_000): Promise<WireResponse> {
  const host = `127.0.0.1:${port}`;
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  let headers: Record<string, string> = { host, ...request.headers };
  if (sign) headers = await signWire(request, host, sign);
  if (body !== undefined) headers['content-length'] = String(body.length);
  const target = request.query === undefined ? request.path : `${request.path}?${request.query}`;
  return new Promise<WireResponse>((resolve, reject) => {
    let settled = false;
    const done = (error: Error | undefined, response?: WireResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(response as WireResponse);
    };
    const req = httpRequest(
      { host: '127.0.0.1', port, method: request.method, path: target, headers, agent: agentFor(port) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          done(undefined, { status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', (error) => done(new DroppedConnection(`${request.method} ${target.slice(0, 120)}: ${error.message}`)));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      done(new DroppedConnection(`${request.method} ${target.slice(0, 120)}: no answer within ${timeoutMs} ms (hang)`));
    }, timeoutMs);
    // A server may answer (413) before the whole body is written; a write error after that is not a drop.
    req.on('error', (error) => done(new DroppedConnection(`${request.method} ${target.slice(0, 120)}: ${error.message}`)));
    req.end(body);
  });
}

/** Bytes straight on a socket (for what node:http refuses to send); resolves with what came back. */
export function sendRaw(port: number, bytes: string | Buffer, waitMs = 2_000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const timer = setTimeout(finish, waitMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // One complete answer is enough: stop once the declared body has arrived.
      const text = Buffer.concat(chunks).toString('utf8');
      const end = text.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(text.slice(0, end === -1 ? undefined : end));
      if (end !== -1 && length && Buffer.byteLength(text.slice(end + 4)) >= Number(length[1])) finish();
    });
    socket.on('error', () => finish());
    socket.on('close', () => finish());
    socket.write(bytes);
  });
}

/** Splits a raw HTTP/1.1 answer into status, headers and body. */
export function parseRawResponse(text: string): WireResponse | undefined {
  const end = text.indexOf('\r\n\r\n');
  if (end === -1) return undefined;
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '');
  if (!m) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { status: Number(m[1]), headers, text: text.slice(end + 4) };
}

function toHeaders(headers: WireResponse['headers']): Headers {
  const out = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return out;
}

/**
 * Why an answer to a bad request is not acceptable, or undefined when it is: a 4xx (or, when
 * `mayPass`, a 2xx) and every error in the JD Cloud envelope with its request id header.
 */
export function problemWith(response: WireResponse, options: { mayPass?: boolean; head?: boolean } = {}): string | undefined {
  const { status } = response;
  if (status >= 200 && status < 300) return options.mayPass ? undefined : `answered ${status}: the bad request was accepted`;
  if (status < 400 || status >= 500) return `answered ${status}: ${response.text.slice(0, 300)}`;
  if (options.head) {
    return response.headers['x-jdcloud-request-id'] ? undefined : `HEAD ${status} without x-jdcloud-request-id`;
  }
  let json: unknown;
  try {
    json = JSON.parse(response.text);
  } catch {
    return `answered ${status} with a body that is not JSON: ${JSON.stringify(response.text.slice(0, 200))}`;
  }
  try {
    errorOf({ status, headers: toHeaders(response.headers), json });
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
}

/** Own properties of the built-in prototypes (to detect pollution). */
export function prototypeFingerprint(): string {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype, Number.prototype, Boolean.prototype]
    .map((p) => Object.getOwnPropertyNames(p).sort().join(','))
    .join('|');
}

/** Enumerable properties inherited by a fresh object: anything here is prototype pollution. */
export function pollution(): string[] {
  const found: string[] = [];
  // eslint-disable-next-line guard-for-in
  for (const key in {}) found.push(`Object.prototype.${key}`);
  // eslint-disable-next-line guard-for-in
  for (const key in []) found.push(`Array.prototype.${key}`);
  if ((Object.prototype as Record<string, unknown>).polluted !== undefined) found.push('Object.prototype.polluted');
  return found;
}
