import { type RateLimiter, type RateLimitPermit, TikrxError } from '@tikrx/core';
import { asyncScheduler, Observable, type SchedulerLike, type Subscription } from 'rxjs';
import { msUntilNextUtcMidnight } from './retry-with-backoff.js';

/**
 * Options of `createRateLimiter`: the rate, its interval, the burst and an optional daily quota.
 */
export interface RateLimiterOptions {
  /** Permits per `intervalMs`. */
  rate: number;
  intervalMs: number;
  /** Bucket capacity: permits that may go at once after a quiet spell. Default: `rate`. */
  burst?: number;
  /** Most permits held at once (released when the request ends). Default: unlimited. */
  concurrency?: number;
  /** Permits per UTC day (reset at 00:00 UTC of `now()`). Default: unlimited. */
  dailyQuota?: number;
  /**
   * When the daily quota is spent: `'error'` (default) fails the acquire with a
   * `quota_exhausted` `TikrxError` with `dailyQuota: true`, code `limiter_daily_quota` (which
   * `retryWithBackoff({ waitForQuotaReset: true })` turns into a wait); `'wait'` queues it
   * until 00:00 UTC.
   */
  whenQuotaExhausted?: 'error' | 'wait';
  /**
   * After a 429 the rate is halved (down to 1/16 of `rate`) and doubles back every
   * `recoveryMs` without another 429. Default: `intervalMs`.
   */
  recoveryMs?: number;
  /** Default: `asyncScheduler` (pass a `TestScheduler` in marble tests). */
  scheduler?: SchedulerLike;
  /** Clock in ms since the epoch. Default: `scheduler.now()`. */
  now?: () => number;
}

/** What a token bucket is doing: permits granted, requests waiting and in flight, time spent waiting. */
export interface RateLimiterStats {
  /** Permits granted so far. */
  acquired: number;
  /** Subscribers waiting in line now. */
  waitingNow: number;
  /** Permits held now (granted, not released). */
  inFlight: number;
  /** Sum of every granted permit's wait. */
  totalWaitedMs: number;
  /** Permits granted in the current UTC day. */
  usedToday: number;
  /** Current fraction of `rate` (1 unless a 429 slowed it down). */
  rateFactor: number;
}

/** A `RateLimiter` with a view of its own counters. */
export interface TokenBucketLimiter extends RateLimiter {
  /** The limiter's counters so far. */
  stats(): RateLimiterStats;
}

/**
 * Presets for the documented limits. A token bucket grants at most `burst + rate` permits in
 * any window of `intervalMs`, so the presets keep `burst + rate` within the API's limit.
 */
export const RATE_LIMIT_PRESETS = {
  /** Research API: 1,000 requests per day (reset 00:00 UTC), sent at most 1 per second. */
  research: { rate: 1, intervalMs: 1_000, burst: 1, dailyQuota: 1_000 },
  /**
   * Research API followers and following: their own quota of 20,000 calls a day (reset
   * 00:00 UTC), beside the general 1,000; pass it as `socialGraphLimiter`.
   */
  researchSocialGraph: { rate: 1, intervalMs: 1_000, burst: 1, dailyQuota: 20_000 },
  /** Display API v2: 600 requests per minute. */
  displayV2: { rate: 590, intervalMs: 60_000, burst: 10 },
} as const satisfies Record<string, RateLimiterOptions>;

const MIN_RATE_FACTOR = 1 / 16;
/** Float slack so that 0.1 + 0.2 tokens count as the 0.3 they are. */
const EPSILON = 1e-9;

interface Waiter {
  enqueuedAt: number;
  grant: (permit: RateLimitPermit) => void;
  fail: (error: TikrxError) => void;
}

/**
 * A token bucket shared by any number of streams and clients, served first come, first
 * served. At most one timer exists, and only while someone waits; a waiter that
 * unsubscribes leaves the line, and the timer goes with the last one, so the process can
 * exit. `penalize()` (called by `throttleWith` on a 429) halves the rate for everyone and,
 * with a `retryAfterMs`, pauses the bucket until then; the rate then recovers gradually.
 */
