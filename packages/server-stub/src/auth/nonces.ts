// Nonces seen within the signature window. A nonce is remembered until its request's date has
// left the window, so a replay is caught for as long as the date would still be accepted.

export class NonceCache {
  private readonly seen = new Map<string, number>(); // key → expiry (ms)
  private lastSweep = 0;

  constructor(private readonly windowMs: number) {}

  /** Records the nonce; false if it was already seen and has not expired. */
  remember(accessKeyId: string, nonce: string, requestTime: number, now: number): boolean {
    this.sweep(now);
    const key = `${accessKeyId}\n${nonce}`;
    const expiry = this.seen.get(key);
    if (expiry !== undefined && expiry > now) return false;
    // Accepted while |now - requestTime| <= window, so keep it until requestTime + window.
    this.seen.set(key, Math.max(requestTime, now) + this.windowMs);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < 10_000 && this.seen.size < 100_000) return;
    this.lastSweep = now;
    for (const [key, expiry] of this.seen) if (expiry <= now) this.seen.delete(key);
  }
}
