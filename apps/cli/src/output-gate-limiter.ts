import type { RateLimiter, RateLimitPermit } from '@tikrx/core';
import { defer, from, type Observable, of, switchMap } from 'rxjs';
import type { RecordOutput } from './output.js';

const FREE_PERMIT: RateLimitPermit = { waitedMs: 0, release: () => {} };

/**
 * Backpressure for a push stream: a limiter that hands out no permit while the output's buffer
 * is full (a slow pipe, a slow disk), so no page is requested faster than it can be written.
 * Wraps the rate limiter the clients would use anyway.
 */
export function outputGateLimiter(output: RecordOutput, inner?: RateLimiter): RateLimiter {
  return {
    acquire(): Observable<RateLimitPermit> {
      return defer(() => (output.congested ? from(output.drained()) : of(undefined))).pipe(
        switchMap(() => (inner ? inner.acquire() : of(FREE_PERMIT))),
      );
    },
    penalize(retryAfterMs) {
      inner?.penalize(retryAfterMs);
    },
  };
}
