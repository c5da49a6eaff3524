// The journal of recent API requests (`GET /_stub/requests`, `stub.requests()`): what a test
// asserts retries, idempotency and paging with. A ring: the newest `capacity` entries are kept,
// older ones are counted in `evicted` and forgotten, so a long-running stub does not grow.

import { splitUrl } from '../http/raw.js';

export interface JournalEntry {
  /** When the answer finished (or the connection closed), by the stub's clock, ISO 8601 UTC. */
  time: string;
  requestId: string;
  method: string;
  /** The path as received, without the query. */
  path: string;
  /** Null when no operation matched (404, 405) or the request failed before routing. */
  operationId: string | null;
  /** The account's PIN; null when the request was not authenticated. */
  account: string | null;
  /** The HTTP status answered; 0 when the connection closed without an answer (a `drop` fault, a client gone). */
  status: number;
  /** `error.status` of the error envelope, null for a success. */
  errorStatus: string | null;
  /** The fault rule that decided the answer, if one did. */
  faultId: string | null;
  durationMs: number;
}

export interface JournalFilter {
  operationId?: string;
  account?: string;
  status?: number;
  /** At most this many entries, the most recent (default: all kept). */
  limit?: number;
}

export interface JournalPage {
  /** Oldest first. */
  requests: JournalEntry[];
  /** Entries kept that match the filter (before `limit`). */
  totalCount: number;
  /** Per operationId (`-` for none) and per status, over the entries kept that match the filter. */
  counts: { byOperation: Record<string, number>; byStatus: Record<string, number> };
  capacity: number;
  /** Entries dropped from the ring since the start or the last clear. */
  evicted: number;
}

export const DEFAULT_JOURNAL_SIZE = 1000;

/**
 * What the request path records: the time as a number and the URL as received. Formatting them
 * (an ISO string, the path without the query) waits until a test reads the journal, which most
 * requests never see.
 */
export type RecordedRequest = Omit<JournalEntry, 'time' | 'path'> & { at: number; url: string };

function entryOf({ at, url, ...rest }: RecordedRequest): JournalEntry {
  return { time: new Date(at).toISOString(), path: splitUrl(url).path, ...rest };
}

export class RequestJournal {
  private readonly ring: RecordedRequest[] = [];
  /** Index of the oldest entry once the ring is full. */
  private start = 0;
  private evictedCount = 0;

  constructor(readonly capacity: number = DEFAULT_JOURNAL_SIZE) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`the journal size must be an integer >= 1, got ${capacity}`);
  }

  record(entry: RecordedRequest): void {
    if (this.ring.length < this.capacity) {
      this.ring.push(entry);
      return;
    }
    this.ring[this.start] = entry;
    this.start = (this.start + 1) % this.capacity;
    this.evictedCount += 1;
  }

  /** Every entry kept, oldest first. */
  entries(): JournalEntry[] {
    return this.kept().map(entryOf);
  }

  private kept(): RecordedRequest[] {
    return [...this.ring.slice(this.start), ...this.ring.slice(0, this.start)];
  }

  query(filter: JournalFilter = {}): JournalPage {
    const matched = this.entries().filter(
      (e) =>
        (filter.operationId === undefined || e.operationId === filter.operationId) &&
        (filter.account === undefined || e.account === filter.account) &&
        (filter.status === undefined || e.status === filter.status),
    );
    const byOperation: Record<string, number> = {};
    const byStatus: Record<string, number> = {};
    for (const e of matched) {
      const op = e.operationId ?? '-';
      byOperation[op] = (byOperation[op] ?? 0) + 1;
      byStatus[String(e.status)] = (byStatus[String(e.status)] ?? 0) + 1;
    }
    const limit = filter.limit ?? matched.length;
    return {
      requests: limit > 0 ? matched.slice(-limit) : [],
      totalCount: matched.length,
      counts: { byOperation, byStatus },
      capacity: this.capacity,
      evicted: this.evictedCount,
    };
  }

  /** Forgets every entry (of one account when `account` is given); returns how many. */
  clear(account?: string): number {
    const before = this.ring.length;
    const kept = account === undefined ? [] : this.kept().filter((e) => e.account !== account);
    this.ring.length = 0;
    this.ring.push(...kept);
    this.start = 0;
    if (account === undefined) this.evictedCount = 0;
    return before - kept.length;
  }
}
