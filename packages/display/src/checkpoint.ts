import type { CursorCheckpoint } from '@tikrx/core';

/**
 * Where a Display stream stands, reported after each page's videos were all emitted (as an
 * `onEvent` `{ type: 'checkpoint', source: 'display', checkpoint }` event and to
 * `onCheckpoint`). Plain JSON. To continue after a crash or a stop, pass `cursor` back:
 * `display.videos({ cursor: checkpoint.cursor })` starts at the page after the last one
 * reported; `done: true` means the stream reached the end. The cursor is the API's own: a UTC
 * timestamp in milliseconds.
 */
export type DisplayCheckpoint = CursorCheckpoint<number>;
