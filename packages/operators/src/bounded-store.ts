import { TikrxError } from '@tikrx/core';
import type { SyncDedupeStore } from './dedupe-store.js';

/** Options of `createBoundedStore`: how many keys (or bytes) it keeps, forgetting the oldest. */
export interface BoundedStoreOptions {
  /** Most keys kept. */
  maxEntries?: number;
  /** Most bytes kept, estimated as 2 bytes a character plus 64 of overhead per key. */
  maxBytes?: number;
}

/** A store that forgets: the least recently seen keys go first. */
export interface BoundedStore extends SyncDedupeStore {
  /** Estimated bytes held. */
  readonly byteLength: number;
  /** Keys forgotten to stay within the bounds. */
  readonly evicted: number;
}

const ENTRY_OVERHEAD_BYTES = 64;

/**
 * A store with a memory cap for crawls too long to remember everything: least recently seen
 * keys are evicted first (a key seen again moves to the back of the line). A duplicate older
 * than the window passes through again; use it when "no duplicates among recent items" is
 * enough, and `createIdStore` when it must be exact.
 */
export function createBoundedStore(options: BoundedStoreOptions): BoundedStore {
  const maxEntries = options.maxEntries ?? Number.POSITIVE_INFINITY;
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  if (
    !(maxEntries >= 1) ||
    !(maxBytes >= 1) ||
    (options.maxEntries === undefined && options.maxBytes === undefined)
  ) {
    throw new TikrxError({
      kind: 'bad_request',
      message: 'createBoundedStore: give maxEntries and/or maxBytes, each at least 1',
    });
  }
  // A Set iterates in insertion order: its first key is the least recently seen.
  const keys = new Set<string>();
  let bytes = 0;
  let evicted = 0;
  const costOf = (key: string) => 2 * key.length + ENTRY_OVERHEAD_BYTES;

  const touch = (key: string): void => {
    keys.delete(key);
    keys.add(key);
  };

  const addIfAbsent = (key: string): boolean => {
    if (keys.has(key)) {
      touch(key);
      return false;
    }
    keys.add(key);
    bytes += costOf(key);
    while (keys.size > maxEntries || (bytes > maxBytes && keys.size > 1)) {
      const oldest = keys.values().next().value as string;
      keys.delete(oldest);
      bytes -= costOf(oldest);
      evicted += 1;
    }
    return true;
  };

  return {
    has: (key) => {
      if (!keys.has(key)) return false;
      touch(key);
      return true;
    },
    add: (key) => {
      addIfAbsent(key);
    },
    addIfAbsent,
    get size() {
      return keys.size;
    },
    get byteLength() {
      return bytes;
    },
    get evicted() {
      return evicted;
    },
  };
}
