import { describe, expect, it } from 'vitest';
import { safeUrl } from './safe-url.js';

describe('safeUrl', () => {
  it('never shows the password of a connection URL', () => {
    expect(safeUrl('redis://:s3cret@cache:6379/2')).toBe('redis://:***@cache:6379/2');
    expect(safeUrl('postgres://tikrx:s3cret@db:5432/tikrx')).toBe(
      'postgres://tikrx:***@db:5432/tikrx',
    );
    expect(safeUrl('not a url s3cret')).not.toContain('s3cret');
  });
});
