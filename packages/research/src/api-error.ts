import type { ApiErrorReader } from '@tikrx/core';
import { readTikTokError } from '@tikrx/tiktok-platform';

/**
 * Research API errors: TikTok's envelope `error: { code, message, log_id }` (`code !== 'ok'` is
 * a failure whatever the status), and the OAuth form on `/v2/oauth/token/`; read by the
 * platform layer, which maps TikTok's codes (`daily_quota_limit_exceeded`…) to kinds.
 */
export const readResearchError: ApiErrorReader = readTikTokError;

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

/**
 * The field's vague transient answers ("Something is wrong. Please try again later.",
 * "Something went wrong…", "Server Internal Error"), sent with 400 or 500: a retry cures them.
 */
export function isVagueTransient(error: { kind?: string; apiMessage?: string }): boolean {
  if (error.kind !== 'bad_request' && error.kind !== 'server') return false;
  return /something (is|went) wrong|server internal error/i.test(error.apiMessage ?? '');
}
