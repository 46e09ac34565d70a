import type { Video } from '@tikrx/core';
import { concatMap, defer, EMPTY, filter, type MonoTypeOperatorFunction, of } from 'rxjs';
import { type DedupeStore, isSyncDedupeStore } from './dedupe-store.js';
import { createIdStore } from './id-store.js';

/**
 * Options of `dedupe`: the key of an item (default `id`), the store of keys seen, and a callback per duplicate.
 */
export interface DedupeOptions<T> {
  /** The identity of an item. Default: its `id` (a `Video`'s id). */
  key?: (item: T) => string;
  /**
   * Where keys are remembered. Default: a fresh exact `createIdStore()` per subscription.
   * Pass one to share it between streams, a `createBoundedStore` to cap memory, or an
   * external `DedupeStore` (async `has`/`add`) to dedupe across restarts and machines.
   */
  store?: DedupeStore;
  /** Called for each dropped duplicate (the CLI and `progress` count them). */
  onDuplicate?: (item: T, key: string) => void;
}

/**
 * Drops items whose key was seen before, keeping order. With a synchronous store (the
 * built-in ones) it is a plain `filter`; with an async store each item waits for its
 * `has` (and `add`) before the next is looked at (`concatMap`), so order is kept and two
 * copies arriving together are still caught.
 */
export function dedupe<T extends { id: string } = Video>(
  options?: DedupeOptions<T>,
): MonoTypeOperatorFunction<T>;
export function dedupe<T>(
  options: DedupeOptions<T> & { key: (item: T) => string },
): MonoTypeOperatorFunction<T>;
export function dedupe<T>(options: DedupeOptions<T> = {}): MonoTypeOperatorFunction<T> {
  const keyOf = options.key ?? ((item: T) => (item as { id: string }).id);
  const onDuplicate = options.onDuplicate;
  return (source) =>
    defer(() => {
      const store = options.store ?? createIdStore();
      if (isSyncDedupeStore(store)) {
        return source.pipe(
          filter((item) => {
            const key = keyOf(item);
            if (store.addIfAbsent(key)) return true;
            onDuplicate?.(item, key);
            return false;
          }),
        );
      }
      return source.pipe(
        concatMap(async (item) => {
          const key = keyOf(item);
          if (await store.has(key)) {
            onDuplicate?.(item, key);
            return EMPTY;
          }
          await store.add(key);
          return of(item);
        }),
        concatMap((items) => items),
      );
    });
}
