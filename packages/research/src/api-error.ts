import type { ApiErrorDetails, ApiErrorReader } from '@tikrx/core';

/**
 * Research API errors: every body carries `error: { code, message, log_id }`, and
 * `code !== 'ok'` is a failure whatever the status. The OAuth endpoint answers in the OAuth
 * shape instead: `{ error: 'invalid_client', error_description, log_id }`.
 */
export const readResearchError: ApiErrorReader = (status, body) => {
  if (typeof body !== 'object' || body === null) return undefined;
  const { error, error_description: description, log_id: logId } = body as Record<string, unknown>;
  if (typeof error === 'string') {
    return withoutEmpty({ code: error, message: text(description), requestId: text(logId) });
  }
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message, log_id: requestId } = error as Record<string, unknown>;
  if (code === 'ok' && status >= 200 && status < 300) return undefined;
  if (typeof code !== 'string') return undefined;
  return withoutEmpty({ code, message: text(message), requestId: text(requestId) });
};

/**
 * "Search Id 7354… is invalid or expired": the cached search behind `search_id` is gone.
 * The API sends it as `invalid_params`; retried a little, then the window searches afresh.
 */
export function isSearchExpired(error: { code?: string; apiMessage?: string }): boolean {
  const words = error.apiMessage ?? '';
  return /search[\s_-]*id/i.test(words) && /invalid|expired/i.test(words);
}

/** "Invalid count or cursor": the API's word for a cursor its cached search no longer takes. */
export function isInvalidCursor(error: { code?: string; apiMessage?: string }): boolean {
  return /invalid count or cursor/i.test(error.apiMessage ?? '');
}

/** The token was refused: renew it (a client-credentials client can) and send again. */
export function isTokenRejected(error: { kind?: string; code?: string }): boolean {
  return (
    error.kind === 'auth' &&
    (error.code === undefined || /access_token_(invalid|expired)|invalid_token/i.test(error.code))
  );
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function withoutEmpty(details: {
  code: string;
  message: string | undefined;
  requestId: string | undefined;
}): ApiErrorDetails {
  const out: ApiErrorDetails = { code: details.code };
  if (details.message !== undefined) out.message = details.message;
  if (details.requestId !== undefined) out.requestId = details.requestId;
  return out;
}
