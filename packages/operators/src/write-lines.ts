import type { Writable } from 'node:stream';
import { TikrxError } from '@tikrx/core';
import { Observable, type OperatorFunction } from 'rxjs';
import { createDemandGate, type DemandOptions, subscribeWithDemand } from './sink-demand.js';

/** Options of every line sink; the water marks count lines waiting for `drain`. */
export interface WriteLinesOptions extends DemandOptions {
  /** End the writable when the source completes (a file); leave it open for stdout. Default false. */
  end?: boolean;
}

/** What a sink reports, once, when every line was handed to the writable. */
export interface WriteResult {
  /** Records written (a CSV header is not counted). */
  written: number;
}

/**
 * The core of the NDJSON and CSV sinks: writes one string per item to `writable`, and when
 * `write()` returns false, holds further lines in order until `drain`; none is lost. While more
 * than `highWaterMark` lines wait (default 1000), no client feeding the stream requests its
 * next page (see sink-demand.ts), so a slow disk or pipe slows the crawl instead of filling
 * memory. On source completion (or error) the waiting lines are written first; then it emits
 * `{ written }` and completes (or errors). A failing writable errors the result.
 */
export function writeLines<T>(
  writable: Writable,
  toLine: (item: T) => string,
  options: WriteLinesOptions & { header?: string } = {},
): OperatorFunction<T, WriteResult> {
  return (source) =>
    new Observable<WriteResult>((subscriber) => {
      const waiting: string[] = [];
      let next = 0;
      let written = 0;
      let full = false;
      let sourceDone = false;
      let sourceError: { error: unknown } | undefined;
      let finished = false;
      const demand = createDemandGate(options);

      const finish = () => {
        if (finished) return;
        finished = true;
        if (sourceError !== undefined) return subscriber.error(sourceError.error);
        const done = () => {
          subscriber.next({ written });
          subscriber.complete();
        };
        if (options.end === true) writable.end(done);
        else done();
      };

      const pump = () => {
        while (!full && next < waiting.length) {
          const line = waiting[next]!;
          next += 1;
          written += 1;
          full = !writable.write(line);
        }
        if (next === waiting.length) {
          waiting.length = 0;
          next = 0;
        } else if (next > 1024) {
          waiting.splice(0, next);
          next = 0;
        }
        demand.setWaiting(waiting.length - next);
        if (!full && waiting.length === 0 && sourceDone) finish();
      };

      const onDrain = () => {
        full = false;
        pump();
      };
      const onError = (error: unknown) => {
        finished = true;
        subscriber.error(
          new TikrxError({
            kind: 'network',
            message: `Writing to the output failed: ${error instanceof Error ? error.message : String(error)}`,
            retryable: false,
            cause: error,
          }),
        );
      };
      writable.on('drain', onDrain);
      writable.on('error', onError);

      if (options.header !== undefined) {
        full = !writable.write(options.header);
      }
      const subscription = subscribeWithDemand(demand.gate, source, {
        next: (item) => {
          waiting.push(toLine(item));
          if (full) demand.setWaiting(waiting.length - next);
          else pump();
        },
        error: (error: unknown) => {
          sourceDone = true;
          sourceError = { error };
          pump();
        },
        complete: () => {
          sourceDone = true;
          pump();
        },
      });
      return () => {
        subscription.unsubscribe();
        demand.setWaiting(0);
        writable.off('drain', onDrain);
        writable.off('error', onError);
      };
    });
}
