import { isObservable, lastValueFrom, type Observable, toArray } from 'rxjs';
import { expect } from 'vitest';

/**
 * What tests read off a `TikrxError`. Structural, so that `@tikrx/core`'s own tests can use
 * this package without a dependency cycle; pass `TikrxError` as the type argument for more.
 */
export interface TestedError extends Error {
  kind: string;
  retryable: boolean;
  status?: number;
  code?: string;
  apiMessage?: string;
  requestId?: string;
  retryAfterMs?: number;
  url?: string;
}

/**
 * Awaits a stream (or a Promise) that must fail with a `TikrxError`, and returns that error.
 * A stream that completes, or fails with anything else, fails the test.
 */
export async function failure<E extends TestedError = TestedError>(
  source: Observable<unknown> | PromiseLike<unknown>,
): Promise<E> {
  try {
    await (isObservable(source) ? lastValueFrom(source, { defaultValue: undefined }) : source);
  } catch (error) {
    expect((error as Error | undefined)?.name, String(error)).toBe('TikrxError');
    return error as E;
  }
  throw new Error('expected a TikrxError, but it completed');
}

/** Every value of a stream that must complete. */
export const collect = <T>(source: Observable<T>): Promise<T[]> =>
  lastValueFrom(source.pipe(toArray()));

/** The ids of a stream of videos, in order. */
export async function idsOf(source: Observable<{ id: string }>): Promise<string[]> {
  return (await collect(source)).map((video) => video.id);
}
