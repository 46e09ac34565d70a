import type { Video } from '@tikrx/core';
import { type DedupeStore, watch } from '@tikrx/operators';
import type { Observable, SchedulerLike } from 'rxjs';
import type { QueryVideosOptions, ResearchClient } from './options.js';

/** The Research index holds a video about 2 days after it was posted (TikTok's wrapper, issue #2). */
export const RESEARCH_INDEX_LAG_MS = 2 * 86_400_000;
const DAY_MS = 86_400_000;

/** Options of {@link watchVideos}. */
export interface WatchVideosOptions
  extends Pick<QueryVideosOptions, 'query' | 'fields' | 'maxCount' | 'concurrency'> {
  /** Time between two runs of the query. */
  intervalMs: number;
  /** Days each run reaches back before the index's lag; default 1. */
  windowDays?: number;
  /** Where seen ids are kept; a persistent one remembers them across restarts. */
  store?: DedupeStore;
  /** Runs before completing; default: no end. */
  runs?: number;
  /** A failed run: `'stop'` (default) or `'skip'` to wait for the next one. */
  onRunError?: 'stop' | 'skip';
  scheduler?: SchedulerLike;
  /** Clock, ms since the epoch; default the scheduler's. */
  now?: () => number;
}

/**
 * A Research query as a live stream: re-run every `intervalMs` over the last `windowDays`
 * plus the index's ~2-day lag (so a video indexed late is still caught), emitting each
 * video once. Every run goes through the client, so through its limiter and daily quota.
 */
export function watchVideos(
  client: Pick<ResearchClient, 'queryVideos'>,
  options: WatchVideosOptions,
): Observable<Video> {
  const { intervalMs, windowDays = 1, store, runs, onRunError, scheduler, now, ...query } = options;
  return watch<Video>({
    source: (window) =>
      client.queryVideos({
        ...query,
        startDate: new Date(window.since),
        endDate: new Date(window.until),
      }),
    intervalMs,
    windowMs: windowDays * DAY_MS,
    lagMs: RESEARCH_INDEX_LAG_MS,
    ...(store === undefined ? {} : { store }),
    ...(runs === undefined ? {} : { runs }),
    ...(onRunError === undefined ? {} : { onRunError }),
    ...(scheduler === undefined ? {} : { scheduler }),
    ...(now === undefined ? {} : { now }),
  });
}
