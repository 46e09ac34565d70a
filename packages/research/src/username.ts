import { TikrxError } from '@tikrx/core';
import { describeValue } from '@tikrx/core/internal';

/** TikTok's rule: letters, digits, underscores and periods, at most 24 characters. */
const TIKTOK_USERNAME = /^[A-Za-z0-9_.]{1,24}$/;

/**
 * A TikTok username as the API takes it: `@` in front is dropped, then it must be 1 to 24
 * letters, digits, underscores or periods. Anything else (a path, a query string, a newline,
 * 5,000 characters) fails with `bad_request` naming `name`, before any request.
 */
export function validateUsername(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new TikrxError({
      kind: 'bad_request',
      message: `${name} must be a TikTok username (a non-empty string)`,
    });
  }
  const username = value.startsWith('@') ? value.slice(1) : value;
  if (!TIKTOK_USERNAME.test(username)) {
    throw new TikrxError({
      kind: 'bad_request',
      message: `${name} must be a TikTok username: 1 to 24 letters, digits, underscores or periods, optionally after @; got ${describeValue(value)}`,
    });
  }
  return username;
}
