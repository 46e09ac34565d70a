/**
 * Where a Social Fetch profile stream stands, reported after each page's videos were all
 * emitted (as an `onEvent` `{ type: 'checkpoint', source: 'socialfetch', checkpoint }` event
 * and to `onCheckpoint`). Plain JSON. To continue after a crash or a stop, pass `cursor`
 * back: `profileVideos(handle, { cursor: checkpoint.cursor })` starts at the page after the
 * last one reported; `done: true` means the stream reached the end.
 */
export type SocialFetchCheckpoint =
  | {
      version: 1;
      done: false;
      /** The API's `data.page.nextCursor`: where the next page starts. */
      cursor: string;
    }
  | { version: 1; done: true };

/** The checkpoint after a page whose next cursor is `next` (`undefined`: the last page). */
export function socialFetchCheckpointAfter(next: string | undefined): SocialFetchCheckpoint {
  return next === undefined
    ? { version: 1, done: true }
    : { version: 1, done: false, cursor: next };
}
