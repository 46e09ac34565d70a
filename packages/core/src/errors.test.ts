import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ERROR_KINDS, isRetryableKind, isTikrxError, TikrxError } from './errors.js';

const TOKEN = 'act.SECRET-token-9f8e7d';

/** Every way an error is usually printed or shipped. */
function everyRendering(error: TikrxError): string[] {
  return [error.message, String(error), JSON.stringify(error), error.stack ?? '', inspect(error)];
}

describe('TikrxError', () => {
  it('carries kind, status, the API code and message, request id and method', () => {
    const error = new TikrxError({
      kind: 'rate_limited',
      message: 'POST /v2/research/video/query/ failed with HTTP 429',
      status: 429,
      code: 'rate_limit_exceeded',
      apiMessage: 'API rate limit exceeded',
      requestId: '20240405132544A8A35938AA061A19F445',
      retryAfterMs: 3000,
      method: 'POST',
      url: 'https://open.tiktokapis.com/v2/research/video/query/?fields=id',
    });
    expect(error).toBeInstanceOf(Error);
    expect(isTikrxError(error)).toBe(true);
    expect(error.name).toBe('TikrxError');
    expect(error).toMatchObject({
      kind: 'rate_limited',
      status: 429,
      code: 'rate_limit_exceeded',
      apiMessage: 'API rate limit exceeded',
      requestId: '20240405132544A8A35938AA061A19F445',
      retryable: true,
      retryAfterMs: 3000,
      method: 'POST',
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'TikrxError',
      kind: 'rate_limited',
      message: 'POST /v2/research/video/query/ failed with HTTP 429',
      status: 429,
      code: 'rate_limit_exceeded',
      apiMessage: 'API rate limit exceeded',
      requestId: '20240405132544A8A35938AA061A19F445',
      retryable: true,
      retryAfterMs: 3000,
      method: 'POST',
      url: 'https://open.tiktokapis.com/v2/research/video/query/?fields=id',
    });
  });

  it('leaves absent fields absent, not undefined', () => {
    const error = new TikrxError({ kind: 'network', message: 'reset' });
    expect(Object.keys(error.toJSON()).sort()).toEqual(['kind', 'message', 'name', 'retryable']);
    expect('status' in error).toBe(false);
  });

  it('is retryable by kind unless told otherwise', () => {
    const retryable = ERROR_KINDS.filter(isRetryableKind);
    expect(retryable).toEqual(['rate_limited', 'server', 'network', 'timeout', 'invalid_response']);
    expect(new TikrxError({ kind: 'auth', message: 'x' }).retryable).toBe(false);
    expect(new TikrxError({ kind: 'server', message: 'x', retryable: false }).retryable).toBe(
      false,
    );
  });

  it('never shows a token that is in its URL, even when the message quotes the raw URL', () => {
    const url = `https://open-api.tiktok.com/video/list/?open_id=u1&access_token=${TOKEN}`;
    const error = new TikrxError({ kind: 'auth', message: `GET ${url} failed`, url });
    expect(error.url).toBe(
      'https://open-api.tiktok.com/video/list/?open_id=u1&access_token=[REDACTED]',
    );
    for (const text of everyRendering(error)) expect(text).not.toContain(TOKEN);
  });

  it('keeps a form-encoded token (a + for a space) out of the message too', () => {
    const url = 'https://x.test/?access_token=abc+def+ghi';
    const error = new TikrxError({ kind: 'auth', message: `failed: ${url}`, url });
    for (const text of everyRendering(error)) expect(text).not.toContain('abc+def+ghi');
  });

  it('scrubs the secrets it is given from message, code, apiMessage and cause', () => {
    const cause = new Error(`socket hang up while sending client_secret=${TOKEN}`);
    const error = new TikrxError({
      kind: 'network',
      message: `failed with ${TOKEN}`,
      code: `E_${TOKEN}`,
      apiMessage: `bad ${TOKEN}`,
      secrets: [TOKEN],
      cause,
    });
    for (const text of [...everyRendering(error), error.code ?? '', error.apiMessage ?? '']) {
      expect(text).not.toContain(TOKEN);
    }
    expect((error.cause as Error).message).toBe(
      'socket hang up while sending client_secret=[REDACTED]',
    );
    // The cause's own stack (which may quote its message before scrubbing) is dropped.
    expect((error.cause as Error).stack).not.toContain(TOKEN);
  });
});