export function createRateLimiter(options: RateLimiterOptions): TokenBucketLimiter {
  validate(options);
  const scheduler = options.scheduler ?? asyncScheduler;
  const now = options.now ?? (() => scheduler.now());
  const burst = options.burst ?? options.rate;
  const recoveryMs = options.recoveryMs ?? options.intervalMs;
  const concurrency = options.concurrency ?? Number.POSITIVE_INFINITY;
  const dailyQuota = options.dailyQuota ?? Number.POSITIVE_INFINITY;

  let tokens = burst;
  let refilledAt = now();
  let pausedUntil = Number.NEGATIVE_INFINITY;
  let penaltyFactor = 1;
  let penalizedAt = Number.NEGATIVE_INFINITY;
  let inFlight = 0;
  let usedToday = 0;
  let quotaResetsAt = Number.isFinite(dailyQuota)
    ? refilledAt + msUntilNextUtcMidnight(refilledAt)
    : 0;
  let acquired = 0;
  let totalWaitedMs = 0;
  const queue: Waiter[] = [];
  let timer: Subscription | undefined;
  let timerDueAt = Number.POSITIVE_INFINITY;

  const rateFactor = (t: number): number => {
    if (penaltyFactor >= 1) return 1;
    if (t < penalizedAt) return penaltyFactor;
    const doublings = Math.floor((t - penalizedAt) / recoveryMs);
    const factor = Math.min(1, penaltyFactor * 2 ** doublings);
    if (factor >= 1) penaltyFactor = 1;
    return factor;
  };
  const permitsPerMs = (t: number) => (options.rate * rateFactor(t)) / options.intervalMs;

  const refill = (t: number): void => {
    if (t <= refilledAt) return;
    tokens = Math.min(burst, tokens + (t - refilledAt) * permitsPerMs(t));
    refilledAt = t;
  };

  const wakeAt = (dueAt: number, t: number): void => {
    if (timer !== undefined && timerDueAt <= dueAt) return;
    timer?.unsubscribe();
    timerDueAt = dueAt;
    timer = scheduler.schedule(
      () => {
        timer = undefined;
        timerDueAt = Number.POSITIVE_INFINITY;
        serve();
      },
      Math.max(0, dueAt - t),
    );
  };

  const stopTimer = (): void => {
    timer?.unsubscribe();
    timer = undefined;
    timerDueAt = Number.POSITIVE_INFINITY;
  };

  const release = (): void => {
    inFlight -= 1;
    if (queue.length > 0) serve();
  };

  /** Grants permits to the head of the line while it may go; else sets the one timer. */
  const serve = (): void => {
    while (queue.length > 0) {
      const t = now();
      if (t >= quotaResetsAt && Number.isFinite(dailyQuota)) {
        usedToday = 0;
        quotaResetsAt = t + msUntilNextUtcMidnight(t);
      }
      if (usedToday >= dailyQuota) {
        if (options.whenQuotaExhausted === 'wait') {
          wakeAt(quotaResetsAt, t);
          return;
        }
        const waiter = queue.shift()!;
        waiter.fail(quotaError(dailyQuota));
        continue;
      }
      // A release will call serve() again.
      if (inFlight >= concurrency) {
        stopTimer();
        return;
      }
      if (t < pausedUntil) {
        wakeAt(pausedUntil, t);
        return;
      }
      refill(t);
      if (tokens < 1 - EPSILON) {
        wakeAt(t + Math.ceil((1 - tokens) / permitsPerMs(t)), t);
        return;
      }
      tokens = Math.max(0, tokens - 1);
      usedToday += 1;
      inFlight += 1;
      acquired += 1;
      const waiter = queue.shift()!;
      const waitedMs = t - waiter.enqueuedAt;
      totalWaitedMs += waitedMs;
      let released = false;
      waiter.grant({
        waitedMs,
        release: () => {
          if (released) return;
          released = true;
          release();
        },
      });
    }
    stopTimer();
  };

  return {
    acquire: () =>
      new Observable<RateLimitPermit>((subscriber) => {
        const waiter: Waiter = {
          enqueuedAt: now(),
          grant: (permit) => {
            subscriber.next(permit);
            subscriber.complete();
          },
          fail: (error) => subscriber.error(error),
        };
        queue.push(waiter);
        // Only a newcomer at the head can change what the timer waits for.
        if (queue.length === 1) serve();
        return () => {
          const index = queue.indexOf(waiter);
          if (index === -1) return;
          queue.splice(index, 1);
          if (queue.length === 0) stopTimer();
          else if (index === 0) serve();
        };
      }),
    penalize: (retryAfterMs?: number) => {
      const t = now();
      refill(t);
      penaltyFactor = Math.max(MIN_RATE_FACTOR, rateFactor(t) / 2);
      // The burst is what got us here; start again from an empty bucket.
      tokens = 0;
      if (retryAfterMs !== undefined && retryAfterMs > 0) {
        pausedUntil = Math.max(pausedUntil, t + retryAfterMs);
        refilledAt = Math.max(refilledAt, pausedUntil);
      }
      // Recovery starts when the pause ends.
      penalizedAt = Math.max(t, pausedUntil);
      if (queue.length > 0) {
        stopTimer();
        serve();
      }
    },
    stats: () => ({
      acquired,
      waitingNow: queue.length,
      inFlight,
      totalWaitedMs,
      usedToday,
      rateFactor: rateFactor(now()),
    }),
  };
}

/** The code of the limiter's own daily-quota error (not an API's word). */
const LIMITER_DAILY_QUOTA_CODE = 'limiter_daily_quota';

function quotaError(dailyQuota: number): TikrxError {
  return new TikrxError({
    kind: 'quota_exhausted',
    code: LIMITER_DAILY_QUOTA_CODE,
    dailyQuota: true,
    message: `The limiter's daily quota of ${dailyQuota} requests is spent; it resets at 00:00 UTC`,
    retryable: false,
  });
}

function validate(options: RateLimiterOptions): void {
  const positive: Array<[string, number | undefined]> = [
    ['rate', options.rate],
    ['intervalMs', options.intervalMs],
    ['burst', options.burst],
    ['concurrency', options.concurrency],
    ['dailyQuota', options.dailyQuota],
    ['recoveryMs', options.recoveryMs],
  ];
  for (const [name, value] of positive) {
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
      throw new TikrxError({
        kind: 'bad_request',
        message: `createRateLimiter: ${name} must be a positive finite number, got ${value}`,
      });
    }
  }
  if ((options.burst ?? options.rate) < 1) {
    throw new TikrxError({
      kind: 'bad_request',
      message: 'createRateLimiter: burst must be at least 1, or no permit could ever be granted',
    });
  }
}
