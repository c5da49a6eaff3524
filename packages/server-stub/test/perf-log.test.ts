// Issue 7: the request log stays on (a JSON line per request, info level) but goes to stdout in
// batches: one write per turn of the event loop instead of one per line, order kept.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, stdoutSink } from '../src/log.js';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('stdout log sink', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('lines logged in one turn of the loop are written together, in order, at the next turn', async () => {
    const writes: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string) => {
      writes.push(String(chunk));
      return true;
    }) as typeof process.stdout.write);
    const log = createLogger('info');
    log.info('request', { n: 1 });
    log.warn('something', { n: 2 });
    log.debug('hidden', { n: 3 }); // below the level
    log.info('request', { n: 4 });
    expect(writes).toEqual([]);
    await turn();
    expect(writes).toHaveLength(1);
    const lines = writes[0]!.split('\n');
    expect(lines.pop()).toBe(''); // ends with a newline
    expect(lines.map((l) => (JSON.parse(l) as { n: number }).n)).toEqual([1, 2, 4]);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'info', msg: 'request' });
  });

  it('a large batch is written without waiting (64 KiB), nothing lost or reordered', async () => {
    const writes: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string) => {
      writes.push(String(chunk));
      return true;
    }) as typeof process.stdout.write);
    const filler = 'x'.repeat(1000);
    for (let i = 0; i < 100; i++) stdoutSink(JSON.stringify({ i, filler }));
    expect(writes.length).toBeGreaterThanOrEqual(1); // flushed once past 64 KiB, before the turn ends
    await turn();
    const all = writes.join('').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { i: number }).i);
    expect(all).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
