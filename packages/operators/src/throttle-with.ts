import { isTikrxError, type RateLimiter, type RateLimitPermit } from '@tikrx/core';
import { type MonoTypeOperatorFunction, Observable, type Subscription } from 'rxjs';

/** Options of `throttleWith`: a callback for the time each item waited. */
export interface ThrottleWithOptions {
  /**
   * Called once per subscription with the time spent waiting for the permit (may be 0). A
   * throw releases the permit and fails the subscription with what was thrown.
   */
  onWait?: (waitedMs: number) => void;
}

/**
 * Each subscription to the source first waits for a permit from `limiter`, holds it until the
 * source completes, errors or is unsubscribed, then releases it. A source error of kind
 * `rate_limited` (a 429) calls `limiter.penalize(error.retryAfterMs)` so every stream sharing
 * the limiter slows down. Put it inside `retryWithBackoff`, so each attempt waits its turn:
 * `request$.pipe(throttleWith(limiter), retryWithBackoff())`.
 */
export function throttleWith<T>(
  limiter: RateLimiter,
  options: ThrottleWithOptions = {},
): MonoTypeOperatorFunction<T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      let permit: RateLimitPermit | undefined;
      let inner: Subscription | undefined;
      const release = () => {
        permit?.release();
        permit = undefined;
      };
      const waiting = limiter.acquire().subscribe({
        next: (granted) => {
          permit = granted;
          try {
            options.onWait?.(granted.waitedMs);
          } catch (error) {
            // A throw here would escape RxJS as an uncaught exception and keep the permit:
            // give the permit back and fail this subscription with it instead.
            release();
            subscriber.error(error);
            return;
          }
          inner = source.subscribe({
            next: (value) => subscriber.next(value),
            error: (error: unknown) => {
              if (isTikrxError(error) && error.kind === 'rate_limited') {
                limiter.penalize(error.retryAfterMs);
              }
              release();
              subscriber.error(error);
            },
            complete: () => {
              release();
              subscriber.complete();
            },
          });
        },
        error: (error: unknown) => subscriber.error(error),
      });
      return () => {
        waiting.unsubscribe();
        inner?.unsubscribe();
        release();
      };
    });
}
