import { TikrxError } from '@tikrx/core';
import type { Observable, Subscription } from 'rxjs';

/** Options of `toAsyncIterable`: how many items may wait for the loop, and what happens beyond that. */
export interface ToAsyncIterableOptions {
  /**
   * How many values may wait for the consumer. Default 1000. An Observable cannot be paused,
   * so what happens beyond it is `overflow`'s choice.
   */
  highWaterMark?: number;
  /**
   * `'buffer'` (default): keep buffering (nothing is lost; memory grows while the consumer is
   * slow). `'error'`: unsubscribe and fail the iteration with a `bad_request` `TikrxError`
   * naming the limit, so a consumer too slow for its source is loud instead of leaking.
   */
  overflow?: 'buffer' | 'error';
  /** Told how many values wait for the consumer each time that changes (`createPacer` uses it). */
  onBuffered?: (waiting: number) => void;
}

/**
 * An Observable as an async iterable for `for await`. Subscribes on the first `next()`,
 * unsubscribes when the loop ends early (`break`, `return`, a throw), and rethrows the
 * source's error at the point the loop reaches it, after every value before it.
 */
export function toAsyncIterable<T>(
  observable: Observable<T>,
  options: ToAsyncIterableOptions = {},
): AsyncIterableIterator<T> {
  const highWaterMark = options.highWaterMark ?? 1000;
  const buffer: T[] = [];
  let head = 0;
  let done = false;
  let failure: { error: unknown } | undefined;
  let subscription: Subscription | undefined;
  let wake: (() => void) | undefined;

  const notify = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };

  const start = () => {
    subscription = observable.subscribe({
      next: (value) => {
        // A synchronous source keeps pushing before `subscribe` returns; ignore it once failed.
        if (failure !== undefined) return;
        buffer.push(value);
        options.onBuffered?.(buffer.length - head);
        if (buffer.length - head > highWaterMark && options.overflow === 'error') {
          failure = {
            error: new TikrxError({
              kind: 'bad_request',
              message: `toAsyncIterable: more than ${highWaterMark} values waited for the consumer`,
            }),
          };
          buffer.length = 0;
          head = 0;
          subscription?.unsubscribe();
        }
        notify();
      },
      error: (error: unknown) => {
        if (failure !== undefined) return;
        failure = { error };
        notify();
      },
      complete: () => {
        done = true;
        notify();
      },
    });
    if (failure !== undefined) subscription.unsubscribe();
  };

  const stop = () => {
    done = true;
    subscription?.unsubscribe();
    buffer.length = 0;
    head = 0;
    options.onBuffered?.(0);
  };

  const iterator: AsyncIterableIterator<T> = {
    async next(): Promise<IteratorResult<T>> {
      if (subscription === undefined && !done) start();
      for (;;) {
        if (head < buffer.length) {
          const value = buffer[head]!;
          head += 1;
          options.onBuffered?.(buffer.length - head);
          if (head === buffer.length || head > 1024) {
            buffer.splice(0, head);
            head = 0;
          }
          return { value, done: false };
        }
        if (failure !== undefined) {
          const { error } = failure;
          stop();
          failure = undefined;
          throw error;
        }
        if (done) return { value: undefined, done: true };
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    },
    async return(): Promise<IteratorResult<T>> {
      stop();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
