import { REDACTED, scrubSecrets } from '@tikrx/core/internal';
import type {
  DashboardState,
  DateRange,
  DayState,
  NoticeRecord,
  QueuePanel,
  WindowRecord,
} from './dashboard-state.js';
import { dayOfDayNumber } from './days.js';

/** What the page renders: plain JSON, sent whole on every update. */
export interface DashboardView {
  title: string;
  range?: DateRange;
  /** `running` until the crawl ends, then its outcome (`done`, `failed`, `interrupted`…). */
  status: string;
  startedAt: number;
  updatedAt: number;
  elapsedMs: number;
  counters: {
    videos: number;
    pages: number;
    requests: number;
    retries: number;
    duplicates: number;
    throttledMs: number;
    credits: number;
  };
  rate: { videosPerSec: number; requestsPerMin: number; limiterPerMin?: number };
  /** From the days done so far; absent without a date range or before the first day is done. */
  eta?: { msLeft: number };
  days: { day: string; state: DayState }[];
  dayCounts: Record<DayState, number>;
  /** Windows not replaced by a split, in date order. */
  windows: WindowRecord[];
  splits: number;
  series: { t: number[]; videos: number[]; requests: number[] };
  quota?: { usedToday: number; limit: number; left: number; resetsAt: string };
  throttle: { rateCuts: number; reason?: string };
  retriesByKind: Record<string, number>;
  /** Newest first. */
  notices: NoticeRecord[];
  /** A queued crawl's workers (`tikrx queue dashboard`); absent for a crawl the CLI runs. */
  queue?: QueuePanel;
  collected: {
    videosPerDay: { day: string; videos: number }[];
    topHashtags: { name: string; videos: number }[];
    topCreators: { name: string; videos: number }[];
  };
}

/** Seconds of the time series the "rate now" is measured over. */
const RATE_WINDOW_SEC = 10;
const TOP = 10;

/**
 * The page's JSON. `secrets` are the crawl's credentials: any text that reaches the page is
 * scrubbed of them, and of anything that looks like a token in a URL or header.
 */
export function dashboardView(
  state: DashboardState,
  now: number,
  secrets: readonly string[] = [],
): DashboardView {
  const summary = state.summary;
  const end = state.finished?.at ?? now;
  const days = [...state.days].sort(([a], [b]) => a.localeCompare(b));
  const dayCounts: Record<DayState, number> = {
    waiting: 0,
    running: 0,
    retrying: 0,
    done: 0,
    gap: 0,
  };
  for (const [, dayState] of days) dayCounts[dayState]++;
  const elapsedMs = summary?.elapsedMs ?? end - state.startedAt;
  const redact = (text: string) => redactText(text, secrets);
  const view: DashboardView = {
    title: redact(state.title),
    status: state.finished?.outcome ?? 'running',
    startedAt: state.startedAt,
    updatedAt: state.updatedAt,
    elapsedMs,
    counters: {
      videos: summary?.videos ?? 0,
      pages: summary?.pages ?? 0,
      requests: summary?.requests ?? 0,
      retries: summary?.retries ?? 0,
      duplicates: summary?.duplicates ?? 0,
      throttledMs: summary?.waitedMs ?? 0,
      credits: summary?.credits ?? 0,
    },
    rate: rateNow(state),
    days: days.map(([day, dayState]) => ({ day, state: dayState })),
    dayCounts,
    windows: [...state.windows.values()]
      .filter((window) => window.state !== 'split')
      .sort((a, b) => a.start.localeCompare(b.start)),
    splits: state.splits,
    series: {
      t: state.series.map((point) => point.t),
      videos: state.series.map((point) => point.videos),
      requests: state.series.map((point) => point.requests),
    },
    throttle: {
      rateCuts: state.rateCuts,
      ...(state.rate === undefined ? {} : { reason: state.rate.reason }),
    },
    retriesByKind: { ...state.retriesByKind },
    notices: state.notices.map((notice) => ({ ...notice, text: redact(notice.text) })).reverse(),
    collected: {
      videosPerDay: [...state.videosPerDay]
        .sort(([a], [b]) => a - b)
        .map(([day, videos]) => ({ day: dayOfDayNumber(day), videos })),
      topHashtags: topOf(state.hashtags).map(([name, videos]) => ({ name, videos })),
      topCreators: topOf(state.creators).map(([name, videos]) => ({ name, videos })),
    },
  };
  if (state.range !== undefined) view.range = state.range;
  if (state.queue !== undefined) view.queue = state.queue;
  const eta = etaOf(dayCounts, elapsedMs, state.finished !== undefined);
  if (eta !== undefined) view.eta = eta;
  if (state.quota !== undefined) {
    view.quota = {
      ...state.quota,
      left: Math.max(0, state.quota.limit - state.quota.usedToday),
    };
  }
  return view;
}

function rateNow(state: DashboardState): DashboardView['rate'] {
  const series = state.series;
  const last = series.at(-1);
  const rate: DashboardView['rate'] = { videosPerSec: 0, requestsPerMin: 0 };
  if (state.rate !== undefined) rate.limiterPerMin = state.rate.requestsPerMinute;
  if (last === undefined || state.finished !== undefined) return rate;
  const from = series.findLast((point) => point.t <= last.t - RATE_WINDOW_SEC) ?? series[0]!;
  const seconds = last.t - from.t;
  if (seconds <= 0) return rate;
  rate.videosPerSec = (last.videos - from.videos) / seconds;
  rate.requestsPerMin = ((last.requests - from.requests) / seconds) * 60;
  return rate;
}

/** Days left at the pace of the days finished (done or given up) so far. */
function etaOf(
  counts: Record<DayState, number>,
  elapsedMs: number,
  finished: boolean,
): DashboardView['eta'] {
  const settled = counts.done + counts.gap;
  const left = counts.waiting + counts.running + counts.retrying;
  if (finished) return { msLeft: 0 };
  if (settled === 0 || left === 0) return undefined;
  return { msLeft: Math.round((elapsedMs / settled) * left) };
}

/** The `TOP` largest counts, largest first (ties by name), without sorting the whole map. */
function topOf(counts: ReadonlyMap<string, number>): [string, number][] {
  const top: [string, number][] = [];
  for (const entry of counts) {
    if (top.length === TOP && !outranks(entry, top[TOP - 1]!)) continue;
    const at = top.findIndex((other) => outranks(entry, other));
    top.splice(at === -1 ? top.length : at, 0, entry);
    if (top.length > TOP) top.pop();
  }
  return top;
}

function outranks(a: [string, number], b: [string, number]): boolean {
  return a[1] > b[1] || (a[1] === b[1] && a[0] < b[0]);
}

/**
 * Text for the page: the crawl's own secrets removed, then any token a URL's query string or
 * an `Authorization`-style header value would carry. TikrxError messages are already free of
 * them; this is the second lock.
 */
export function redactText(text: string, secrets: readonly string[]): string {
  return scrubSecrets(text, secrets)
    .replace(
      /([?&](?:access_token|refresh_token|client_secret|client_key|api_key|apikey|key|token|code)=)[^&\s"']+/gi,
      `$1${REDACTED}`,
    )
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, `$1 ${REDACTED}`)
    .replace(/(\/\/)[^/\s:@]+:[^/\s@]+@/g, `$1${REDACTED}@`);
}
