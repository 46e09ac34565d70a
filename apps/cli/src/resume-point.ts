import { TikrxError } from '@tikrx/core';

/** Where a page-cursor crawl (Display, Social Fetch) picks up. */
export type ResumePoint<C> =
  /** The last checkpoint was taken after the last page: nothing left to fetch. */
  | { finished: true }
  /** From `cursor`; from the first page when it is absent. */
  | { finished: false; cursor?: C };

/**
 * Reads the state a `--checkpoint` file holds for a Display or Social Fetch crawl: the
 * client's own checkpoint (`DisplayCheckpoint`, `SocialFetchCheckpoint`: `{ version: 1,
 * done: false, cursor }` or `{ version: 1, done: true }`), or `{ cursor }` in a file an
 * earlier tikrx wrote (it read the cursor off the API's answers). Both keep the next page's
 * cursor under `cursor`, so either resumes. `undefined` (a first run) starts from the top.
 */
export function resumePointOf<C>(
  state: unknown,
  isCursor: (value: unknown) => value is C,
  api: string,
): ResumePoint<C> {
  if (state === undefined) return { finished: false };
  const { done, cursor } = (state ?? {}) as { done?: unknown; cursor?: unknown };
  if (done === true) return { finished: true };
  if (cursor === undefined) return { finished: false };
  if (!isCursor(cursor)) {
    throw new TikrxError({
      kind: 'bad_request',
      message: `--checkpoint holds no ${api} page cursor (${JSON.stringify(cursor)}); remove it to start over`,
    });
  }
  return { finished: false, cursor };
}
