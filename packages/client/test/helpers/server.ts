// A scripted HTTP server on 127.0.0.1 (port 0) for the client tests: it records every request,
// checks its signature with the package's own verifier, and answers with what the test says.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { AddressInfo } from 'node:net';
import { verifySignature, type VerifyResult } from '../../src/signing.js';

export const credentials = {
  accessKeyId: 'JDC_LOCALTEST0000000000000001',
  secretAccessKey: 'local-secret-0123456789abcdef',
};

export interface Recorded {
  /** When it arrived (Date.now()). */
  at: number;
  method: string;
  /** Path and query exactly as received. */
  url: string;
  path: string;
  query: string;
  headers: IncomingMessage['headers'];
  body: string;
  verified: VerifyResult;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as it is. */
  body?: unknown;
  /** Wait before answering, in ms. */
  delayMs?: number;
  /** Destroy the socket instead of answering. */
  destroy?: boolean;
}

export type Handler = (request: Recorded, index: number) => Reply | Promise<Reply>;

export interface TestServer {
  endpoint: string;
  requests: Recorded[];
  /** Sets how the next requests are answered. */
  handle(handler: Handler): void;
  close(): Promise<void>;
}

export async function startServer(): Promise<TestServer> {
  const requests: Recorded[] = [];
  let handler: Handler = () => ({ status: 200, body: { requestId: 'req-default', result: {} } });
  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const recorded: Recorded = {
      at: Date.now(),
      method: req.method ?? 'GET',
      url,
      path: q === -1 ? url : url.slice(0, q),
      query: q === -1 ? '' : url.slice(q + 1),
      headers: req.headers,
      body,
      verified: await verifySignature({ method: req.method ?? 'GET', url, headers: req.headers, body }, (id) =>
        id === credentials.accessKeyId ? credentials.secretAccessKey : undefined,
      ),
    };
    requests.push(recorded);
    let reply: Reply;
    try {
      reply = await handler(recorded, requests.length - 1);
    } catch (error) {
      reply = { status: 599, body: String(error) };
    }
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (reply.destroy) {
      req.socket.destroy();
      return;
    }
    if (res.destroyed) return;
    const text = typeof reply.body === 'string' ? reply.body : reply.body === undefined ? '' : JSON.stringify(reply.body);
    res.writeHead(reply.status ?? 200, {
      ...(typeof reply.body === 'string' ? { 'content-type': 'text/plain' } : { 'content-type': 'application/json' }),
      ...reply.headers,
    });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    handle(next) {
      handler = next;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** One server for a test file: started before its tests, its record cleared after each, closed at the end. */
export function useServer(): { readonly server: TestServer } {
  const holder = {} as { server: TestServer };
  beforeAll(async () => {
    holder.server = await startServer();
  });
  afterAll(() => holder.server.close());
  afterEach(() => {
    holder.server.requests.length = 0;
  });
  return holder;
}
