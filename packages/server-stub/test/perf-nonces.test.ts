// Issue 7: the nonce cache expires nonces in amortised O(1). It used to walk the whole map on
// every request once it held 100,000 nonces; `examined` counts the entries sweeps look at.
import { describe, expect, it } from 'vitest';
import { NonceCache } from '../src/auth/nonces.js';

const WINDOW = 15 * 60 * 1000;
const T0 = Date.UTC(2024, 4, 1, 8, 0, 0);

describe('NonceCache', () => {
  it('a replay within the window is refused; after the window the nonce is forgotten', () => {
    const cache = new NonceCache(WINDOW);
    expect(cache.remember('AK', 'n-1', T0, T0)).toBe(true);
    expect(cache.remember('AK', 'n-1', T0, T0 + 1000)).toBe(false);
    expect(cache.remember('OTHER', 'n-1', T0, T0 + 1000)).toBe(true); // per access key
    // Kept until the request's date leaves the window.
    expect(cache.remember('AK', 'n-1', T0, T0 + WINDOW - 1)).toBe(false);
    // Expired at once (a replay is accepted again), swept within the second that follows.
    expect(cache.remember('AK', 'n-1', T0 + WINDOW, T0 + WINDOW)).toBe(true);
    expect(cache.remember('AK', 'n-2', T0 + 2 * WINDOW + 1000, T0 + 2 * WINDOW + 1000)).toBe(true);
    expect(cache.size).toBe(1); // every n-1 expired and swept
  });

  it('a date ahead of the clock keeps the nonce until that date has left the window', () => {
    const cache = new NonceCache(WINDOW);
    const ahead = T0 + 10 * 60 * 1000;
    expect(cache.remember('AK', 'n', ahead, T0)).toBe(true);
    expect(cache.remember('AK', 'n', ahead, ahead + WINDOW - 1)).toBe(false);
    expect(cache.remember('AK', 'x', ahead + WINDOW, ahead + WINDOW)).toBe(true);
    expect(cache.remember('AK', 'n', ahead + WINDOW, ahead + WINDOW)).toBe(true);
  });

  it('with 120,000 nonces held, a request does not walk the map (the old cache walked it every time)', () => {
    const cache = new NonceCache(WINDOW);
    for (let i = 0; i < 120_000; i++) cache.remember('AK', `fill-${i}`, T0, T0 + Math.floor(i / 100));
    expect(cache.size).toBe(120_000);
    const before = cache.examined;
    // 1,000 more requests over the next 20 s: nothing has expired, so nothing needs looking at.
    for (let i = 0; i < 1000; i++) expect(cache.remember('AK', `more-${i}`, T0 + 1200, T0 + 1200 + i * 20)).toBe(true);
    expect(cache.examined - before).toBe(0);
    expect(cache.size).toBe(121_000);
  });

  it('each nonce is looked at once when it expires, spread over the requests that follow', () => {
    const cache = new NonceCache(WINDOW);
    for (let i = 0; i < 50_000; i++) cache.remember('AK', `n-${i}`, T0 + i * 10, T0 + i * 10); // 500 s of traffic
    expect(cache.examined).toBe(0);
    // One request per second from the first expiry on: each sweeps only the second that ended.
    let maxPerRequest = 0;
    for (let s = 0; s <= 500; s++) {
      const now = T0 + WINDOW + s * 1000 + 1;
      const before = cache.examined;
      cache.remember('AK', `late-${s}`, now, now);
      maxPerRequest = Math.max(maxPerRequest, cache.examined - before);
    }
    expect(cache.examined).toBe(50_000);
    expect(maxPerRequest).toBeLessThanOrEqual(200); // one second of the 100-per-second traffic (and a bucket edge)
    expect(cache.size).toBeLessThanOrEqual(501 + 100);
  });

  it('a nonce remembered again after expiring is not dropped by the sweep of its old expiry', () => {
    const cache = new NonceCache(WINDOW);
    cache.remember('AK', 'n', T0, T0);
    // Expired (expiry T0 + WINDOW <= now) but its bucket not swept yet: remembered again.
    const now = T0 + WINDOW;
    expect(cache.remember('AK', 'n', now, now)).toBe(true);
    // The next second's request sweeps the old bucket; the new entry must survive it.
    expect(cache.remember('AK', 'other', now + 1500, now + 1500)).toBe(true);
    expect(cache.remember('AK', 'n', now, now + 2000)).toBe(false);
  });

  it('after a long idle gap or a clock set back, expiry still works', () => {
    const cache = new NonceCache(WINDOW);
    for (let i = 0; i < 100; i++) cache.remember('AK', `n-${i}`, T0, T0);
    const years = T0 + 3 * 365 * 24 * 3600 * 1000;
    expect(cache.remember('AK', 'after-gap', years, years)).toBe(true);
    expect(cache.size).toBe(1);
    expect(cache.examined).toBe(100);
    // The clock goes back (a ManualClock set by hand): nonces filed behind the sweep still expire.
    expect(cache.remember('AK', 'back', T0, T0)).toBe(true);
    expect(cache.remember('AK', 'back', T0, T0 + 1)).toBe(false);
    expect(cache.remember('AK', 'later', T0 + WINDOW + 2000, T0 + WINDOW + 2000)).toBe(true);
    expect(cache.remember('AK', 'back', T0 + WINDOW + 2000, T0 + WINDOW + 2000)).toBe(true);
  });
});
