import { createIdStore, type IdStore, type SyncDedupeStore } from '@tikrx/operators';

/**
 * The dedupe store of a crawl: ids already in a continued `--out` file (read-only) and the
 * ids this run writes, so that each video is written once across runs.
 */
export function idsInOutput(existing: Pick<IdStore, 'has' | 'size'>): SyncDedupeStore {
  const written = createIdStore();
  return {
    has: (id) => existing.has(id) || written.has(id),
    add: (id) => {
      if (!existing.has(id)) written.add(id);
    },
    addIfAbsent: (id) => !existing.has(id) && written.addIfAbsent(id),
    get size() {
      return existing.size + written.size;
    },
  };
}
