/**
 * Where `dedupe` remembers keys. An external store (Redis, a database) implements `has` and
 * `add`, sync or async, so a crawl can dedupe across restarts and machines; `dedupe` calls
 * them in order, one item at a time.
 */
export interface DedupeStore {
  /** Whether the key was added before. */
  has(key: string): boolean | Promise<boolean>;
  /** Remembers the key. */
  add(key: string): void | Promise<void>;
}

/** A store that answers at once. `dedupe` uses `addIfAbsent` (one probe) when it exists. */
export interface SyncDedupeStore extends DedupeStore {
  has(key: string): boolean;
  add(key: string): void;
  /** Adds `key`; `true` when it was not there yet. */
  addIfAbsent(key: string): boolean;
  readonly size: number;
}

/** Whether a store answers synchronously (then `dedupe` needs no async step per item). */
export function isSyncDedupeStore(store: DedupeStore): store is SyncDedupeStore {
  return typeof (store as Partial<SyncDedupeStore>).addIfAbsent === 'function';
}
