import type { ErrorKind } from './errors.js';
import type { ApiErrorReader } from './http.js';

/**
 * Reads errors the way the TikTok v2 APIs write them (`{ error: { code, message, log_id } }`,
 * `code: "ok"` on success). Tests only; the real readers live in the source packages.
 */
export const readTikTokError: ApiErrorReader = (status, body) => {
  const error =
    typeof body === 'object' && body !== null
      ? (body as { error?: { code?: unknown; message?: unknown; log_id?: unknown } }).error
      : undefined;
  const code = typeof error?.code === 'string' ? error.code : undefined;
  if (code === 'ok' || (code === undefined && status < 400)) return undefined;
  return {
    ...(code === undefined ? {} : { code }),
    ...(typeof error?.message === 'string' ? { message: error.message } : {}),
    ...(typeof error?.log_id === 'string' ? { requestId: error.log_id } : {}),
  };
};

/** Secrets every exchange below is sent with; none may appear in any error. */
export const ACCESS_TOKEN = 'act.QUERY-secret-0a1b2c3d';
export const BEARER_TOKEN = 'clt.HEADER-secret-4e5f6a7b';
export const API_KEY = 'sf-APIKEY-secret-8c9d0e1f';
export const SECRETS = [ACCESS_TOKEN, BEARER_TOKEN, API_KEY];
export const SECRET_HEADERS = { authorization: `Bearer ${BEARER_TOKEN}`, 'x-api-key': API_KEY };
export const PATH = `/v2/research/video/query/?fields=id,music_id&access_token=${ACCESS_TOKEN}`;

const tiktokError = (code: string, message: string) =>
  JSON.stringify({ data: {}, error: { code, message, log_id: `log-${code}` } });

/** One HTTP answer per error kind a server can cause (network and timeout are tested apart). */
export interface ErrorExchange {
  kind: ErrorKind;
  status: number;
  body: string;
  headers: Record<string, string>;
  /** What the error must carry beyond its kind. */
  expected: Record<string, unknown>;
}

const json = { 'content-type': 'application/json' };

export const ERROR_EXCHANGES: readonly ErrorExchange[] = [
  {
    kind: 'auth',
    status: 401,
    body: tiktokError(
      'access_token_invalid',
      'The access token is invalid or not found in the request.',
    ),
    headers: json,
    expected: {
      status: 401,
      code: 'access_token_invalid',
      apiMessage: 'The access token is invalid or not found in the request.',
      requestId: 'log-access_token_invalid',
      retryable: false,
    },
  },
  {
    kind: 'forbidden',
    status: 403,
    body: tiktokError('scope_not_authorized', 'The user did not authorize the scope required.'),
    headers: json,
    expected: { status: 403, code: 'scope_not_authorized', retryable: false },
  },
  {
    kind: 'bad_request',
    status: 400,
    body: tiktokError('invalid_params', 'Invalid max_count.'),
    headers: json,
    expected: { status: 400, code: 'invalid_params', apiMessage: 'Invalid max_count.' },
  },
  {
    kind: 'not_found',
    status: 404,
    body: '{"message":"no such route"}',
    headers: json,
    expected: { status: 404, retryable: false },
  },
  {
    kind: 'rate_limited',
    status: 429,
    body: tiktokError('rate_limit_exceeded', 'API rate limit exceeded'),
    headers: { ...json, 'retry-after': '7' },
    expected: { status: 429, code: 'rate_limit_exceeded', retryAfterMs: 7000, retryable: true },
  },
  {
    kind: 'quota_exhausted',
    status: 402,
    body: '{"error":{"code":"insufficient_credits","message":"Out of credits"}}',
    headers: json,
    expected: { status: 402, code: 'insufficient_credits', retryable: false },
  },
  {
    kind: 'server',
    status: 500,
    body: tiktokError('internal_error', 'Something went wrong'),
    headers: json,
    expected: { status: 500, code: 'internal_error', retryable: true },
  },
  {
    kind: 'server',
    status: 504,
    body: '<html><body><h1>504 Gateway Time-out</h1></body></html>',
    headers: { 'content-type': 'text/html' },
    expected: { status: 504, retryable: true },
  },
  {
    kind: 'invalid_response',
    status: 200,
    body: '<html>maintenance</html>',
    headers: { 'content-type': 'text/html' },
    expected: { status: 200, retryable: true },
  },
  {
    kind: 'invalid_response',
    status: 200,
    body: '{"data":{"videos":[{"id":7320768196569599275,"music_id":71594602380',
    headers: json,
    expected: { status: 200, retryable: true },
  },
];
