import type { CursorCheckpoint } from '@tikrx/core';

/**
 * Where a Social Fetch profile stream stands, reported after each page's videos were all
 * emitted (as an `onEvent` `{ type: 'checkpoint', source: 'socialfetch', checkpoint }` event
 * and to `onCheckpoint`). Plain JSON. To continue after a crash or a stop, pass `cursor`
 * back: `profileVideos(handle, { cursor: checkpoint.cursor })` starts at the page after the
 * last one reported; `done: true` means the stream reached the end. The cursor is the API's
 * `data.page.nextCursor`.
 */
export type SocialFetchCheckpoint = CursorCheckpoint<string>;
