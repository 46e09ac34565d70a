import { describe, expect, it } from 'vitest';
import { TikrxError } from './errors.js';
import { idString } from './id-string.js';

describe('idString', () => {
  it('keeps a decimal string as it is', () => {
    expect(idString('7099522475452681474')).toBe('7099522475452681474');
  });

  it('writes a bigint and a safe integer in decimal', () => {
    expect(idString(7777777777777777777n)).toBe('7777777777777777777');
    expect(idString(63960564)).toBe('63960564');
  });

  it('refuses a number that already lost its digits', () => {
    // What JSON.parse makes of the Research example's 702874395068494965.
    const rounded = JSON.parse('702874395068494965') as number;
    expect(() => idString(rounded)).toThrow(TikrxError);
    try {
      idString(rounded);
    } catch (error) {
      expect((error as TikrxError).kind).toBe('invalid_response');
    }
  });
});
