import type { TikrxError, TikrxEvent } from '@tikrx/core';
import type { Observable, SchedulerLike } from 'rxjs';
import type { CheckpointWindow, ResearchCheckpoint } from './checkpoint.js';
import type { CrawlTarget } from './crawl-window.js';
import type { StealPolicy } from './steal-plan.js';
import type { DaySpan } from './window-memory.js';
import type { RunPolicy } from './window-run.js';
import type { CrawlPage, PageAt } from './wire.js';

/**
 * What a crawl is: its windows (from a plan or a checkpoint), how to fetch one page, and how
 * to tell its items apart. Video queries, reposts, comments, liked and pinned videos,
 * followers and following all run on it.
 */
export interface CrawlSpec<T> {
  kind: ResearchCheckpoint['kind'];
  key: string;
  done: ResearchCheckpoint['done'];
  windows: CheckpointWindow[];
  concurrency: number;
  /** One page of a window, retried inside as the requester does. */
  fetchPage: (window: CrawlTarget, at: PageAt) => Observable<CrawlPage<T>>;
  /** An item's identity, for the crawl's own duplicate drop. Default: its `id`. */
  idOf?: (item: T) => string;
  /** The days an item may belong to, for a date window's memory. Default: none known. */
  daySpanOf?: (item: T) => DaySpan | undefined;
  /**
   * Work stealing between date windows (steal-plan.ts): only when `daySpanOf` gives each
   * item's exact day (its `create_time`). Default: off.
   */
  steal?: StealPolicy | undefined;
  /** Whether an error ends only its window (the caller reported it) rather than the crawl. */
  endsWindowOnly?: (error: TikrxError, window: CrawlTarget) => boolean;
  emit: (event: TikrxEvent) => void;
  onCheckpoint?: ((checkpoint: ResearchCheckpoint) => void) | undefined;
  /**
   * Whether anyone receives checkpoints (`onCheckpoint`, or an `onEvent` for the `checkpoint`
   * event). Default true. When false the crawl builds none: a snapshot of every open window
   * after each page was half the garbage a video made (12 of 24 KB) and a third of its CPU.
   */
  reportsCheckpoints?: boolean;
  policy: RunPolicy;
  /** Drives the waits between tries. Default `asyncScheduler`. */
  scheduler?: SchedulerLike;
}
