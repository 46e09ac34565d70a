import { describe, expect, it } from 'vitest';
import { badRequest } from './bad-request.js';
import { notDocumentedShape } from './not-documented-shape.js';
import { pickCommonOptions } from './pick-common-options.js';

describe('badRequest', () => {
  it('is a bad_request TikrxError that is never retried', () => {
    const error = badRequest('maxCount must be from 1 to 100');
    expect(error).toMatchObject({ kind: 'bad_request', retryable: false });
    expect(error.message).toBe('maxCount must be from 1 to 100');
  });
});

describe('notDocumentedShape', () => {
  it('names the first three places that broke the shape, and is not retried', () => {
    const error = notDocumentedShape('Display v2 video/list', [
      { path: ['data', 'videos', 0, 'id'], message: 'expected string' },
      { path: [], message: 'expected object' },
      { path: ['a'], message: 'x' },
      { path: ['b'], message: 'never shown' },
    ]);
    expect(error).toMatchObject({ kind: 'invalid_response', retryable: false });
    expect(error.message).toBe(
      'Display v2 video/list is not the documented shape (data.videos.0.id: expected string; (root): expected object; a: x)',
    );
  });
});

describe('pickCommonOptions', () => {
  it('keeps the shared options and drops a client’s own (credentials among them)', () => {
    const onEvent = () => {};
    const picked = pickCommonOptions({
      timeoutMs: 5,
      onEvent,
      retry: false,
      accessToken: 'act.secret',
    } as Parameters<typeof pickCommonOptions>[0] & { accessToken: string });
    expect(picked).toEqual({ timeoutMs: 5, onEvent, retry: false });
  });
});
