import type { ApiErrorDetails, ErrorKind } from '@tikrx/core';
import { withoutUndefined } from '@tikrx/core/internal';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * Social Fetch's documented error codes. `insufficient_credits` (402) is never retried: another
 * attempt cannot buy credits. `lookup_failed` is the upstream TikTok lookup failing: worth
 * another attempt unless the status says the request itself was wrong.
 */
function kindOf(code: string | undefined, status: number): ErrorKind | undefined {
  switch (code) {
    case 'unauthorized':
      return 'auth';
    case 'insufficient_credits':
      return 'quota_exhausted';
    case 'temporarily_unavailable':
    case 'internal_error':
      return 'server';
    case 'bad_request':
      return 'bad_request';
    case 'lookup_failed':
      if (status === 404) return 'not_found';
      if (status >= 400 && status < 500 && status !== 429) return 'bad_request';
      return 'server';
    default:
      return undefined;
  }
}

/**
 * Reads `{ error: { code, message } }` (or `code`/`message` at the top) and the request id from
 * `meta.requestId`. A 2xx without an error is no error.
 */
export function readSocialFetchError(status: number, body: unknown): ApiErrorDetails | undefined {
  const root = isObject(body) ? body : {};
  const nested = isObject(root['error']) ? root['error'] : undefined;
  const code = text(nested?.['code']) ?? text(root['error']) ?? text(root['code']);
  const isSuccess = status >= 200 && status < 300;
  if (code === undefined && isSuccess) return undefined;
  const message = text(nested?.['message']) ?? text(root['message']);
  const meta = isObject(root['meta']) ? root['meta'] : undefined;
  const requestId =
    text(meta?.['requestId']) ?? text(nested?.['requestId']) ?? text(root['requestId']);
  const kind = kindOf(code, status);
  return withoutUndefined({
    code,
    message,
    requestId,
    kind,
    // Out of credits is final; the default retry policy would not retry it either.
    retryable: kind === 'quota_exhausted' ? false : undefined,
  });
}
