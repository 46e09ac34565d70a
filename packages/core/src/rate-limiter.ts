import type { Observable } from 'rxjs';

/** A permit to send one request. Release it when the request is done (frees a concurrency slot). */
export interface RateLimitPermit {
  /** Time spent waiting for this permit, in ms. */
  readonly waitedMs: number;
  /** Gives the permit back unused (the request was not sent). */
  release(): void;
}

/**
 * What clients need of a limiter: a permit per request, and a way to report a 429 so the
 * limiter slows down for everyone. `createRateLimiter` in `@tikrx/operators` implements it;
 * a distributed one (Redis, BullMQ) can too.
 */
export interface RateLimiter {
  /**
   * Emits one permit when the request may go, then completes. Unsubscribing before that
   * gives the place in line up and leaves no timer behind.
   */
  acquire(): Observable<RateLimitPermit>;
  /** The API answered 429: slow down for everyone (for `retryAfterMs` when it is known). */
  penalize(retryAfterMs?: number): void;
}
