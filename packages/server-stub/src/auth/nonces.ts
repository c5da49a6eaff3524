// Nonces seen within the signature window. A nonce is remembered until its request's date has
// left the window, so a replay is caught for as long as the date would still be accepted.
//
// Expiry is amortised O(1): each nonce is also filed in a one-second bucket of its expiry, and a
// request only empties the buckets that have ended since the last one. Nothing ever walks the
// whole map (it did once the map held 100,000 nonces: on every request, ~1 ms each).

const BUCKET_MS = 1000;

export class NonceCache {
  private readonly seen = new Map<string, number>(); // key → expiry (ms)
  private readonly buckets = new Map<number, string[]>(); // ⌊expiry / 1 s⌋ → keys
  /** Every bucket up to this one has been emptied. */
  private sweptUpTo: number | undefined;
  private examinedCount = 0;

  constructor(private readonly windowMs: number) {}

  /** Records the nonce; false if it was already seen and has not expired. */
  remember(accessKeyId: string, nonce: string, requestTime: number, now: number): boolean {
    this.sweep(now);
    const key = `${accessKeyId}\n${nonce}`;
    const expiry = this.seen.get(key);
    if (expiry !== undefined && expiry > now) return false;
    // Accepted while |now - requestTime| <= window, so keep it until requestTime + window.
    const until = Math.max(requestTime, now) + this.windowMs;
    this.seen.set(key, until);
    const bucket = Math.floor(until / BUCKET_MS);
    const keys = this.buckets.get(bucket);
    if (keys) keys.push(key);
    else this.buckets.set(bucket, [key]);
    // A clock set back can file a nonce behind the sweep: sweep from there again.
    if (this.sweptUpTo !== undefined && bucket <= this.sweptUpTo) this.sweptUpTo = bucket - 1;
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  /** Entries looked at by sweeps since the start (tests: the work per request stays bounded). */
  get examined(): number {
    return this.examinedCount;
  }

  private sweep(now: number): void {
    // Buckets that ended at or before `now` hold only expired nonces (expiry <= now).
    const last = Math.floor(now / BUCKET_MS) - 1;
    if (this.sweptUpTo === undefined) {
      this.sweptUpTo = last;
      return;
    }
    if (last <= this.sweptUpTo) return;
    if (last - this.sweptUpTo > this.buckets.size) {
      // A long gap (an idle stub, a clock moved by hand): visit the buckets, not the seconds.
      for (const bucket of [...this.buckets.keys()]) if (bucket <= last) this.empty(bucket, now);
    } else {
      for (let bucket = this.sweptUpTo + 1; bucket <= last; bucket++) this.empty(bucket, now);
    }
    this.sweptUpTo = last;
  }

  private empty(bucket: number, now: number): void {
    const keys = this.buckets.get(bucket);
    if (!keys) return;
    this.buckets.delete(bucket);
    for (const key of keys) {
      this.examinedCount += 1;
      // The nonce may have been remembered again since (with a later expiry, in a later bucket).
      const expiry = this.seen.get(key);
      if (expiry !== undefined && expiry <= now) this.seen.delete(key);
    }
  }
}
