import type { ErrorKind, TikrxEvent, Video, WindowState } from '@tikrx/core';
import type { ProgressSnapshot } from '@tikrx/operators';
import { daysOf, SECONDS_PER_DAY, toCompactDay } from './days.js';

/** How a day of the crawl's date range stands, from the windows that cover it. */
export type DayState = 'waiting' | 'running' | 'retrying' | 'done' | 'gap';

/** Both ends inclusive, `YYYYMMDD` or `YYYY-MM-DD`. */
export interface DateRange {
  start: string;
  end: string;
}

/**
 * What a dashboard is fed: the crawl's typed events, the videos that reached the output, the
 * progress summary (the same counters as the CLI's progress line), and the end. Any producer
 * of these (the CLI's crawl, a queue's per-crawl status) can drive the page.
 */
export type DashboardInput =
  | { type: 'start'; title: string; range?: DateRange; at: number }
  | { type: 'event'; event: TikrxEvent; at: number }
  | { type: 'video'; video: CollectedVideo }
  | { type: 'summary'; summary: ProgressSnapshot; at: number }
  | {
      type: 'finish';
      outcome: string;
      summary: ProgressSnapshot;
      at: number;
      /** Why the crawl failed; shown redacted. */
      error?: string;
    }
  /** A line for "last errors" that is not a client event (a queued window's failed attempt). */
  | { type: 'notice'; notice: NoticeRecord }
  /** A queued crawl's workers and its run (`tikrx queue dashboard`). */
  | { type: 'queue'; queue: QueuePanel; at: number }
  /**
   * What was collected, counted by the store itself (the queue's PostgreSQL): replaces the
   * counts kept from `video` inputs.
   */
  | { type: 'collected'; collected: CollectedCounts };

/** What the page counts of each collected video (a `Video` is one). */
export type CollectedVideo = Pick<Video, 'createTime' | 'hashtags' | 'username'>;

/** A queued crawl's side of the page: who works on it. */
export interface QueuePanel {
  crawlId: string;
  owner: string;
  /** Worker connections on the queue's window jobs (every crawl's). */
  workers: number;
  /** This crawl's windows running now: the worker (`host:pid`), the window, pages stored. */
  running: { worker: string; window: string; pages: number }[];
  /** The run the page shows, and whether the crawl runs again on a schedule. */
  runId?: string;
  recurring: boolean;
}

/** Counts of what a crawl collected, by UTC day number, hashtag and creator. */
export interface CollectedCounts {
  videosPerDay: [day: number, videos: number][];
  hashtags: [name: string, videos: number][];
  creators: [name: string, videos: number][];
}

/** One window of a date-range crawl, as its last `window` event left it. */
export interface WindowRecord {
  start: string;
  end: string;
  state: WindowState;
  videos?: number;
}

/** A retry, a gap, a warning or the final error, newest last. */
export interface NoticeRecord {
  at: number;
  level: 'retry' | 'gap' | 'warning' | 'error';
  kind?: ErrorKind | string;
  text: string;
}

/** A point of the videos/requests time series; `t` in seconds since the start. */
export interface SeriesPoint {
  t: number;
  videos: number;
  requests: number;
}

/** Everything the page shows, kept by `applyDashboardInput`. Times are epoch ms. */
export interface DashboardState {
  title: string;
  range?: DateRange;
  startedAt: number;
  updatedAt: number;
  /** Bumped on every change, so the server sends only what is new. */
  version: number;
  finished?: { outcome: string; at: number; error?: string };
  summary?: ProgressSnapshot;
  queue?: QueuePanel;
  days: Map<string, DayState>;
  windows: Map<string, WindowRecord>;
  splits: number;
  series: SeriesPoint[];
  quota?: { usedToday: number; limit: number; resetsAt: string };
  rate?: { requestsPerMinute: number; reason: 'throttled' | 'recovering'; at: number };
  /** Times the shared limiter lowered its rate after a 429. */
  rateCuts: number;
  retriesByKind: Partial<Record<ErrorKind, number>>;
  notices: NoticeRecord[];
  /** By UTC day number (days since 1970-01-01): a number is cheaper to key on per video. */
  videosPerDay: Map<number, number>;
  hashtags: Map<string, number>;
  creators: Map<string, number>;
}

/** Kept so a long crawl's page stays small: older points are thinned, older notices dropped. */
export const MAX_SERIES_POINTS = 600;
export const MAX_NOTICES = 30;

export function createDashboardState(at: number, title = 'crawl'): DashboardState {
  return {
    title,
    startedAt: at,
    updatedAt: at,
    version: 0,
    days: new Map(),
    windows: new Map(),
    splits: 0,
    series: [],
    rateCuts: 0,
    retriesByKind: {},
    notices: [],
    videosPerDay: new Map(),
    hashtags: new Map(),
    creators: new Map(),
  };
}

/**
 * The dashboard's one reducer. It changes `state` in place rather than copying it: a crawl
 * feeds it every video, and the page is rendered from `dashboardView(state)` at most a few
 * times a second.
 */
