import { describe, expect, it } from 'vitest';
import { cursorCheckpointAfter } from './cursor-checkpoint.js';

describe('cursorCheckpointAfter', () => {
  it('names the next page while there is one, and done after the last page', () => {
    expect(cursorCheckpointAfter(1652986389000)).toEqual({
      version: 1,
      done: false,
      cursor: 1652986389000,
    });
    expect(cursorCheckpointAfter('c2')).toEqual({ version: 1, done: false, cursor: 'c2' });
    expect(cursorCheckpointAfter<string>(undefined)).toEqual({ version: 1, done: true });
  });

  it('keeps a cursor of 0 or an empty string as a cursor, not as the end', () => {
    expect(cursorCheckpointAfter(0)).toEqual({ version: 1, done: false, cursor: 0 });
    expect(cursorCheckpointAfter('')).toEqual({ version: 1, done: false, cursor: '' });
  });
});
