import { describe, expect, it } from 'vitest';
import { readTikTokError, tiktokErrorKind } from './read-tiktok-error.js';

describe('readTikTokError', () => {
  it('reads no error from a 2xx whose envelope says ok', () => {
    expect(readTikTokError(200, { data: {}, error: { code: 'ok', message: '' } })).toBeUndefined();
    expect(readTikTokError(200, { data: {} })).toBeUndefined();
  });

  it('reads code, message and log_id, and maps the code to its kind, whatever the status', () => {
    expect(
      readTikTokError(200, {
        error: { code: 'daily_quota_limit_exceeded', message: 'quota', log_id: 'L1' },
      }),
    ).toEqual({
      code: 'daily_quota_limit_exceeded',
      message: 'quota',
      requestId: 'L1',
      kind: 'quota_exhausted',
      dailyQuota: true,
    });
    expect(readTikTokError(401, { error: { code: 'access_token_invalid' } })).toEqual({
      code: 'access_token_invalid',
      kind: 'auth',
    });
  });

  it('leaves the kind to the status for a code TikTok does not document', () => {
    expect(readTikTokError(500, { error: { code: 'mystery', message: 'm' } })).toEqual({
      code: 'mystery',
      message: 'm',
    });
  });

  it('keeps message and log id of a failed status whose envelope says ok', () => {
    expect(readTikTokError(503, { error: { code: 'ok', message: 'busy', log_id: 'L2' } })).toEqual({
      message: 'busy',
      requestId: 'L2',
    });
  });

  it('reads the OAuth form of /v2/oauth/token/', () => {
    expect(
      readTikTokError(400, {
        error: 'invalid_grant',
        error_description: 'Refresh token is expired',
        log_id: 'L3',
      }),
    ).toEqual({
      code: 'invalid_grant',
      message: 'Refresh token is expired',
      requestId: 'L3',
      kind: 'auth',
    });
    expect(readTikTokError(403, { error: 'access_denied' })).toEqual({
      code: 'access_denied',
      kind: 'forbidden',
    });
  });

  it('reads nothing from a body that is no object', () => {
    expect(readTikTokError(502, 'Bad gateway')).toBeUndefined();
    expect(readTikTokError(200, [1, 2])).toBeUndefined();
  });

  it.each([
    ['access_token_invalid', 'auth'],
    ['access_token_expired', 'auth'],
    ['scope_not_authorized', 'forbidden'],
    ['scope_permission_missed', 'forbidden'],
    ['daily_quota_limit_exceeded', 'quota_exhausted'],
    ['rate_limit_exceeded', 'rate_limited'],
    ['internal_error', 'server'],
    ['temporarily_unavailable', 'server'],
    ['invalid_params', 'bad_request'],
    ['invalid_client', 'auth'],
  ] as const)('maps TikTok code %s to %s', (code, kind) => {
    expect(tiktokErrorKind(code)).toBe(kind);
  });

  it('maps codes without regard to case', () => {
    expect(tiktokErrorKind('RATE_LIMIT_EXCEEDED')).toBe('rate_limited');
    expect(tiktokErrorKind('internal_error')).toBe('server');
    expect(tiktokErrorKind('not_a_code')).toBeUndefined();
  });
});
