import { badRequest } from './bad-request.js';
import { describeValue } from './describe-value.js';

/**
 * A plain object: `{...}` or `Object.create(null)` (from any realm), not an array, a Date, a
 * Map, a class instance or a primitive.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  // The last test admits a plain object made in another realm (vm, worker).
  return proto === null || proto === Object.prototype || Object.getPrototypeOf(proto) === null;
}

/**
 * Throws `bad_request` unless `value` is a plain object. `name` says which argument
 * (`'videos options'`, `'createDisplayClient options'`). An optional argument that is absent
 * is the caller's to allow: check `undefined` first.
 */
export function validateOptionsObject<T>(value: T, name: string): asserts value is T & object {
  if (!isPlainObject(value)) {
    throw badRequest(`${name} must be an object; got ${describeValue(value)}`);
  }
}
