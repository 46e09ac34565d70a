import type { ErrorKind } from './errors.js';

/** API error codes seen across TikTok's APIs and Social Fetch, by what they mean for us. */
const KIND_BY_CODE: Readonly<Record<string, ErrorKind>> = {
  access_token_invalid: 'auth',
  access_token_expired: 'auth',
  invalid_token: 'auth',
  invalid_client: 'auth',
  unauthorized: 'auth',
  scope_not_authorized: 'forbidden',
  scope_permission_missed: 'forbidden',
  permission_denied: 'forbidden',
  forbidden: 'forbidden',
  rate_limit_exceeded: 'rate_limited',
  too_many_requests: 'rate_limited',
  daily_quota_limit_exceeded: 'quota_exhausted',
  quota_exceeded: 'quota_exhausted',
  insufficient_credits: 'quota_exhausted',
  internal_error: 'server',
  server_error: 'server',
  temporarily_unavailable: 'server',
  service_unavailable: 'server',
  invalid_params: 'bad_request',
  invalid_request: 'bad_request',
  bad_request: 'bad_request',
  not_found: 'not_found',
};

/** The kind of a failed exchange: the API's code when we know it, else the HTTP status. */
export function errorKindFor(status: number, code?: string): ErrorKind {
  const byCode = code === undefined ? undefined : KIND_BY_CODE[code.toLowerCase()];
  if (byCode !== undefined) return byCode;
  if (status === 401) return 'auth';
  if (status === 402) return 'quota_exhausted';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server';
  if (status >= 400) return 'bad_request';
  return 'invalid_response';
}
