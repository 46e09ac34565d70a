import { type Observable, tap } from 'rxjs';
import { type CursorCheckpoint, cursorCheckpointAfter } from './cursor-checkpoint.js';
import type { TikrxEventListener } from './events.js';
import { type Page, paginate } from './paginate.js';
import type { VideoSource } from './video.js';

export interface CursorPagesOptions<T, C> {
  /** Named in the `page` and `checkpoint` events. */
  source: VideoSource;
  /** Where the first page starts (`undefined`: the API's first page). */
  first: C | undefined;
  fetchPage: (cursor: C | undefined, pageIndex: number) => Observable<Page<T, C | undefined>>;
  /** Called with a checkpoint after each page's items went downstream. A throw fails the stream. */
  onCheckpoint?: ((checkpoint: CursorCheckpoint<C>) => void) | undefined;
  onEvent?: TikrxEventListener | undefined;
  cursorKey: (cursor: C | undefined) => string;
}

/**
 * A cursor-paged stream the way Display and Social Fetch report it: `paginate`, a `page` event
 * per page, and after each page's items went downstream a `CursorCheckpoint` (to the caller
 * and as a `checkpoint` event), so resuming from it repeats none of them.
 */
export function cursorPages<T, C>(options: CursorPagesOptions<T, C>): Observable<T> {
  const { source, onEvent } = options;
  return paginate<T, C | undefined>({
    first: options.first,
    fetchPage: (cursor, pageIndex) =>
      options.fetchPage(cursor, pageIndex).pipe(
        tap((page) =>
          onEvent?.({
            type: 'page',
            source,
            videos: page.items.length,
            hasMore: page.next !== undefined,
          }),
        ),
      ),
    onPage: (done) => {
      const checkpoint = cursorCheckpointAfter(done.next);
      options.onCheckpoint?.(checkpoint);
      onEvent?.({ type: 'checkpoint', source, checkpoint });
    },
    cursorKey: options.cursorKey,
  });
}
