import type { ApiErrorDetails, ErrorKind } from '@tikrx/core';
import { withoutUndefined } from '@tikrx/core/internal';

/** The Research API's code for its spent daily quota. */
const DAILY_QUOTA_CODE = 'daily_quota_limit_exceeded';

/**
 * The codes TikTok's v2 APIs (Research, Display v2, OAuth) document, by what they mean for a
 * client. A code not listed keeps the kind its HTTP status gives.
 */
const KIND_BY_CODE: Readonly<Record<string, ErrorKind>> = {
  access_token_invalid: 'auth',
  access_token_expired: 'auth',
  invalid_token: 'auth',
  // OAuth: a client key/secret or refresh token the token endpoint refuses.
  invalid_client: 'auth',
  invalid_grant: 'auth',
  unauthorized_client: 'auth',
  scope_not_authorized: 'forbidden',
  scope_permission_missed: 'forbidden',
  access_denied: 'forbidden',
  rate_limit_exceeded: 'rate_limited',
  // Research: 1,000 requests a day, reset at 00:00 UTC.
  [DAILY_QUOTA_CODE]: 'quota_exhausted',
  internal_error: 'server',
  server_error: 'server',
  temporarily_unavailable: 'server',
  invalid_params: 'bad_request',
  invalid_request: 'bad_request',
};

/** The kind a TikTok error code stands for, or `undefined` for a code TikTok does not document. */
export function tiktokErrorKind(code: string): ErrorKind | undefined {
  return KIND_BY_CODE[code.toLowerCase()];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * Reads TikTok's error out of a parsed body. Two shapes:
 *
 * - the API envelope every v2 answer carries, `error: { code, message, log_id }`, where
 *   `code: "ok"` on a 2xx is success (any other code is a failure, whatever the status);
 * - the OAuth form of `/v2/oauth/token/`, `{ error: "invalid_grant", error_description, log_id }`.
 *
 * A 2xx without an error is no error (`undefined`).
 */
export function readTikTokError(status: number, body: unknown): ApiErrorDetails | undefined {
  const isSuccess = status >= 200 && status < 300;
  if (!isObject(body)) return undefined;
  if (typeof body['error'] === 'string') return readOAuthForm(body);
  const error = isObject(body['error']) ? body['error'] : undefined;
  const code = text(error?.['code']);
  const ok = code === undefined || code === 'ok';
  if (ok && isSuccess) return undefined;
  const message = text(error?.['message']);
  const requestId = text(error?.['log_id']);
  if (ok) return withoutUndefined({ message, requestId });
  return withoutUndefined({
    code,
    message,
    requestId,
    kind: tiktokErrorKind(code),
    // The Research API's 1,000 requests a day come back at 00:00 UTC.
    dailyQuota: code === DAILY_QUOTA_CODE ? true : undefined,
  });
}

function readOAuthForm(body: Json): ApiErrorDetails {
  const code = text(body['error']);
  return withoutUndefined({
    code,
    message: text(body['error_description']),
    requestId: text(body['log_id']),
    kind: code === undefined ? undefined : tiktokErrorKind(code),
  });
}
