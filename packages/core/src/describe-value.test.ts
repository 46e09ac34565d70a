import { describe, expect, it } from 'vitest';
import { describeValue } from './describe-value.js';

describe('describeValue', () => {
  it.each([
    ['30s', '"30s"'],
    ['x'.repeat(50), `"${'x'.repeat(40)}…"`],
    ['a\r\nb', '"a\\r\\nb"'],
    [-1, '-1'],
    [Number.NaN, 'NaN'],
    [true, 'true'],
    [null, 'null'],
    [undefined, 'undefined'],
    [['id'], 'an array'],
    [{}, 'an object'],
    [new Date(0), 'a Date'],
    [() => {}, 'a function'],
  ])('shows %s as %s', (value, shown) => {
    expect(describeValue(value)).toBe(shown);
  });
});
