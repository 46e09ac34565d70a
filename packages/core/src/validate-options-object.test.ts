import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { isPlainObject, validateOptionsObject } from './validate-options-object.js';

describe('validateOptionsObject', () => {
  it.each([
    ['{}', {}],
    ['Object.create(null)', Object.create(null)],
    ['an object of another realm', runInNewContext('({ a: 1 })')],
  ])('accepts %s', (_name, value) => {
    expect(isPlainObject(value)).toBe(true);
    expect(() => validateOptionsObject(value, 'videos options')).not.toThrow();
  });

  it.each([
    ['a string', 'all', '"all"'],
    ['a number', 123, '123'],
    ['null', null, 'null'],
    ['undefined', undefined, 'undefined'],
    ['an array', ['id'], 'an array'],
    ['a Date', new Date(0), 'a Date'],
    ['a Map', new Map(), 'a Map'],
  ])('refuses %s with bad_request naming the argument', (_name, value, shown) => {
    expect(isPlainObject(value)).toBe(false);
    expect(() => validateOptionsObject(value, 'videos options')).toThrow(
      expect.objectContaining({
        kind: 'bad_request',
        message: `videos options must be an object; got ${shown}`,
      }),
    );
  });
});
