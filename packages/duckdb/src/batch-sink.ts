import { TikrxError } from '@tikrx/core';
import { createDemandGate, type DemandOptions, subscribeWithDemand } from '@tikrx/operators';
import { Observable, type OperatorFunction } from 'rxjs';

/** What a batch sink does with its target; each step is awaited before the next. */
export interface BatchTarget<T, R> {
  /** Writes one batch (records in arrival order). */
  write(batch: T[]): Promise<void>;
  /** After the last batch. `complete` is false when the source failed or was unsubscribed. */
  close(complete: boolean, written: number): Promise<R>;
}

/** Batch sizes and water marks, in records. */
export interface BatchSinkOptions extends DemandOptions {
  /** Most records per write. Default 2000. */
  maxBatch?: number;
  /**
   * How long the first record of a batch waits for others before the batch is written, unless
   * `maxBatch` fill it sooner. Default 200 ms: a slow crawl then commits a few times a second,
   * not once per page (each commit costs a fixed ~10–50 ms).
   */
  gatherMs?: number;
}

/**
 * A sink that writes in batches to an asynchronous target, with the backpressure every tikrx
 * sink has (`subscribeWithDemand` in `@tikrx/operators`): while more than `highWaterMark`
 * records wait (default 2 × `maxBatch`), clients feeding the stream request no page. While one
 * batch is written the next gathers, so batches grow with the load. On completion, or a source
 * error, what was received is written first; then the target is closed and the result
 * emitted (or the error raised). A failing write fails the stream.
 */
export function batchSink<T, R>(
  describe: string,
  open: () => Promise<BatchTarget<T, R>>,
  options: BatchSinkOptions = {},
): OperatorFunction<T, R> {
  const maxBatch = options.maxBatch ?? 2000;
  const gatherMs = options.gatherMs ?? 200;
  return (source) =>
    new Observable<R>((subscriber) => {
      const demand = createDemandGate({ highWaterMark: 2 * maxBatch, ...options });
      const opening = open();
      let queue: T[] = [];
      let written = 0;
      let busy = false;
      let sourceEnded: { error?: unknown } | undefined;
      let stopped = false;
      let running: Promise<void> = Promise.resolve();
      let gatherTimer: ReturnType<typeof setTimeout> | undefined;

      const closeQuietly = () => {
        void running
          .then(() => opening)
          .then((target) => target.close(false, written))
          .catch(() => {});
      };

      const fail = (error: unknown) => {
        if (stopped) return;
        stopped = true;
        closeQuietly();
        subscriber.error(
          error instanceof TikrxError
            ? error
            : new TikrxError({
                kind: 'invalid_response',
                message: `Writing to ${describe} failed: ${error instanceof Error ? error.message : String(error)}`,
                retryable: false,
                cause: error,
              }),
        );
      };

      const pump = () => {
        if (gatherTimer !== undefined) clearTimeout(gatherTimer);
        gatherTimer = undefined;
        if (busy || stopped) return;
        busy = true;
        running = drain();
      };
      const drain = async () => {
        try {
          const target = await opening;
          // The batch due now; after it only full batches, or all that is left once the
          // source ended. A partial batch waits `gatherMs` for more.
          let first = true;
          while (
            !stopped &&
            queue.length > 0 &&
            (first || queue.length >= maxBatch || sourceEnded !== undefined)
          ) {
            first = false;
            const batch = queue.length <= maxBatch ? queue : queue.slice(0, maxBatch);
            queue = queue.length <= maxBatch ? [] : queue.slice(maxBatch);
            demand.setWaiting(queue.length);
            await target.write(batch);
            written += batch.length;
          }
          if (sourceEnded !== undefined && !stopped) {
            const result = await target.close(!('error' in sourceEnded), written);
            stopped = true;
            if ('error' in sourceEnded) subscriber.error(sourceEnded.error);
            else {
              subscriber.next(result);
              subscriber.complete();
            }
          }
        } catch (error) {
          fail(error);
        } finally {
          busy = false;
          if (queue.length > 0 && !stopped) gatherTimer ??= setTimeout(pump, gatherMs);
        }
      };

      const subscription = subscribeWithDemand(demand.gate, source, {
        next: (item) => {
          queue.push(item);
          demand.setWaiting(queue.length);
          if (queue.length >= maxBatch) {
            if (!busy) pump();
          } else if (!busy && gatherTimer === undefined) {
            gatherTimer = setTimeout(pump, gatherMs);
          }
        },
        error: (error: unknown) => {
          sourceEnded = { error };
          pump();
        },
        complete: () => {
          sourceEnded = {};
          pump();
        },
      });
      opening.catch(fail);

      return () => {
        subscription.unsubscribe();
        if (gatherTimer !== undefined) clearTimeout(gatherTimer);
        demand.setWaiting(0);
        if (!stopped) {
          // Unsubscribed before the end: close what was opened once the write under way is done.
          stopped = true;
          closeQuietly();
        }
      };
    });
}
