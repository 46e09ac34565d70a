import type { ApiErrorDetails, ErrorKind } from '@tikrx/core';
import { withoutUndefined } from '@tikrx/core/internal';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * Display v1's numeric `error_code`s, as the simulator (and its README) numbers them: v1's
 * document lists no codes. Codes not listed fall back to the HTTP status, then to the wording
 * of `error_detail`, then to `bad_request` (never retried).
 */
const V1_KIND_BY_CODE: Readonly<Record<string, ErrorKind>> = {
  '10000': 'server', // internal_error
  '10001': 'bad_request', // invalid_params
  '10002': 'auth', // access_token_invalid (expired or revoked)
  '10003': 'forbidden', // scope_not_authorized
  '10004': 'rate_limited', // rate_limit_exceeded
};

function kindFromStatus(status: number): ErrorKind | undefined {
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server';
  return undefined;
}

/** The kind an error's wording gives away when its numeric code is not one we know. */
function kindFromWording(detail: string | undefined): ErrorKind | undefined {
  if (detail === undefined) return undefined;
  const words = detail.toLowerCase();
  if (/token/.test(words) && /(expire|invalid|revoked|not found|missing)/.test(words))
    return 'auth';
  if (/scope|permission|not authori[sz]ed/.test(words)) return 'forbidden';
  if (/rate.?limit|too many|frequency/.test(words)) return 'rate_limited';
  if (/quota/.test(words)) return 'quota_exhausted';
  if (/internal|unavailable|server error|try again/.test(words)) return 'server';
  return undefined;
}

/**
 * v1 answers errors with HTTP 200 and a non-zero `data.error_code` (or `err_code`); the API's
 * words are in `extra.error_detail`, its log id in `extra.logid`. The numeric code becomes
 * `code` as a string.
 */
export function readDisplayV1Error(status: number, body: unknown): ApiErrorDetails | undefined {
  const data = isObject(body) && isObject(body['data']) ? body['data'] : undefined;
  const extra = isObject(body) && isObject(body['extra']) ? body['extra'] : undefined;
  const message = text(extra?.['error_detail']);
  const requestId = text(extra?.['logid']);
  const rawCode = [data?.['error_code'], data?.['err_code']].find(
    (value) => value !== undefined && value !== null && value !== 0 && value !== '0',
  );
  if (rawCode === undefined) {
    if (status >= 200 && status < 300) return undefined;
    return withoutUndefined({ message, requestId });
  }
  const code = String(rawCode);
  const kind =
    V1_KIND_BY_CODE[code] ?? kindFromStatus(status) ?? kindFromWording(message) ?? 'bad_request';
  return withoutUndefined({ code, message, requestId, kind });
}