export function applyDashboardInput(state: DashboardState, input: DashboardInput): void {
  state.version++;
  switch (input.type) {
    case 'start':
      state.title = input.title;
      state.startedAt = input.at;
      state.updatedAt = input.at;
      if (input.range !== undefined) startRange(state, input.range);
      return;
    case 'event':
      state.updatedAt = input.at;
      applyEvent(state, input.event, input.at);
      return;
    case 'video':
      countVideo(state, input.video);
      return;
    case 'summary':
      state.updatedAt = input.at;
      state.summary = input.summary;
      addSeriesPoint(state, input.summary, input.at);
      return;
    case 'notice':
      addNotice(state, input.notice);
      return;
    case 'queue':
      state.updatedAt = input.at;
      state.queue = input.queue;
      return;
    case 'collected':
      state.videosPerDay = new Map(input.collected.videosPerDay);
      state.hashtags = new Map(input.collected.hashtags);
      state.creators = new Map(input.collected.creators);
      return;
    case 'finish':
      state.updatedAt = input.at;
      state.summary = input.summary;
      addSeriesPoint(state, input.summary, input.at);
      state.finished = {
        outcome: input.outcome,
        at: input.at,
        ...(input.error === undefined ? {} : { error: input.error }),
      };
      if (input.error !== undefined) {
        addNotice(state, { at: input.at, level: 'error', text: input.error });
      }
      return;
  }
}

function startRange(state: DashboardState, range: DateRange): void {
  const compact = { start: toCompactDay(range.start), end: toCompactDay(range.end) };
  state.range = compact;
  for (const day of daysOf(compact.start, compact.end)) {
    if (!state.days.has(day)) state.days.set(day, 'waiting');
  }
}

function applyEvent(state: DashboardState, event: TikrxEvent, at: number): void {
  switch (event.type) {
    case 'window':
      applyWindow(state, event);
      return;
    case 'gap':
      for (const day of event.days) state.days.set(day, 'gap');
      addNotice(state, {
        at,
        level: 'gap',
        kind: event.kind,
        text: `gave up ${dayList(event.days)}: ${event.message}`,
      });
      return;
    case 'retry':
      state.retriesByKind[event.kind] = (state.retriesByKind[event.kind] ?? 0) + 1;
      addNotice(state, {
        at,
        level: 'retry',
        kind: event.kind,
        text:
          `attempt ${event.attempt} failed` +
          (event.code === undefined ? '' : ` (${event.code})`) +
          `; retrying in ${(event.delayMs / 1000).toFixed(1)}s`,
      });
      return;
    case 'quota':
      state.quota = { usedToday: event.usedToday, limit: event.limit, resetsAt: event.resetsAt };
      return;
    case 'rate':
      state.rate = { requestsPerMinute: event.requestsPerMinute, reason: event.reason, at };
      if (event.reason === 'throttled') state.rateCuts++;
      return;
    case 'warning':
      addNotice(state, { at, level: 'warning', kind: event.code, text: event.message });
      return;
    default:
      // request, response, page, throttle, credits, duplicate, checkpoint, token: the
      // counters of these come with the summary, the same ones the progress line prints.
      return;
  }
}

function applyWindow(state: DashboardState, event: Extract<TikrxEvent, { type: 'window' }>): void {
  const key = `${event.start}-${event.end}`;
  state.windows.set(key, {
    start: event.start,
    end: event.end,
    state: event.state,
    ...(event.videos === undefined ? {} : { videos: event.videos }),
  });
  // A split window is replaced by smaller ones, each reported on its own: its days keep
  // whatever those say.
  if (event.state === 'split') {
    state.splits++;
    return;
  }
  for (const day of daysOf(event.start, event.end)) state.days.set(day, event.state);
}

function countVideo(state: DashboardState, video: CollectedVideo): void {
  if (video.createTime !== undefined) {
    increment(state.videosPerDay, Math.floor(video.createTime / SECONDS_PER_DAY));
  }
  if (video.username !== undefined) increment(state.creators, video.username);
  if (video.hashtags !== undefined) {
    for (const hashtag of video.hashtags) increment(state.hashtags, hashtag.toLowerCase());
  }
}

function addSeriesPoint(state: DashboardState, summary: ProgressSnapshot, at: number): void {
  const t = Math.max(0, (at - state.startedAt) / 1000);
  const last = state.series.at(-1);
  const point = { t, videos: summary.videos, requests: summary.requests };
  if (last !== undefined && last.t === t) state.series[state.series.length - 1] = point;
  else state.series.push(point);
  // Halve the resolution of the older half rather than forget the start of a long crawl.
  if (state.series.length > MAX_SERIES_POINTS) {
    state.series = state.series.filter(
      (_, index) => index % 2 === 0 || index === state.series.length - 1,
    );
  }
}

function addNotice(state: DashboardState, notice: NoticeRecord): void {
  state.notices.push(notice);
  if (state.notices.length > MAX_NOTICES) state.notices.shift();
}

function increment<Key>(counts: Map<Key, number>, key: Key): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** `20240101, 20240102` — or the first few and how many more. */
function dayList(days: readonly string[]): string {
  const shown = days.slice(0, 3).join(', ');
  return days.length > 3 ? `${shown} and ${days.length - 3} more` : shown;
}
