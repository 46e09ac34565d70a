import { TikrxError } from '@tikrx/core';

/** The longest handle `profileVideos` and `profile` accept. */
export const HANDLE_MAX_LENGTH = 64;

/**
 * Characters that could change the request's path or query, or never occur in a handle:
 * separators, `?`, `#`, backslash, whitespace and control characters.
 */
const PATH_BREAKING = /[/?#\\\s\u0000-\u001f\u007f]/;

/**
 * A handle as one percent-encoded path segment, or `bad_request`. The handle can never change
 * the path: it is checked (1 to 64 characters, no separators, no `.`/`..` segments) and then
 * encoded anyway.
 */
export function handlePathSegment(handle: unknown): string {
  if (typeof handle !== 'string' || handle.length === 0) {
    throw new TikrxError({
      kind: 'bad_request',
      message: 'A TikTok handle is required (1 to 64 characters)',
    });
  }
  if (handle.length > HANDLE_MAX_LENGTH) {
    throw new TikrxError({
      kind: 'bad_request',
      message: `A TikTok handle has at most ${HANDLE_MAX_LENGTH} characters; got ${handle.length}`,
    });
  }
  if (PATH_BREAKING.test(handle) || handle.includes('..') || handle === '.') {
    throw new TikrxError({
      kind: 'bad_request',
      message: `Not a TikTok handle: ${JSON.stringify(handle)} (no '/', '?', '#', '\\', whitespace, control characters or '..')`,
    });
  }
  return encodeURIComponent(handle);
}
