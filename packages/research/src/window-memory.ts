import type { Video } from '@tikrx/core';
import { createIdStore, type IdStore } from '@tikrx/operators';
import { type DayRange, dayNumberOf, formatDay } from './dates.js';
import type { ItemMemory } from './page-memory.js';

/** The UTC days (day numbers, first..last) an item may belong to. */
export interface DaySpan {
  first: number;
  last: number;
}

/**
 * What a window emitted, so that nothing goes out twice: after a restarted search, a split,
 * or a resume from a checkpoint. Results come newest first, so what is left of a window is
 * `start..boundaryDay` (the oldest day it emitted); the ids it emitted that may fall on or
 * before that day are kept (they can come again), the others are no longer needed.
 */
export class WindowMemory implements ItemMemory {
  /**
   * Every id emitted in this process (shared with the windows a split or a steal made of this
   * one). An `IdStore` (about 16 bytes an id, outside the JS heap), not a `Set<string>` (about
   * 60 bytes an id, on the heap): it holds every id of the crawl while the window runs.
   */
  readonly seen: IdStore;
  /** The oldest day (day number) a video emitted may belong to, as far as known. */
  private boundaryDay: number | undefined;
  /** Emitted ids that may fall on or before `boundaryDay`, with the earliest day each may be. */
  private readonly boundary = new Map<string, number>();
  private lastPageIds: string[] = [];
  private pageIds: string[] = [];
  /**
   * What `checkpoint()` answered, until the memory changes: a crawl takes a checkpoint of every
   * window after every page, and most windows did not move since the last one.
   */
  private saved: { boundaryDay?: string; seenIds: string[] } | undefined;

  constructor(from: { seenIds: readonly string[]; boundaryDay?: string }, seen?: IdStore) {
    this.seen = seen ?? createIdStore({ expectedSize: from.seenIds.length });
    for (const id of from.seenIds) this.seen.add(id);
    if (from.boundaryDay !== undefined) this.boundaryDay = dayNumberOf(from.boundaryDay);
    // Until this window moves past that day, what the checkpoint said was emitted still is.
    const earliest = this.boundaryDay ?? Number.NEGATIVE_INFINITY;
    for (const id of from.seenIds) this.boundary.set(id, earliest);
  }

  /** The oldest day (day number) a video emitted may belong to; undefined before any. */
  get oldestDay(): number | undefined {
    return this.boundaryDay;
  }

  has(id: string): boolean {
    return this.seen.has(id);
  }

  /** An item goes out now; `span`: the days it may belong to (`daySpanOf` a video). */
  record(id: string, span: DaySpan | undefined): void {
    this.saved = undefined;
    this.seen.add(id);
    this.pageIds.push(id);
    if (span === undefined) {
      // No day known: it may come again anywhere in the window.
      this.boundary.set(id, Number.NEGATIVE_INFINITY);
      return;
    }
    if (this.boundaryDay === undefined || span.last < this.boundaryDay) {
      this.boundaryDay = span.last;
      for (const [id, earliest] of this.boundary) {
        if (earliest > span.last) this.boundary.delete(id);
      }
    }
    if (span.first <= this.boundaryDay) this.boundary.set(id, span.first);
  }

  /** The page in progress is done: its ids stay remembered one page more. */
  pageDone(): void {
    this.saved = undefined;
    this.lastPageIds = this.pageIds;
    this.pageIds = [];
  }

  /** What is left of `range` for a fresh search: `start..boundaryDay`, or all of it. */
  remainder(range: DayRange): DayRange {
    this.saved = undefined;
    if (this.boundaryDay === undefined) {
      // Nothing of a known day emitted: start over; every emitted id may come again, and each
      // is in `boundary` already (recorded without a day, or listed by the checkpoint).
      return range;
    }
    const first = dayNumberOf(range.start);
    const last = Math.max(first, Math.min(dayNumberOf(range.end), this.boundaryDay));
    this.lastPageIds = [];
    return { start: range.start, end: formatDay(last) };
  }

  /** The memory of one of the windows a split makes of this one's remainder. */
  child(range: DayRange): WindowMemory {
    const last = dayNumberOf(range.end);
    const kept = [...this.boundary].filter(([, earliest]) => earliest <= last).map(([id]) => id);
    return new WindowMemory({ seenIds: kept }, this.seen);
  }

  /** What a checkpoint keeps of it. */
  checkpoint(): { boundaryDay?: string; seenIds: string[] } {
    if (this.saved !== undefined) return this.saved;
    // Frozen: checkpoints taken while this memory does not change share the list.
    const seenIds = Object.freeze([
      ...new Set([...this.boundary.keys(), ...this.lastPageIds, ...this.pageIds]),
    ]) as string[];
    this.saved =
      this.boundaryDay === undefined
        ? { seenIds }
        : { boundaryDay: formatDay(this.boundaryDay), seenIds };
    return this.saved;
  }
}

/** Seconds a video id's top 32 bits can lie before its create_time (the field: 18-48 s). */
const ID_LEAD_MAX_SEC = 60;

/**
 * The UTC days (day numbers) a video may belong to: its create_time's when sent, else the
 * days its id allows (the top 32 bits are up to a minute before create_time, so an id alone
 * never pins a day). Undefined when neither is known.
 */
export function daySpanOf(video: Video): DaySpan | undefined {
  if (video.createTime !== undefined) {
    const day = Math.floor(video.createTime / 86_400);
    return { first: day, last: day };
  }
  if (!/^\d{1,20}$/.test(video.id)) return undefined;
  const seconds = Number(BigInt(video.id) >> 32n);
  return {
    first: Math.floor(seconds / 86_400),
    last: Math.floor((seconds + ID_LEAD_MAX_SEC) / 86_400),
  };
}
