import type { RateLimiter, RateLimitPermit } from '@tikrx/core';
import { badRequest, describeValue, validateOptionsObject } from '@tikrx/core/internal';
import { asyncScheduler, Observable, type SchedulerLike, type Subscription } from 'rxjs';
import type { RateAdaptationOptions } from './options.js';

/** The client's `rateAdaptation`, plus what the client and tests plug in. */
export interface AdaptiveRateOptions extends RateAdaptationOptions {
  /** Called when the rate changes: lowered after a 429, raised as it recovers. */
  onChange?: (requestsPerMinute: number, reason: 'throttled' | 'recovering') => void;
  /** Default `asyncScheduler` (pass a `TestScheduler` in marble tests). */
  scheduler?: SchedulerLike;
}

const MINUTE_MS = 60_000;
/** The other windows' 429s to the same burst within this share of a window lower the rate once. */
const QUIET_SHARE = 1 / 60;
/** Raised by a quarter per recovery step: slowly, since every 429 spent a request of the quota. */
const RECOVERY_FACTOR = 1.25;
/**
 * The share of the last window's requests answered 429 that reads as a rate limit. Over a
 * limit, every request draws a 429 until it resets; a stray 429 among many answers is noise
 * (the requester retries it) and must not slow the whole crawl down.
 */
const LIMITED_SHARE = 0.15;

interface Waiter {
  grant: (permit: RateLimitPermit) => void;
  enqueuedAt: number;
}

/**
 * The limiter a Research client shares between all its windows: no limit until the API
 * answers 429 (`rate_limit_exceeded` can come long before the daily quota is spent), then half
 * the pace the API accepted in the last `windowMs` for everyone, paused for the `Retry-After`
 * if any, raised by a quarter every `recoveryMs` without another 429 until that pace, and
 * then unlimited again. 429s of one burst lower the rate once, and only 429s that are 15% of the
 * last window's answers or more lower it at all.
 */
export function createAdaptiveRate(options: AdaptiveRateOptions = {}): RateLimiter {
  const scheduler = options.scheduler ?? asyncScheduler;
  const windowMs = options.windowMs ?? MINUTE_MS;
  const recoveryMs = options.recoveryMs ?? 30_000;
  // Requests a window; reported as requests a minute.
  const perMinuteOf = (perWindow: number) => Math.round((perWindow * MINUTE_MS) / windowMs);
  let perWindow = Number.POSITIVE_INFINITY;
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
    while (Number.isFinite(perWindow) && t - changedAt >= recoveryMs) {
      changedAt += recoveryMs;
      const raised = Math.ceil(perWindow * RECOVERY_FACTOR);
      perWindow = raised >= ceiling ? Number.POSITIVE_INFINITY : raised;
      options.onChange?.(perMinuteOf(Math.min(raised, ceiling)), 'recovering');
    }
  };

  const serve = (): void => {
    timer?.unsubscribe();
    timer = undefined;
    while (queue.length > 0) {
      const t = scheduler.now();
      recover(t);
      const spacingMs = Number.isFinite(perWindow) ? windowMs / perWindow : 0;
      const dueAt = Math.max(pausedUntil, lastGrantAt + spacingMs);
      if (t < dueAt) {
        timer = scheduler.schedule(serve, dueAt - t);
        return;
      }
      lastGrantAt = t;
      granted.push(t);
      // Only the last window is ever read.
      while ((granted[0] as number) <= t - windowMs) granted.shift();
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
      granted = granted.filter((at) => t - at < windowMs);
      limited = [...limited.filter((at) => t - at < windowMs), t];
      const isLimit = limited.length >= 3 && limited.length >= LIMITED_SHARE * granted.length;
      // The other windows' answers to the same burst: one lowering is enough.
      const quietMs = Math.max(
        windowMs * QUIET_SHARE,
        Number.isFinite(perWindow) ? windowMs / perWindow : 0,
      );
      if (isLimit && t - penalizedAt >= quietMs) {
        // The pace the API accepted (what it answered 429 drew no quota of the limit): half
        // of it is below the limit whatever the window's alignment.
        const accepted = granted.length - limited.length;
        const recent = Math.min(perWindow, Math.max(accepted, 2));
        if (!Number.isFinite(ceiling) || !Number.isFinite(perWindow)) ceiling = recent;
        perWindow = Math.max(1, Math.floor(recent / 2));
        penalizedAt = t;
        changedAt = Math.max(t, pausedUntil);
        options.onChange?.(perMinuteOf(perWindow), 'throttled');
      }
      if (queue.length > 0) serve();
    },
  };
}

/** Checks the client's `rateAdaptation` (throws `bad_request` naming the option). */
export function validateRateAdaptation(
  value: RateAdaptationOptions | false | undefined,
): RateAdaptationOptions | false {
  if (value === undefined) return {};
  if (value === false) return false;
  validateOptionsObject(value, 'rateAdaptation');
  for (const name of ['windowMs', 'recoveryMs'] as const) {
    const ms = value[name];
    if (ms !== undefined && (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0)) {
      throw badRequest(
        `rateAdaptation.${name} must be a positive number of ms; got ${describeValue(ms)}`,
      );
    }
  }
  return value;
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
