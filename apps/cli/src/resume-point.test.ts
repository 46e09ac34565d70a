import { describe, expect, it } from 'vitest';
import { resumePointOf } from './resume-point.js';

const isNumber = (value: unknown): value is number => typeof value === 'number';

describe('resumePointOf', () => {
  it('starts from the top on a first run', () => {
    expect(resumePointOf(undefined, isNumber, 'Display')).toEqual({ finished: false });
  });

  it("resumes from a client checkpoint's cursor, and not at all after the last page", () => {
    expect(resumePointOf({ version: 1, done: false, cursor: 1700 }, isNumber, 'Display')).toEqual({
      finished: false,
      cursor: 1700,
    });
    expect(resumePointOf({ version: 1, done: true }, isNumber, 'Display')).toEqual({
      finished: true,
    });
  });

  it('resumes from the { cursor } state an earlier tikrx wrote', () => {
    expect(resumePointOf({ cursor: 1700 }, isNumber, 'Display')).toEqual({
      finished: false,
      cursor: 1700,
    });
  });

  it('refuses a cursor of the wrong type as bad usage', () => {
    expect(() => resumePointOf({ cursor: 'abc' }, isNumber, 'Display')).toThrow(
      expect.objectContaining({ kind: 'bad_request' }),
    );
  });
});
