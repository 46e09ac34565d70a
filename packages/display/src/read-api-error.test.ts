import { describe, expect, it } from 'vitest';
import { readDisplayV1Error } from './read-api-error.js';

const v1Error = (code: number | string, detail = '') => ({
  data: { error_code: code, description: '' },
  extra: { error_detail: detail, logid: 'LOG-1' },
});

describe('readDisplayV1Error', () => {
  it('reads no error from a page whose error_code is 0', () => {
    expect(
      readDisplayV1Error(200, { data: { error_code: 0, err_code: 0, video_list: [] }, extra: {} }),
    ).toBeUndefined();
  });

  it.each([
    ['10000', 'server'],
    ['10001', 'bad_request'],
    ['10002', 'auth'],
    ['10003', 'forbidden'],
    ['10004', 'rate_limited'],
  ] as const)(
    'maps error_code %s (HTTP 200) to %s, keeping the words and the log id',
    (code, kind) => {
      expect(readDisplayV1Error(200, v1Error(Number(code), 'the detail'))).toEqual({
        code,
        kind,
        message: 'the detail',
        requestId: 'LOG-1',
      });
    },
  );

  it('reads err_code when error_code is absent, and an unlisted code by its status, then its words', () => {
    expect(readDisplayV1Error(200, { data: { err_code: 20001 }, extra: {} })?.code).toBe('20001');
    expect(readDisplayV1Error(503, v1Error(99999))?.kind).toBe('server');
    expect(readDisplayV1Error(200, v1Error(99999, 'Access token is expired'))?.kind).toBe('auth');
    expect(readDisplayV1Error(200, v1Error(99999, 'Too many requests'))?.kind).toBe('rate_limited');
    expect(readDisplayV1Error(200, v1Error(99999, 'something else'))?.kind).toBe('bad_request');
  });

  it('keeps the log id of a failed status without an error_code', () => {
    expect(readDisplayV1Error(502, { extra: { logid: 'LOG-2' } })).toEqual({ requestId: 'LOG-2' });
  });
});
