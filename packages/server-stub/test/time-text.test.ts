import { describe, expect, it } from 'vitest';
import { beijingIsoTime, beijingTime, utcTime } from '../src/state/time-text.js';

// The formats as they were written before the formatters kept their last string.
const expected = {
  utc: (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`,
  beijing: (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' '),
  beijingIso: (ms: number) => `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`,
};

describe('time-text: the stored time formats', () => {
  const samples = [0, 999, 1000, 1_714_960_351_999, 1_714_960_352_000, 1_796_597_425_271, 1_796_597_425_271, 1_796_597_424_000, 951_782_399_500];

  it('write each time as before, whatever second came before (the kept string is per second)', () => {
    for (const ms of [...samples, ...samples.reverse()]) {
      expect(utcTime(ms)).toBe(expected.utc(ms));
      expect(beijingTime(ms)).toBe(expected.beijing(ms));
      expect(beijingIsoTime(ms)).toBe(expected.beijingIso(ms));
    }
  });

  it('cross the day in Beijing time eight hours before UTC does', () => {
    const ms = Date.UTC(2024, 4, 6, 16, 0, 1);
    expect(utcTime(ms)).toBe('2024-05-06T16:00:01Z');
    expect(beijingTime(ms)).toBe('2024-05-07 00:00:01');
    expect(beijingIsoTime(ms)).toBe('2024-05-07T00:00:01+08:00');
  });
});
