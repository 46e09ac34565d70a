import { Observable, type Subscription } from 'rxjs';
import { TikrxError } from './errors.js';

/** One page as a source reads it: its items and where the next page starts. */
export interface Page<T, C> {
  items: readonly T[];
  /** `undefined` when this was the last page. */
  next: C | undefined;
}

/** How `paginate` reads pages: the first cursor, how to fetch a page, a callback after each. */
export interface PaginateOptions<T, C> {
  /** Where the first page starts. */
  first: C;
  /**
   * Requests one page. Retrying and throttling belong inside: a retried page starts again
   * from its own cursor, so a fault never re-emits or skips an item. Must emit one page.
   */
  fetchPage: (cursor: C, pageIndex: number) => Observable<Page<T, C>>;
  /** Called after a page's items were emitted downstream: the place to record a checkpoint. */
  onPage?: (page: Page<T, C>, cursor: C) => void;
  /** Identity of a cursor, to catch an API that hands back the cursor it was given. Default: JSON. */
  cursorKey?: (cursor: C) => string;
}

/**
 * Pages → a stream of items. Follows `next` until there is none (an empty page that says
 * there is more is followed, not taken for the end), stops with `invalid_response` when the
 * cursor does not advance, and surfaces an error once, after every item before it.
 */
export function paginate<T, C>(options: PaginateOptions<T, C>): Observable<T> {
  const keyOf = options.cursorKey ?? ((cursor: C) => JSON.stringify(cursor));
  return new Observable<T>((subscriber) => {
    let current: Subscription | undefined;
    let stopped = false;

    const fetch = (cursor: C, pageIndex: number): void => {
      let received = false;
      let page$: Observable<Page<T, C>>;
      try {
        page$ = options.fetchPage(cursor, pageIndex);
      } catch (error) {
        // From the second page on this runs in a microtask, where a throw would escape RxJS
        // and crash the process; it is the stream's error instead.
        subscriber.error(error);
        return;
      }
      current = page$.subscribe({
        next: (page) => {
          if (received || stopped) return;
          received = true;
          for (const item of page.items) {
            if (subscriber.closed) return;
            subscriber.next(item);
          }
          try {
            options.onPage?.(page, cursor);
          } catch (error) {
            // Thrown inside this next handler it would be reported as unhandled, not to us.
            subscriber.error(error);
            return;
          }
          if (page.next === undefined) {
            subscriber.complete();
          } else if (keyOf(page.next) === keyOf(cursor)) {
            subscriber.error(
              new TikrxError({
                kind: 'invalid_response',
                message: `Pagination did not advance: page ${pageIndex} returned its own cursor ${keyOf(cursor)} as the next one`,
                retryable: false,
              }),
            );
          } else {
            const next = page.next;
            // Start the next request outside this callback, so a synchronous source cannot
            // grow the stack one frame per page.
            queueMicrotask(() => {
              if (!subscriber.closed) fetch(next, pageIndex + 1);
            });
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          if (!received && !subscriber.closed) {
            subscriber.error(
              new TikrxError({
                kind: 'invalid_response',
                message: `Page ${pageIndex} ended without a response`,
              }),
            );
          }
        },
      });
    };

    fetch(options.first, 0);
    return () => {
      stopped = true;
      current?.unsubscribe();
    };
  });
}
