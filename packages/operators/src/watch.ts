import { badRequest } from '@tikrx/core/internal';
import {
  asyncScheduler,
  catchError,
  defer,
  EMPTY,
  type Observable,
  repeat,
  type SchedulerLike,
  timer,
} from 'rxjs';
import { dedupe } from './dedupe.js';
import type { DedupeStore } from './dedupe-store.js';

/** The span one run of a watched source covers, ms since the epoch (`since` ≤ `until`). */
export interface WatchWindow {
  since: number;
  until: number;
  /** 0 for the first run. */
  run: number;
}

/** Options of {@link watch}. */
export interface WatchOptions<T> {
  /** The source, run over one window: a query, a creator's videos… */
  source: (window: WatchWindow) => Observable<T>;
  /** Time between the starts of two runs. Runs never overlap: a run longer than this delays the next. */
  intervalMs: number;
  /** How far back each run reaches, before `lagMs`. Default: `intervalMs`. */
  windowMs?: number;
  /**
   * How late items show up in the source: each window reaches this much further back, so an
   * item indexed late is still caught by a later run. The Research index lags about 2 days
   * (`RESEARCH_INDEX_LAG_MS` in `@tikrx/research`). Default 0.
   */
  lagMs?: number;
  /** An item's identity. Default: its `id`. */
  key?: (item: T) => string;
  /**
   * Where seen keys are remembered. Pass a persistent `DedupeStore` (a file, Redis) to
   * remember them across restarts. Default: in memory, for this subscription.
   */
  store?: DedupeStore;
  /** Runs to make before completing. Default: no end. */
  runs?: number;
  /** A run that fails: `'stop'` (default) fails the watch; `'skip'` reports it and waits for the next. */
  onRunError?: 'stop' | 'skip';
  /** Called with a failed run's error when `onRunError` is `'skip'`. */
  onSkippedRun?: (error: unknown, window: WatchWindow) => void;
  /** Default `asyncScheduler` (a `TestScheduler` in marble tests). */
  scheduler?: SchedulerLike;
  /** Clock for the windows, ms since the epoch. Default: `scheduler.now()`. */
  now?: () => number;
}

/**
 * Re-runs a source every `intervalMs` over a sliding window and emits only items it has not
 * emitted before: the live stream a reactive pipeline wants from APIs that can only be
 * polled. Runs never overlap (a slow run makes the next one wait). With a persistent `store`
 * the ids seen survive a restart, so a restarted watch emits nothing twice.
 */
export function watch<T>(options: WatchOptions<T>): Observable<T> {
  const scheduler = options.scheduler ?? asyncScheduler;
  const now = options.now ?? (() => scheduler.now());
  const windowMs = options.windowMs ?? options.intervalMs;
  const lagMs = options.lagMs ?? 0;
  if (!(options.intervalMs > 0) || !(windowMs > 0) || !(lagMs >= 0)) {
    throw badRequest('watch needs intervalMs and windowMs above 0 and lagMs of 0 or more');
  }
  if (options.runs !== undefined && !(Number.isInteger(options.runs) && options.runs > 0)) {
    throw badRequest(`watch runs must be a positive integer; got ${options.runs}`);
  }
  const key = options.key ?? ((item: T) => (item as { id: string }).id);
  return defer(() => {
    let run = 0;
    let startedAt = 0;
    const once = defer(() => {
      startedAt = scheduler.now();
      const until = now();
      const window: WatchWindow = { since: until - windowMs - lagMs, until, run: run++ };
      const items = options.source(window);
      if (options.onRunError !== 'skip') return items;
      return items.pipe(
        catchError((error: unknown) => {
          options.onSkippedRun?.(error, window);
          return EMPTY;
        }),
      );
    });
    // repeat: the next run starts `intervalMs` after this one started, or at once if it ran longer.
    return once.pipe(
      repeat({
        ...(options.runs === undefined ? {} : { count: options.runs }),
        delay: () =>
          timer(Math.max(0, startedAt + options.intervalMs - scheduler.now()), scheduler),
      }),
      dedupe<T>({ key, ...(options.store === undefined ? {} : { store: options.store }) }),
    );
  });
}
