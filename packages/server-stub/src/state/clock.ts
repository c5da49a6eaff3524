// Time as the stub sees it. Everything time-dependent (signature skew, transitions, task ends,
// createTime fields) reads `clock.now()`, so tests can move time by hand.

import { beijingIsoTime } from './time-text.js';

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to (tests). */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: number | Date = Date.UTC(2024, 4, 1, 8, 30, 0)) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(time: number | Date): void {
    this.current = typeof time === 'number' ? time : time.getTime();
  }
}

/** ISO 8601 with an explicit offset, as JD Cloud writes times (`2024-05-01T16:30:00+08:00`). */
export function isoTime(ms: number, offsetMinutes = 8 * 60): string {
  if (offsetMinutes === 8 * 60) return beijingIsoTime(ms);
  const shifted = new Date(ms + offsetMinutes * 60_000);
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${shifted.toISOString().slice(0, 19)}${sign}${hh}:${mm}`;
}

/**
 * The stub's clock: another clock plus an offset that only grows (`POST /_stub/clock`,
 * `stub.clock.advance(ms)`). The state (transitions, createTime, tasks) reads it; signatures are
 * checked against the clock under it, since the callers' clocks do not move with the stub's.
 */
export class OffsetClock implements Clock {
  private offset = 0;
  constructor(readonly base: Clock) {}
  now(): number {
    return this.base.now() + this.offset;
  }
  /** How far it is ahead of the clock under it. */
  get offsetMs(): number {
    return this.offset;
  }
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`the clock only moves forward: got ${ms} ms`);
    this.offset += ms;
  }
}
