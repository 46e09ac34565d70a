import { type ErrorKind, isTikrxError, type RetryOptions, type TikrxError } from '@tikrx/core';
import {
  asyncScheduler,
  defer,
  type MonoTypeOperatorFunction,
  retry,
  type SchedulerLike,
  throwError,
  timer,
} from 'rxjs';

/** Options of `retryWithBackoff`: the client `RetryOptions`, plus a scheduler and clocks for tests. */
export interface RetryWithBackoffOptions extends RetryOptions {
  /** Drives the delays; pass a `TestScheduler` in marble tests. Default: `asyncScheduler`. */
  scheduler?: SchedulerLike;
  /** Jitter source in [0, 1). Default: `Math.random`. */
  random?: () => number;
  /** Clock for the daily quota reset, in ms since the epoch. Default: `scheduler.now()`. */
  now?: () => number;
}

/** The defaults `retryWithBackoff` and every client use. */
export const RETRY_DEFAULTS = {
  maxRetries: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
} as const;

/**
 * Kinds never retried by default, whatever `retryable` says: another attempt of the same
 * request cannot cure them.
 */
const NEVER_RETRIED: ReadonlySet<ErrorKind> = new Set([
  'bad_request',
  'auth',
  'forbidden',
  'not_found',
  'quota_exhausted',
]);

/**
 * Resubscribes the source (one page request) after a retryable `TikrxError`.
 *
 * - Retry `n` (1-based) waits `random() * min(maxDelayMs, baseDelayMs * 2^(n-1))` ms (full
 *   jitter), or exactly the error's `retryAfterMs` when the API sent one. A `retryAfterMs`
 *   above `maxRetryAfterMs` fails at once: waiting that long is the caller's decision.
 * - Retried by default: `error.retryable` (rate_limited, server, network, timeout,
 *   invalid_response), never bad_request, auth, forbidden, not_found, quota_exhausted.
 *   `shouldRetry(error, attempt)` replaces that decision; `maxRetries` still applies.
 * - Errors that are not `TikrxError`s (bugs, aborts) are never retried.
 * - `waitForQuotaReset`: a `quota_exhausted` error of a daily quota (`dailyQuota: true`)
 *   waits until the next 00:00 UTC and tries again, not counted against `maxRetries`.
 * - `onRetry` is called before each wait with the attempt, the delay and the error's kind.
 */
export function retryWithBackoff<T>(
  options: RetryWithBackoffOptions = {},
): MonoTypeOperatorFunction<T> {
  const maxRetries = options.maxRetries ?? RETRY_DEFAULTS.maxRetries;
  const baseDelayMs = options.baseDelayMs ?? RETRY_DEFAULTS.baseDelayMs;
  const maxDelayMs = options.maxDelayMs ?? RETRY_DEFAULTS.maxDelayMs;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? RETRY_DEFAULTS.maxRetryAfterMs;
  const scheduler = options.scheduler ?? asyncScheduler;
  const random = options.random ?? Math.random;
  const now = options.now ?? (() => scheduler.now());

  return (source) =>
    defer(() => {
      // Per subscription, so a re-subscribed pipeline starts with a fresh budget.
      let retries = 0;
      return source.pipe(
        retry({
          delay: (error: unknown) => {
            if (!isTikrxError(error)) return throwError(() => error);
            if (
              options.waitForQuotaReset === true &&
              error.kind === 'quota_exhausted' &&
              error.dailyQuota === true
            ) {
              const delayMs = msUntilNextUtcMidnight(now());
              options.onRetry?.({ attempt: retries + 1, delayMs, kind: error.kind, error });
              return timer(delayMs, scheduler);
            }
            if (retries >= maxRetries) return throwError(() => error);
            const attempt = retries + 1;
            const wanted = options.shouldRetry
              ? options.shouldRetry(error, attempt)
              : isRetriedByDefault(error);
            if (!wanted) return throwError(() => error);
            let delayMs: number;
            if (error.retryAfterMs !== undefined) {
              if (error.retryAfterMs > maxRetryAfterMs) return throwError(() => error);
              delayMs = error.retryAfterMs;
            } else {
              const ceilingMs = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
              delayMs = Math.floor(random() * ceilingMs);
            }
            retries = attempt;
            options.onRetry?.({ attempt, delayMs, kind: error.kind, error });
            return timer(delayMs, scheduler);
          },
        }),
      );
    });
}

/** The default decision: what the error says, minus the kinds a retry cannot cure. */
export function isRetriedByDefault(error: TikrxError): boolean {
  return error.retryable && !NEVER_RETRIED.has(error.kind);
}

/** Milliseconds from `nowMs` to the next 00:00 UTC (a full day when `nowMs` is exactly midnight). */
export function msUntilNextUtcMidnight(nowMs: number): number {
  const day = new Date(nowMs);
  return Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() + 1) - nowMs;
}
