import type { RateLimiter, RateLimitPermit } from '@tikrx/core';
import { asyncScheduler, Observable, type SchedulerLike, type Subscription } from 'rxjs';

export interface AdaptiveRateOptions {
  /** Time without a 429 after which the rate goes up by a quarter. Default 30,000. */
  recoveryMs?: number;
  /** Called when the rate changes: lowered after a 429, raised as it recovers. */
  onChange?: (requestsPerMinute: number, reason: 'throttled' | 'recovering') => void;
  /** Default `asyncScheduler` (pass a `TestScheduler` in marble tests). */
  scheduler?: SchedulerLike;
}

const MINUTE_MS = 60_000;
/** Raised by a quarter per recovery step: slowly, since every 429 spent a request of the quota. */
const RECOVERY_FACTOR = 1.25;
/**
 * The share of the last minute's requests answered 429 that reads as a rate limit. Over a
 * limit, every request draws a 429 until it resets; a stray 429 among many answers is noise
 * (the requester retries it) and must not slow the whole crawl down.
 */
const LIMITED_SHARE = 0.15;

interface Waiter {
  grant: (permit: RateLimitPermit) => void;
  enqueuedAt: number;
}

/**
 * The limiter a Research client shares between all its windows when the user brings none:
 * no limit until the API answers 429 (`rate_limit_exceeded` can come long before the daily
 * quota is spent), then half the rate of the last minute for everyone, paused for the
 * `Retry-After` if any, raised by a quarter every `recoveryMs` without another 429 until the
 * rate that drew it, and then unlimited again. 429s of one burst lower the rate once, and
 * only 429s that are 15% of the last minute's answers or more lower it at all.
 */
export function createAdaptiveRate(options: AdaptiveRateOptions = {}): RateLimiter {
  const scheduler = options.scheduler ?? asyncScheduler;
  const recoveryMs = options.recoveryMs ?? 30_000;
  let perMinute = Number.POSITIVE_INFINITY;
  let ceiling = Number.POSITIVE_INFINITY;
  let changedAt = 0;
  let pausedUntil = Number.NEGATIVE_INFINITY;
  let lastGrantAt = Number.NEGATIVE_INFINITY;
  let penalizedAt = Number.NEGATIVE_INFINITY;
  let granted: number[] = [];
  let limited: number[] = [];
  const queue: Waiter[] = [];
  let timer: Subscription | undefined;

  const recover = (t: number): void => {
    while (Number.isFinite(perMinute) && t - changedAt >= recoveryMs) {
      changedAt += recoveryMs;
      const raised = Math.ceil(perMinute * RECOVERY_FACTOR);
      perMinute = raised >= ceiling ? Number.POSITIVE_INFINITY : raised;
      options.onChange?.(Math.min(raised, ceiling), 'recovering');
    }
  };

  const serve = (): void => {
    timer?.unsubscribe();
    timer = undefined;
    while (queue.length > 0) {
      const t = scheduler.now();
      recover(t);
      const spacingMs = Number.isFinite(perMinute) ? MINUTE_MS / perMinute : 0;
      const dueAt = Math.max(pausedUntil, lastGrantAt + spacingMs);
      if (t < dueAt) {
        timer = scheduler.schedule(serve, dueAt - t);
        return;
      }
      lastGrantAt = t;
      granted.push(t);
      // Only the last minute is ever read.
      while ((granted[0] as number) <= t - MINUTE_MS) granted.shift();
      const waiter = queue.shift() as Waiter;
      waiter.grant({ waitedMs: t - waiter.enqueuedAt, release: () => {} });
    }
  };

  return {
    acquire: () =>
      new Observable<RateLimitPermit>((subscriber) => {
        const waiter: Waiter = {
          enqueuedAt: scheduler.now(),
          grant: (permit) => {
            subscriber.next(permit);
            subscriber.complete();
          },
        };
        queue.push(waiter);
        if (queue.length === 1) serve();
        return () => {
          const at = queue.indexOf(waiter);
          if (at !== -1) queue.splice(at, 1);
          if (queue.length === 0) {
            timer?.unsubscribe();
            timer = undefined;
          }
        };
      }),
    penalize: (retryAfterMs?: number) => {
      const t = scheduler.now();
      if (retryAfterMs !== undefined && retryAfterMs > 0) {
        pausedUntil = Math.max(pausedUntil, t + retryAfterMs);
      }
      granted = granted.filter((at) => t - at < MINUTE_MS);
      limited = [...limited.filter((at) => t - at < MINUTE_MS), t];
      const isLimit = limited.length >= 3 && limited.length >= LIMITED_SHARE * granted.length;
      // The other windows' answers to the same burst: one lowering is enough.
      const quietMs = Number.isFinite(perMinute) ? Math.max(1_000, MINUTE_MS / perMinute) : 1_000;
      if (isLimit && t - penalizedAt >= quietMs) {
        const recent = Math.min(perMinute, Math.max(granted.length, 2));
        if (!Number.isFinite(ceiling) || !Number.isFinite(perMinute)) ceiling = recent;
        perMinute = Math.max(1, Math.floor(recent / 2));
        penalizedAt = t;
        changedAt = Math.max(t, pausedUntil);
        options.onChange?.(perMinute, 'throttled');
      }
      if (queue.length > 0) serve();
    },
  };
}

/**
 * A permit from `first` (the user's limiter, the CLI's output gate), then one from `second`
 * (the client's adaptive rate); a 429 slows both down.
 */
export function chainLimiters(first: RateLimiter, second: RateLimiter): RateLimiter {
  return {
    acquire: () =>
      new Observable<RateLimitPermit>((subscriber) => {
        // Held until the second permit comes; given back if the wait is abandoned.
        let held: RateLimitPermit | undefined;
        let second$: Subscription | undefined;
        const first$ = first.acquire().subscribe({
          next: (outer) => {
            held = outer;
            second$ = second.acquire().subscribe({
              next: (inner) => {
                held = undefined;
                subscriber.next({
                  waitedMs: outer.waitedMs + inner.waitedMs,
                  release: () => {
                    inner.release();
                    outer.release();
                  },
                });
                subscriber.complete();
              },
              error: (error: unknown) => subscriber.error(error),
            });
          },
          error: (error: unknown) => subscriber.error(error),
        });
        return () => {
          first$.unsubscribe();
          second$?.unsubscribe();
          held?.release();
        };
      }),
    penalize: (retryAfterMs) => {
      first.penalize(retryAfterMs);
      second.penalize(retryAfterMs);
    },
  };
}
