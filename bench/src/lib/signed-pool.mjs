// Signed requests for autocannon. autocannon replays one request buffer, and the stub rejects a
// replayed nonce (401), so every request has to carry its own nonce and signature. Signing with
// the client's signRequest is async (Web Crypto) while autocannon's setupRequest hook is sync, so
// before each round the pool of requests is signed in advance (each with a fresh nonce and the
// current date), and setupRequest hands them out in order, one per request sent. The signing
// happens outside the timed window; the server verifies every one of them inside it.
import { signRequest } from '@jdcloud-vm/client/signing';
import { HOST } from './net.mjs';

export const REGION = 'cn-north-1';
export const BASE_HEADERS = { accept: 'application/json', 'content-type': 'application/json' };

/**
 * Signs `count` requests produced by `make(i)` → {method, path, body?} for a server on `port`.
 * Returns [{method, path, headers, body}], ready for autocannon.
 */
export async function signPool(count, make, { port, credentials, batch = 256 }) {
  const out = new Array(count);
  for (let start = 0; start < count; start += batch) {
    const end = Math.min(count, start + batch);
    const signed = [];
    for (let i = start; i < end; i++) {
      const { method, path, body = '', signPath } = make(i);
      // signPath: what the client signed when the server sees another spelling (Prism: no /v1).
      const url = `http://${HOST}:${port}${signPath ?? path}`;
      signed.push(
        signRequest({ method, url, headers: BASE_HEADERS, body }, { ...credentials, regionId: REGION }).then((headers) => {
          out[i] = { method, path, headers, body };
        }),
      );
    }
    await Promise.all(signed);
  }
  return out;
}

/**
 * autocannon `requests` entries handing out pre-signed requests in order.
 *  - shared: one queue for every connection (stateless reads);
 *  - per connection: connection k gets its own queue (a stop/start cycle on its own instance).
 * Each autocannon connection deep-clones `requests`, so `slot` is per connection: it remembers
 * which queue the connection was given. `onLow` is called once when a queue is nearly used up
 * (the round is then stopped early; its rate is computed over the time it really ran).
 */
export function feeder({ shared, perConnection, onLow, connections = 32 }) {
  let nextConn = 0;
  let lowCalled = false;
  let exhausted = 0;
  const low = () => {
    if (!lowCalled) {
      lowCalled = true;
      onLow?.();
    }
  };
  // Requests in flight when the round is stopped still take from the queue: stop with a margin.
  const margin = shared ? connections * 4 : 4;
  const take = (queue, state) => {
    if (state.i >= queue.length - margin) low();
    if (state.i >= queue.length) {
      exhausted += 1;
      return queue[queue.length - 1]; // replay: the stub answers 401, counted as non-2xx
    }
    const r = queue[state.i];
    state.i += 1;
    return r;
  };
  const sharedState = { i: 0 };
  const entry = {
    slot: {},
    setupRequest(req) {
      let r;
      if (shared) {
        r = take(shared, sharedState);
      } else {
        if (req.slot.conn === undefined) {
          req.slot.conn = nextConn++;
          req.slot.i = 0;
        }
        const queue = perConnection[req.slot.conn % perConnection.length];
        const state = req.slot;
        r = take(queue, state);
      }
      return { ...req, method: r.method, path: r.path, headers: r.headers, body: r.body };
    },
  };
  return {
    requests: [entry],
    stats: () => ({ exhausted, connections: nextConn, used: shared ? sharedState.i : undefined }),
  };
}
