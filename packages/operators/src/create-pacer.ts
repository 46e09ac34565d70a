import type { RateLimiter } from '@tikrx/core';
import { Observable } from 'rxjs';
import { gateLimiter } from './gate-limiter.js';
import { createDemandGate, type DemandOptions, subscribeWithDemand } from './sink-demand.js';
import { toAsyncIterable } from './to-async-iterable.js';

/** Water marks in values waiting for the loop. Defaults 500 and half of it. */
export interface PacerOptions extends DemandOptions {}

/** Pull-based backpressure for a client's stream, made by `createPacer`. */
export interface Pacer {
  /**
   * The limiter to give the client (wrapping the rate limiter it would use anyway). Only
   * needed when the client's stream is subscribed outside `iterate` (see sink-demand.ts).
   */
  limiter(inner?: RateLimiter): RateLimiter;
  /** The stream as an async iterable whose consumption paces the client's requests. */
  iterate<T>(observable: Observable<T>): AsyncIterableIterator<T>;
}

/**
 * Pull-based backpressure for `for await` users, the same mechanism the sinks use
 * (sink-demand.ts): while more than `highWaterMark` videos wait for the loop, the clients
 * feeding the stream request no page, so a slow consumer slows the crawl instead of filling
 * memory.
 *
 * ```ts
 * const pacer = createPacer({ highWaterMark: 200 });
 * const research = createResearchClient({ ...credentials });
 * for await (const video of pacer.iterate(research.queryVideos(query))) await save(video);
 * ```
 */
export function createPacer(options: PacerOptions = {}): Pacer {
  const demand = createDemandGate({ highWaterMark: 500, ...options });
  return {
    limiter: (inner) => gateLimiter(demand.gate, inner),
    iterate: (observable) =>
      toAsyncIterable(
        new Observable((subscriber) => subscribeWithDemand(demand.gate, observable, subscriber)),
        { onBuffered: demand.setWaiting },
      ),
  };
}
