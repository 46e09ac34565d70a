import { describe, expect, it } from 'vitest';
import { parseEvery } from './parse-every.js';

describe('parseEvery', () => {
  it('reads a number and a unit', () => {
    expect(parseEvery('1h')).toBe(3_600_000);
    expect(parseEvery('15m')).toBe(900_000);
    expect(parseEvery('90s')).toBe(90_000);
    expect(parseEvery('2d')).toBe(172_800_000);
    expect(parseEvery(5_000)).toBe(5_000);
  });

  it('refuses anything else with bad_request', () => {
    for (const bad of ['1', 'h', '1.5h', '0s', '1w', '', 500]) {
      expect(() => parseEvery(bad)).toThrow(expect.objectContaining({ kind: 'bad_request' }));
    }
  });
});
