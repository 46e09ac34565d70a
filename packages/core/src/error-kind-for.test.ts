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

  it.each([
    [400, 'access_token_invalid', 'auth'],
    [401, 'access_token_expired', 'auth'],
    [401, 'scope_not_authorized', 'forbidden'],
    [429, 'daily_quota_limit_exceeded', 'quota_exhausted'],
    [402, 'insufficient_credits', 'quota_exhausted'],
    [400, 'rate_limit_exceeded', 'rate_limited'],
    [200, 'internal_error', 'server'],
    [503, 'temporarily_unavailable', 'server'],
    [400, 'invalid_params', 'bad_request'],
    [200, 'not_found', 'not_found'],
  ] as const)('lets the API code win: HTTP %i %s is %s', (status, code, kind) => {
    expect(errorKindFor(status, code)).toBe(kind);
  });

  it('reads codes case-insensitively and falls back to the status for unknown ones', () => {
    expect(errorKindFor(400, 'Access_Token_Invalid')).toBe('auth');
    expect(errorKindFor(503, 'something_new')).toBe('server');
  });
});
