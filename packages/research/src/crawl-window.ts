import type { TikrxEvent, WindowState } from '@tikrx/core';
import { type CheckpointWindow, decodeWindow, type ResearchCheckpoint } from './checkpoint.js';
import { type DayRange, dayNumberOf, daysIn, formatDay } from './dates.js';
import type { ItemMemory } from './page-memory.js';
import type { StealCandidate } from './steal-plan.js';
import { type DaySpan, WindowMemory } from './window-memory.js';
import { type RunState, startRun } from './window-run.js';

/** The window a page belongs to: the date range searched, or the video a list reads (comments). */
export interface CrawlTarget {
  range: DayRange | undefined;
  target: string | undefined;
}

/** A window of the crawl: its range (or target), where it stands, and what it emitted. */
export interface CrawlWindow extends CrawlTarget {
  /**
   * The dates its search was issued with, when they start before `range`: the days before
   * `range.start` went to another window (work stealing); the search goes on with its own dates.
   */
  search: DayRange | undefined;
  state: RunState;
  memory: ItemMemory;
  /** Items it emitted in this run, and the newest day (day number) of those. */
  videos: number;
  newestDay: number | undefined;
}

/** A window of a checkpoint (or of a plan), about to fetch where it stands. */
export function openWindow(window: CheckpointWindow): CrawlWindow {
  const { range, search, target, at, memory } = decodeWindow(window);
  const days = range === undefined ? undefined : daysIn(range);
  const state = startRun(at, days).state;
  return { range, search, target, state, memory, videos: 0, newestDay: undefined };
}

/** A new window over `range` of a date crawl, searching from cursor 0. */
export function dateWindow(range: DayRange, memory: WindowMemory): CrawlWindow {
  const state = startRun({ cursor: 0 }, daysIn(range)).state;
  return {
    range,
    search: undefined,
    target: undefined,
    state,
    memory,
    videos: 0,
    newestDay: undefined,
  };
}

/** What a page request is sent for: the search's own dates, or the list's target. */
export function requestOf(window: CrawlWindow): CrawlTarget {
  return { range: window.search ?? window.range, target: window.target };
}

/** A date window's memory (restarts, splits and steals happen only to date windows). */
export function datedMemory(window: CrawlWindow): WindowMemory {
  if (!(window.memory instanceof WindowMemory)) throw new Error('not a date window');
  return window.memory;
}

/** The entry of `done` a finished window leaves in the checkpoint. */
export function doneEntry(window: CrawlWindow): ResearchCheckpoint['done'][number] {
  if (window.range !== undefined) return { ...window.range };
  return window.target === undefined ? {} : { target: window.target };
}

/** A `window` event of a date window (lists have none). */
export function windowEventOf(window: CrawlWindow, state: WindowState): TikrxEvent | undefined {
  if (window.range === undefined) return undefined;
  const { start, end } = window.range;
  return { type: 'window', source: 'research', start, end, state, videos: window.videos };
}

/** A running date window as work stealing (steal-plan.ts) sees it. */
export function stealCandidateOf(window: CrawlWindow): StealCandidate {
  const { state } = window;
  const busy = state.outcome !== undefined || state.failures > 0 || state.refusals > 0;
  return {
    startDay: dayNumberOf((window.range as DayRange).start),
    boundaryDay: window.range === undefined ? undefined : datedMemory(window).oldestDay,
    newestDay: window.newestDay,
    videos: window.videos,
    busy,
  };
}

/**
 * Hands `start..lastDay` of a running date window to a new window (returned): the running one
 * keeps its search and from now on answers for `lastDay + 1..end` only.
 */
export function cutWindow(window: CrawlWindow, lastDay: number): CrawlWindow {
  const range = window.range as DayRange;
  const taken = { start: range.start, end: formatDay(lastDay) };
  const thief = dateWindow(taken, datedMemory(window).child(taken));
  window.search ??= range;
  window.range = { start: formatDay(lastDay + 1), end: range.end };
  window.state = { ...window.state, days: daysIn(window.range) };
  return thief;
}

/** How a crawl tells its items apart and dates them (see `CrawlSpec`). */
export interface ItemKeys<T> {
  idOf?: ((item: T) => string) | undefined;
  daySpanOf?: ((item: T) => DaySpan | undefined) | undefined;
}

const idOfDefault = (item: unknown) => (item as { id: string }).id;

/**
 * The items of a page this window emits: not emitted yet (a page may also repeat an id within
 * itself), and of the window's own days. With its search started before the window (another
 * window took those days) the videos of days before its start are the other window's, and
 * reaching them means the rest of the search is too (results come newest first).
 */
export function pageItemsOf<T>(
  window: CrawlWindow,
  page: readonly T[],
  keys: ItemKeys<T>,
): { items: T[]; dropped: number; passedStart: boolean } {
  const idOf = keys.idOf ?? idOfDefault;
  const startDay =
    window.search === undefined || window.range === undefined
      ? undefined
      : dayNumberOf(window.range.start);
  let passedStart = false;
  let dropped = 0;
  const inPage = new Set<string>();
  const items = page.filter((item) => {
    if (startDay !== undefined) {
      const span = keys.daySpanOf?.(item);
      if (span !== undefined && span.last < startDay) {
        passedStart = true;
        return false;
      }
    }
    const id = idOf(item);
    if (window.memory.has(id) || inPage.has(id)) {
      dropped++;
      return false;
    }
    inPage.add(id);
    return true;
  });
  return { items, dropped, passedStart };
}

/** An item of the window goes out now. */
export function recordItem<T>(window: CrawlWindow, item: T, keys: ItemKeys<T>): void {
  const span = keys.daySpanOf?.(item);
  window.memory.record((keys.idOf ?? idOfDefault)(item), span);
  if (span !== undefined && (window.newestDay === undefined || span.first > window.newestDay))
    window.newestDay = span.first;
  window.videos += 1;
}
