import type { UserLookupStatus } from '@tikrx/core';

/**
 * Why the API did not return a user, a user's list or a video's comments, read from its words
 * (no code is documented for these; all come as 400 `invalid_params`):
 * - "`username: x` is invalid: cannot find the user" (tiktok-library) → `not_found`;
 * - "API cannot return this user's information" (tiktok-library), messages matching
 *   `is.private` or `information.cannot.be.returned` (traktok), "not allowed to be
 *   disclosed" (comments, tiktok-library #104) → `private`.
 * Undefined for any other error.
 */
export function unavailableReason(error: {
  status?: number;
  apiMessage?: string;
}): Exclude<UserLookupStatus, 'found'> | undefined {
  if (error.status === undefined || error.status < 400 || error.status >= 500) return undefined;
  const words = error.apiMessage ?? '';
  if (/cannot find the (user|video)|does not exist/i.test(words)) return 'not_found';
  if (
    /cannot return this user|is.private|information.cannot.be.returned|not allowed to be disclosed/i.test(
      words,
    )
  ) {
    return 'private';
  }
  return undefined;
}
