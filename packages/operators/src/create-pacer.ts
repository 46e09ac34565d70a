import type { RateLimiter } from '@tikrx/core';
import type { Observable } from 'rxjs';
import { gateLimiter } from './gate-limiter.js';
import { toAsyncIterable } from './to-async-iterable.js';

export interface PacerOptions {
  /** Values that may wait for the consumer before requests stop. Default 500. */
  highWaterMark?: number;
  /** Requests start again once the waiting values fall to this. Default half the high mark. */
  lowWaterMark?: number;
}

export interface Pacer {
  /** The limiter to give the client (wrapping the rate limiter it would use anyway). */
  limiter(inner?: RateLimiter): RateLimiter;
  /** The stream as an async iterable whose consumption paces the client's requests. */
  iterate<T>(observable: Observable<T>): AsyncIterableIterator<T>;
}

/**
 * Pull-based backpressure for `for await` users. An Observable cannot be paused, but a
 * client asks its limiter before every page: the pacer's limiter withholds that permit while
 * more than `highWaterMark` videos wait for the loop, so a slow consumer slows the crawl
 * instead of filling memory.
 *
 * ```ts
 * const pacer = createPacer({ highWaterMark: 200 });
 * const research = createResearchClient({ ...credentials, limiter: pacer.limiter() });
 * for await (const video of pacer.iterate(research.queryVideos(query))) await save(video);
 * ```
 */
export function createPacer(options: PacerOptions = {}): Pacer {
  const highWaterMark = options.highWaterMark ?? 500;
  const lowWaterMark = options.lowWaterMark ?? Math.floor(highWaterMark / 2);
  let waiting = 0;
  let closed = false;
  let openers: Array<() => void> = [];

  const onBuffered = (count: number) => {
    waiting = count;
    if (!closed && waiting > highWaterMark) closed = true;
    if (closed && waiting <= lowWaterMark) {
      closed = false;
      const wake = openers;
      openers = [];
      for (const open of wake) open();
    }
  };

  const gate = {
    isClosed: () => closed,
    opened: () =>
      new Promise<void>((resolve) => {
        openers.push(resolve);
      }),
  };

  return {
    limiter: (inner) => gateLimiter(gate, inner),
    iterate: (observable) => toAsyncIterable(observable, { onBuffered }),
  };
}
