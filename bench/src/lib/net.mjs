// Loopback helpers: a free port on 127.0.0.1, one HTTP request without keep-alive, and a bounded
// poll for the first 200.
import http from 'node:http';
import { createServer } from 'node:net';

export const HOST = '127.0.0.1';

/** A port that was free on 127.0.0.1 a moment ago (the kernel's choice for port 0). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** One request on a fresh connection; resolves {status, body} or rejects on a socket error. */
export function request(port, { method = 'GET', path, headers = {}, body, timeoutMs = 10_000 }) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: HOST, port, method, path, headers, agent: false, timeout: timeoutMs },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

/**
 * Polls `path` every `intervalMs` until it answers 200 (any status with `anyStatus`), the child
 * exits, or `timeoutMs` passes.
 * Resolves the time of the 200 (performance.now()).
 */
export async function waitFor200(port, path, { headers = {}, child, timeoutMs = 30_000, intervalMs = 5, anyStatus = false } = {}) {
  const deadline = performance.now() + timeoutMs;
  let last = 'no answer';
  while (performance.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before answering 200${child.output ? `:\n${child.output.slice(-2000)}` : ''}`);
    }
    try {
      const res = await request(port, { path, headers, timeoutMs: Math.max(1000, deadline - performance.now()) });
      if (res.status === 200 || anyStatus) return performance.now();
      last = `${res.status} ${res.body.slice(0, 200)}`;
    } catch (error) {
      last = error.code ?? error.message;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`no 200 from ${path} within ${timeoutMs} ms (last: ${last})`);
}
