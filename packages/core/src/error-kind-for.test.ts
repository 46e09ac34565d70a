import { describe, expect, it } from 'vitest';
import { errorKindFor } from './error-kind-for.js';

describe('errorKindFor', () => {
  it.each([
    [401, 'auth'],
    [402, 'quota_exhausted'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [408, 'timeout'],
    [429, 'rate_limited'],
    [400, 'bad_request'],
    [422, 'bad_request'],
    [500, 'server'],
    [504, 'server'],
    [200, 'invalid_response'],
  ] as const)('maps HTTP %i to %s when there is no code', (status, kind) => {
    expect(errorKindFor(status)).toBe(kind);
  });
});
