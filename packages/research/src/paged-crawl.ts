import { isTikrxError, paginate, type TikrxError, type TikrxEvent } from '@tikrx/core';
import { catchError, EMPTY, from, map, mergeMap, Observable, type Subscription, tap } from 'rxjs';
import type { CheckpointWindow, ResearchCheckpoint } from './checkpoint.js';
import { reportCheckpoint } from './checkpoint.js';

/**
 * The cursor-paged crawl of issue 13's endpoints (comments of many videos, a user's liked
 * videos, pinned videos, followers, following): windows without dates, each read from its
 * cursor, `concurrency` at a time, with the checkpoint exact to the item. Kept apart from the
 * date-window engine (crawl.ts) until those endpoints move onto its window run.
 */

/** One page as the crawl reads it: its items, and where the next one starts. */
export interface CrawlPage<T> {
  videos: T[];
  next: { cursor: number } | undefined;
}

/** A window being read, with what the checkpoint needs. */
export interface WindowRun {
  /** The video this window reads, in a crawl over several (comments of many videos). */
  target?: string;
  cursor: number;
  /** Every id this window emitted in this process (and those a resumed checkpoint listed). */
  seen: Set<string>;
  lastPageIds: string[];
  /** Ids emitted of the page in progress. */
  pageIds: string[];
  /** Ids the resumed checkpoint listed: still emitted until this run passes a page. */
  resumedIds: string[];
}

/** What a paged crawl is: its windows, how to fetch a page, how to tell items apart. */
export interface PagedCrawlSpec<T> {
  kind: ResearchCheckpoint['kind'];
  key: string;
  done: ResearchCheckpoint['done'];
  windows: CheckpointWindow[];
  concurrency: number;
  fetchPage: (run: WindowRun, cursor: number) => Observable<CrawlPage<T>>;
  emit: (event: TikrxEvent) => void;
  onCheckpoint?: ((checkpoint: ResearchCheckpoint) => void) | undefined;
  /** An item's identity, for the crawl's own duplicate drop. Default: its `id`. */
  idOf?: (item: T) => string;
  /** Whether an error ends only its window (the caller reported it) rather than the crawl. */
  endsWindowOnly?: (error: TikrxError, run: WindowRun) => boolean;
}

/** Runs cursor-paged windows concurrently and reports the checkpoint after every page and on stop. */
export function pagedCrawl<T>(spec: PagedCrawlSpec<T>): Observable<T> {
  const idOf = spec.idOf ?? ((item: T) => (item as { id: string }).id);
  const done = [...spec.done];
  const runs: WindowRun[] = spec.windows.map((window) => ({
    ...(window.target === undefined ? {} : { target: window.target }),
    cursor: window.cursor,
    seen: new Set(window.seenIds),
    lastPageIds: [],
    pageIds: [],
    resumedIds: [...window.seenIds],
  }));
  const snapshot = (): ResearchCheckpoint => ({
    version: 1,
    kind: spec.kind,
    key: spec.key,
    done: done.map((window) => ({ ...window })),
    windows: runs.map((run) => ({
      ...(run.target === undefined ? {} : { target: run.target }),
      cursor: run.cursor,
      seenIds: [...new Set([...run.resumedIds, ...run.lastPageIds, ...run.pageIds])],
    })),
  });
  const report = () => reportCheckpoint(snapshot(), spec);
  // A listener that throws while the stream fails or stops has no stream left to fail.
  const reportQuietly = () => {
    try {
      report();
    } catch {
      // Ignored on purpose: the stream's own error, if any, stands.
    }
  };
  const finish = (run: WindowRun) => {
    const at = runs.indexOf(run);
    if (at !== -1) runs.splice(at, 1);
    done.push(run.target === undefined ? {} : { target: run.target });
  };
  const readPage = (run: WindowRun, page: CrawlPage<T>) => {
    // A resumed page may hand back items this window already emitted: drop them here.
    const inPage = new Set<string>();
    const items = page.videos.filter((item) => {
      const id = idOf(item);
      if (run.seen.has(id) || inPage.has(id)) return false;
      inPage.add(id);
      return true;
    });
    const dropped = page.videos.length - items.length;
    if (dropped > 0) spec.emit({ type: 'duplicate', source: 'research', count: dropped });
    spec.emit({ type: 'page', source: 'research', videos: items.length, hasMore: !!page.next });
    return { items, next: page.next };
  };
  const crawlWindow = (run: WindowRun): Observable<T> =>
    paginate<T, { cursor: number }>({
      first: { cursor: run.cursor },
      fetchPage: (at) => spec.fetchPage(run, at.cursor).pipe(map((page) => readPage(run, page))),
      onPage: (page) => {
        run.lastPageIds = run.pageIds;
        run.pageIds = [];
        run.resumedIds = [];
        if (page.next === undefined) finish(run);
        else run.cursor = page.next.cursor;
        report();
      },
      // has_more with a cursor that did not move is the API's bug; paginate stops on it.
      cursorKey: (at) => String(at.cursor),
    }).pipe(
      tap((item) => {
        const id = idOf(item);
        run.seen.add(id);
        run.pageIds.push(id);
      }),
      catchError((error: unknown) => {
        if (isTikrxError(error) && spec.endsWindowOnly?.(error, run) === true) {
          finish(run);
          report();
          return EMPTY;
        }
        throw error;
      }),
    );
  return new Observable<T>((subscriber) => {
    let finished = false;
    const subscription: Subscription = from([...runs])
      .pipe(mergeMap((run) => crawlWindow(run), spec.concurrency))
      .subscribe({
        next: (item) => subscriber.next(item),
        error: (error: unknown) => {
          finished = true;
          reportQuietly();
          subscriber.error(error);
        },
        complete: () => {
          finished = true;
          subscriber.complete();
        },
      });
    return () => {
      subscription.unsubscribe();
      // Stopped early: the checkpoint now knows exactly which items of the open pages went out.
      if (!finished) reportQuietly();
    };
  });
}
