/**
 * Where a Display stream stands, reported after each page's videos were all emitted (as an
 * `onEvent` `{ type: 'checkpoint', source: 'display', checkpoint }` event and to
 * `onCheckpoint`). Plain JSON. To continue after a crash or a stop, pass `cursor` back:
 * `display.videos({ cursor: checkpoint.cursor })` starts at the page after the last one
 * reported; `done: true` means the stream reached the end.
 */
export type DisplayCheckpoint =
  | {
      version: 1;
      done: false;
      /** The API's cursor of the next page: a UTC timestamp in milliseconds. */
      cursor: number;
    }
  | { version: 1; done: true };

/** The checkpoint after a page whose next cursor is `next` (`undefined`: the last page). */
export function displayCheckpointAfter(next: number | undefined): DisplayCheckpoint {
  return next === undefined
    ? { version: 1, done: true }
    : { version: 1, done: false, cursor: next };
}
