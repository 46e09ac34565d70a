import { createIdStore, type IdStore } from '@tikrx/operators';
import type { DaySpan } from './window-memory.js';

/**
 * What the crawl remembers of a window's emitted items, so that nothing goes out twice: after a
 * resumed page, a restarted search or a split. `WindowMemory` for a date window (it knows days);
 * `PageMemory` for a cursor-paged list.
 */
export interface ItemMemory {
  /** Whether the item went out already (in this process, or as the checkpoint says). */
  has(id: string): boolean;
  /** An item goes out now; `span` is the days it may belong to, when known. */
  record(id: string, span: DaySpan | undefined): void;
  /** The page in progress is done. */
  pageDone(): void;
  /** What a checkpoint keeps of it. */
  checkpoint(): { boundaryDay?: string; seenIds: string[] };
}

/**
 * The memory of a cursor-paged list (reposts, comments, liked videos, followers…): a page is
 * fetched again only from its own cursor, so the checkpoint keeps the ids of the page in
 * progress and of the last one; those a resumed checkpoint listed, until a page got through.
 */
export class PageMemory implements ItemMemory {
  /** Every id emitted in this process (and those the resumed checkpoint listed). */
  private readonly seen: IdStore;
  private resumedIds: string[];
  private lastPageIds: string[] = [];
  private pageIds: string[] = [];

  constructor(seenIds: readonly string[]) {
    this.seen = createIdStore({ expectedSize: seenIds.length });
    for (const id of seenIds) this.seen.add(id);
    this.resumedIds = [...seenIds];
  }

  has(id: string): boolean {
    return this.seen.has(id);
  }

  record(id: string): void {
    this.seen.add(id);
    this.pageIds.push(id);
  }

  pageDone(): void {
    this.lastPageIds = this.pageIds;
    this.pageIds = [];
    this.resumedIds = [];
  }

  checkpoint(): { seenIds: string[] } {
    return { seenIds: [...new Set([...this.resumedIds, ...this.lastPageIds, ...this.pageIds])] };
  }
}
