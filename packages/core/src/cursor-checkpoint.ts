/**
 * Where a cursor-paged stream stands (Display, Social Fetch), reported after each page's items
 * were all emitted. Plain JSON: pass `cursor` back to start at the next page; `done: true`
 * means the stream reached the end.
 */
export type CursorCheckpoint<C> =
  | {
      version: 1;
      done: false;
      /** Where the next page starts, as the API's own cursor. */
      cursor: C;
    }
  | { version: 1; done: true };

/** The checkpoint after a page whose next cursor is `next` (`undefined`: the last page). */
export function cursorCheckpointAfter<C>(next: C | undefined): CursorCheckpoint<C> {
  return next === undefined
    ? { version: 1, done: true }
    : { version: 1, done: false, cursor: next };
}
