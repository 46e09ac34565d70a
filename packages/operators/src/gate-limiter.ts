import type { RateLimiter, RateLimitPermit } from '@tikrx/core';
import { defer, from, type Observable, type ObservableInput, of, switchMap } from 'rxjs';

const FREE_PERMIT: RateLimitPermit = { waitedMs: 0, release: () => {} };

/** A gate that `gateLimiter` waits on: closed means no new page requests. */
export interface Gate {
  /** True while the consumer is behind: no request should go. */
  isClosed(): boolean;
  /** Settles (or emits) once the gate has opened again. */
  opened(): ObservableInput<unknown>;
}

/**
 * Backpressure for a push stream: a limiter that hands out no permit while `gate` is closed
 * (a full buffer, a slow disk or pipe), then defers to `inner` (the rate limiter the client
 * would use anyway). Given to a client as its `limiter`, it keeps the next page from being
 * requested before the consumer has room for it; a page already in flight still arrives.
 */
export function gateLimiter(gate: Gate, inner?: RateLimiter): RateLimiter {
  const permit = () => (inner ? inner.acquire() : of(FREE_PERMIT));
  // Re-checked after every opening: another stream sharing the gate may have closed it again.
  const acquire = (): Observable<RateLimitPermit> =>
    defer(() => (gate.isClosed() ? from(gate.opened()).pipe(switchMap(acquire)) : permit()));
  return {
    acquire,
    penalize(retryAfterMs) {
      inner?.penalize(retryAfterMs);
    },
  };
}
