import { createHash } from 'node:crypto';
import { TikrxError, type TikrxEvent } from '@tikrx/core';
import type { DayRange } from './dates.js';
import { type ItemMemory, PageMemory } from './page-memory.js';
import { WindowMemory } from './window-memory.js';
import type { PageAt } from './wire.js';

/** Where one window (a date range of a query, or a cursor-paged list) stands. Plain JSON. */
export interface CheckpointWindow {
  /** `YYYYMMDD`; absent for a cursor-paged list (reposts, comments, followers…). */
  start?: string;
  end?: string;
  /** The video (comments) this window reads, in a crawl over several. */
  target?: string;
  /**
   * `YYYYMMDD` the search at `searchId` was issued from, when earlier than `start`: the days
   * before `start` went to another window (work stealing). Pages are asked with it; videos
   * before `start` are not this window's.
   */
  searchStart?: string;
  /** The cursor of the next page to fetch (or of the page being emitted when the stream stopped). */
  cursor: number;
  /** The search the cursor belongs to, when the API gave one. */
  searchId?: string;
  /**
   * `YYYYMMDD` of the oldest video this window emitted. Should the search be gone on resume,
   * the window searches afresh over `start..boundaryDay` (results come newest first).
   */
  boundaryDay?: string;
  /**
   * Ids already emitted that the page at `cursor` (or a fresh search of `boundaryDay`) may
   * hold again: the last page, what was emitted of the page in
   * progress, and those of `boundaryDay`. A resumed stream drops them.
   */
  seenIds: string[];
}

/** The endpoint a checkpoint belongs to. */
export type ResearchCrawlKind =
  | 'video_query'
  | 'reposted_videos'
  | 'comments'
  | 'liked_videos'
  | 'pinned_videos'
  | 'followers'
  | 'following';

/**
 * A crawl's state, as `onEvent` `{ type: 'checkpoint' }` and `onCheckpoint` report it after
 * every page and when the stream stops. Pass it back as `checkpoint` to continue: at most
 * one page is fetched again and no video is emitted twice.
 */
export interface ResearchCheckpoint {
  version: 1;
  kind: ResearchCrawlKind;
  /** Hash of what was asked (query, dates, fields, max count); a checkpoint resumes only its own crawl. */
  key: string;
  /** Windows finished. */
  done: Array<{ start?: string; end?: string; target?: string }>;
  /** Windows open or not started, in order (gap days among them: they are pending too). */
  windows: CheckpointWindow[];
  /**
   * Days (`YYYYMMDD`) that kept failing and were given up by the run that reported this; a
   * resumed run retries them (they are windows above).
   */
  gaps?: string[];
}

/**
 * A checkpoint window as the crawl runs it: a date window (its range, a memory that knows
 * days) or a cursor-paged list (the video it reads, if any; a memory of its last pages).
 */
export type DecodedWindow = { at: PageAt } & (
  | { range: DayRange; search: DayRange | undefined; target?: undefined; memory: WindowMemory }
  | { range: undefined; search?: undefined; target: string | undefined; memory: PageMemory }
);

export function decodeWindow(window: CheckpointWindow): DecodedWindow {
  const at: PageAt = {
    cursor: window.cursor,
    ...(window.searchId === undefined ? {} : { searchId: window.searchId }),
  };
  if (window.start === undefined || window.end === undefined) {
    return { range: undefined, target: window.target, at, memory: new PageMemory(window.seenIds) };
  }
  const memory = new WindowMemory({
    seenIds: window.seenIds,
    ...(window.boundaryDay === undefined ? {} : { boundaryDay: window.boundaryDay }),
  });
  const search =
    window.searchStart === undefined ? undefined : { start: window.searchStart, end: window.end };
  return { range: { start: window.start, end: window.end }, search, at, memory };
}

export function encodeWindow(window: {
  range: DayRange | undefined;
  search: DayRange | undefined;
  target: string | undefined;
  at: PageAt;
  memory: ItemMemory;
}): CheckpointWindow {
  return {
    ...window.range,
    ...(window.search === undefined ? {} : { searchStart: window.search.start }),
    ...(window.target === undefined ? {} : { target: window.target }),
    cursor: window.at.cursor,
    ...(window.at.searchId === undefined ? {} : { searchId: window.at.searchId }),
    ...window.memory.checkpoint(),
  };
}

/** Hands a checkpoint to `onCheckpoint` and, as a `checkpoint` event, to `onEvent`. */
export function reportCheckpoint(
  checkpoint: ResearchCheckpoint,
  to: {
    onCheckpoint?: ((checkpoint: ResearchCheckpoint) => void) | undefined;
    emit: (event: TikrxEvent) => void;
  },
): void {
  to.onCheckpoint?.(checkpoint);
  to.emit({ type: 'checkpoint', source: 'research', checkpoint });
}

/** Stable hash of the parameters that define a crawl. */
export function crawlKey(params: unknown): string {
  return createHash('sha256').update(stableJson(params)).digest('hex').slice(0, 16);
}

/** Checks a checkpoint handed back by the user: its shape, and that it belongs to this crawl. */
export function readCheckpoint(
  value: unknown,
  kind: ResearchCheckpoint['kind'],
  key: string,
): ResearchCheckpoint {
  const bad = (why: string) =>
    new TikrxError({ kind: 'bad_request', message: `checkpoint ${why}` });
  if (typeof value !== 'object' || value === null) throw bad('must be an object');
  const checkpoint = value as Partial<ResearchCheckpoint>;
  if (
    checkpoint.version !== 1 ||
    !Array.isArray(checkpoint.windows) ||
    !Array.isArray(checkpoint.done)
  ) {
    throw bad('is not a tikrx research checkpoint (version 1)');
  }
  if (
    checkpoint.gaps !== undefined &&
    !(Array.isArray(checkpoint.gaps) && checkpoint.gaps.every((day) => typeof day === 'string'))
  ) {
    throw bad('has gaps that are not a list of days');
  }
  if (checkpoint.kind !== kind) throw bad(`is of a ${checkpoint.kind} crawl, not ${kind}`);
  if (checkpoint.key !== key) {
    throw bad('belongs to another crawl (query, dates, fields or maxCount differ)');
  }
  for (const window of checkpoint.windows) {
    if (
      typeof window !== 'object' ||
      window === null ||
      !Number.isInteger(window.cursor) ||
      window.cursor < 0 ||
      !Array.isArray(window.seenIds)
    ) {
      throw bad('has a window without a cursor and seenIds');
    }
    if (
      window.searchStart !== undefined &&
      !(
        typeof window.searchStart === 'string' &&
        typeof window.start === 'string' &&
        window.searchStart < window.start
      )
    ) {
      throw bad('has a window whose searchStart is not a day before its start');
    }
  }
  return checkpoint as ResearchCheckpoint;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
