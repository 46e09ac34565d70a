import { type ErrorKind, isTikrxError, type TikrxEvent } from '@tikrx/core';
import { defer, type MonoTypeOperatorFunction, map, type Observable, Subject, tap } from 'rxjs';

/** Counters of a crawl, from the clients' events and the videos that reach `progress()`. */
export interface ProgressSnapshot {
  /** HTTP requests sent (each attempt counts). */
  requests: number;
  /** HTTP responses received, errors with a status included. */
  responses: number;
  pages: number;
  /** Videos the clients' pages held. */
  videosReceived: number;
  /** Videos that passed through `progress()`. */
  videos: number;
  /** Duplicates dropped: by the clients (`duplicate` events) and by `dedupe` (`onDuplicate`). */
  duplicates: number;
  retries: number;
  /** Time spent waiting on the rate limiter, summed over requests. */
  waitedMs: number;
  /** Credits spent (Social Fetch). */
  credits: number;
  /** Retried errors and the final one, by kind. */
  errors: Partial<Record<ErrorKind, number>>;
  /** Since the tracker was created, frozen when the stream through `progress()` ends. */
  elapsedMs: number;
  /** The last checkpoint a client reported (Research), if any. */
  checkpoint?: unknown;
}

/**
 * Counters of a crawl (pages, videos, duplicates, retries, time throttled, credits) fed by client
 * events.
 */
export interface ProgressTracker {
  /** Pass as the clients' `onEvent` option. */
  onEvent: (event: TikrxEvent) => void;
  /** Pass as `dedupe({ onDuplicate })`. */
  onDuplicate: () => void;
  /** The counters now. */
  snapshot(): ProgressSnapshot;
  /** A fresh snapshot on every change; sample it (`auditTime(100)`) to render. */
  snapshots$: Observable<ProgressSnapshot>;
  /** Used by `progress()`. */
  countVideo(): void;
  /** Counts a failure of this kind. */
  countError(kind: ErrorKind): void;
  /** Stops the clock: `elapsedMs` no longer grows. */
  finish(): void;
}

/** Options of `createProgress`: the clock that measures elapsed time (for tests). */
export interface CreateProgressOptions {
  /** Clock in ms. Default: `performance.now`. */
  now?: () => number;
}

/**
 * Counters for a crawl; renders nothing (the CLI does). Wire it to the clients' `onEvent`,
 * to `dedupe`'s `onDuplicate`, and put `progress({ tracker })` on the stream:
 * ```ts
 * const tracker = createProgress();
 * const client = createResearchClient({ ..., onEvent: tracker.onEvent });
 * client.queryVideos(q).pipe(dedupe({ onDuplicate: tracker.onDuplicate }), progress({ tracker }))
 * ```
 */
export function createProgress(options: CreateProgressOptions = {}): ProgressTracker {
  const now = options.now ?? (() => performance.now());
  const startedAt = now();
  let finishedAt: number | undefined;
  const counts = {
    requests: 0,
    responses: 0,
    pages: 0,
    videosReceived: 0,
    videos: 0,
    duplicates: 0,
    retries: 0,
    waitedMs: 0,
    credits: 0,
  };
  const errors: Partial<Record<ErrorKind, number>> = {};
  let checkpoint: { value: unknown } | undefined;
  const changes = new Subject<void>();
  const changed = () => {
    if (changes.observed) changes.next();
  };
  const countError = (kind: ErrorKind) => {
    errors[kind] = (errors[kind] ?? 0) + 1;
  };

  const snapshot = (): ProgressSnapshot => ({
    ...counts,
    errors: { ...errors },
    elapsedMs: Math.round((finishedAt ?? now()) - startedAt),
    ...(checkpoint === undefined ? {} : { checkpoint: checkpoint.value }),
  });

  return {
    onEvent: (event) => {
      switch (event.type) {
        case 'request':
          counts.requests += 1;
          break;
        case 'response':
          counts.responses += 1;
          break;
        case 'page':
          counts.pages += 1;
          counts.videosReceived += event.videos;
          break;
        case 'retry':
          counts.retries += 1;
          countError(event.kind);
          break;
        case 'throttle':
          counts.waitedMs += event.waitedMs;
          break;
        case 'credits':
          counts.credits += event.credits;
          break;
        case 'duplicate':
          counts.duplicates += event.count;
          break;
        case 'checkpoint':
          checkpoint = { value: event.checkpoint };
          break;
        case 'token':
          return;
      }
      changed();
    },
    onDuplicate: () => {
      counts.duplicates += 1;
      changed();
    },
    snapshot,
    snapshots$: changes.pipe(map(snapshot)),
    countVideo: () => {
      counts.videos += 1;
      changed();
    },
    countError: (kind) => {
      countError(kind);
      changed();
    },
    finish: () => {
      finishedAt ??= now();
      changed();
      changes.complete();
    },
  };
}

/** Options of the `progress` operator: the tracker that counts the videos passing through. */
export interface ProgressOptions {
  tracker: ProgressTracker;
}

/**
 * Counts the items that pass (`videos`), the error that ends the stream (by kind), and stops
 * the clock when the stream ends. Values pass through untouched.
 */
export function progress<T>(options: ProgressOptions): MonoTypeOperatorFunction<T> {
  const { tracker } = options;
  return (source) =>
    defer(() =>
      source.pipe(
        tap({
          next: () => tracker.countVideo(),
          error: (error: unknown) => {
            if (isTikrxError(error)) tracker.countError(error.kind);
            tracker.finish();
          },
          complete: () => tracker.finish(),
        }),
      ),
    );
}
