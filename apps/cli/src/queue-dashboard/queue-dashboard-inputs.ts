import type { ProgressSnapshot } from '@tikrx/operators';
import type { QueueWindow, QueueWindowState } from '@tikrx/queue';
import type { DashboardInput, DateRange, QueuePanel } from '../dashboard/dashboard-state.js';
import type { QueueSnapshot } from './queue-snapshot.js';

/** What the mapping remembers between two readings of the queue, to send only what changed. */
export interface QueueDashboardMemory {
  crawlId?: string;
  startedAt?: number;
  range?: DateRange;
  windows: Map<string, { state: QueueWindowState; videos: number; failedAttempts: number }>;
  quota?: string;
  queue?: string;
  finished: boolean;
}

/** A fresh memory: the first reading sends everything. */
export function createQueueDashboardMemory(): QueueDashboardMemory {
  return { windows: new Map(), finished: false };
}

/**
 * The dashboard's inputs for one reading of the queue (the queue's side of the page's one
 * reducer): a `start` when the crawl or its date range is first seen or grows, a `window`
 * event per window whose state changed, a notice per failed attempt, the quota when it moved,
 * the workers, a summary (the time series), and `finish` once a one-off crawl's run ended.
 */
export function queueDashboardInputs(
  memory: QueueDashboardMemory,
  snapshot: QueueSnapshot,
): DashboardInput[] {
  const at = snapshot.at;
  const inputs: DashboardInput[] = [];
  if (memory.finished) return inputs;
  const { crawlId } = snapshot;
  if (crawlId === undefined) {
    if (memory.startedAt === undefined) {
      memory.startedAt = at;
      inputs.push({ type: 'start', title: 'tikrx queue dashboard: no crawl queued yet', at });
    }
    return inputs;
  }
  const range = rangeOf(snapshot.windows);
  if (memory.crawlId !== crawlId || differs(memory.range, range)) {
    // The page's clock starts when the crawl is first seen; a recurring crawl's new run only
    // widens the strip.
    if (memory.crawlId !== crawlId) memory.startedAt = at;
    memory.crawlId = crawlId;
    if (range !== undefined) memory.range = range;
    inputs.push({
      type: 'start',
      title: `tikrx queue: crawl ${crawlId}${snapshot.owner === undefined ? '' : ` of ${snapshot.owner}`}`,
      at: memory.startedAt ?? at,
      ...(range === undefined ? {} : { range }),
    });
  }
  for (const window of snapshot.windows) inputs.push(...windowInputs(memory, window, at));
  const { quota } = snapshot;
  const quotaKey = `${quota.usedToday}/${quota.limit}/${quota.resetsAt}`;
  if (quota.limit !== undefined && quotaKey !== memory.quota) {
    memory.quota = quotaKey;
    inputs.push({
      type: 'event',
      at,
      event: {
        type: 'quota',
        source: quota.api,
        usedToday: quota.usedToday,
        limit: quota.limit,
        resetsAt: quota.resetsAt,
      },
    });
  }
  const panel = queuePanelOf(snapshot, crawlId);
  const panelKey = JSON.stringify(panel);
  if (panelKey !== memory.queue) {
    memory.queue = panelKey;
    inputs.push({ type: 'queue', queue: panel, at });
  }
  if (snapshot.collected !== undefined) {
    inputs.push({ type: 'collected', collected: snapshot.collected });
  }
  const summary = summaryOf(snapshot, at - (memory.startedAt ?? at));
  const gaps = snapshot.windows.filter((window) => window.state === 'gap').length;
  if (runEnded(snapshot)) {
    memory.finished = true;
    inputs.push({
      type: 'finish',
      outcome: gaps === 0 ? 'done' : 'gaps',
      summary,
      at,
      ...(gaps === 0 ? {} : { error: `${gaps} window${gaps === 1 ? '' : 's'} given up (gaps)` }),
    });
  } else {
    inputs.push({ type: 'summary', summary, at });
  }
  return inputs;
}

function windowInputs(
  memory: QueueDashboardMemory,
  window: QueueWindow,
  at: number,
): DashboardInput[] {
  const before = memory.windows.get(window.jobId);
  memory.windows.set(window.jobId, {
    state: window.state,
    videos: window.videos,
    failedAttempts: window.failedAttempts,
  });
  const inputs: DashboardInput[] = [];
  const label =
    window.window === undefined ? window.jobId : `${window.window.start}-${window.window.end}`;
  const newFailures = window.failedAttempts - (before?.failedAttempts ?? 0);
  if (newFailures > 0) {
    const given = window.state === 'gap';
    inputs.push({
      type: 'notice',
      notice: {
        at,
        level: given ? 'gap' : 'retry',
        kind: 'window',
        text:
          `${given ? 'gave up' : 'retrying'} window ${label} after attempt ${window.failedAttempts}` +
          (window.lastError === undefined ? '' : `: ${window.lastError}`),
      },
    });
  } else if (window.state === 'retrying' && before?.state === 'running') {
    // Delayed without a failed attempt: the worker found the day's quota spent.
    inputs.push({
      type: 'notice',
      notice: {
        at,
        level: 'warning',
        kind: 'quota',
        text: `window ${label} waits for the quota's reset`,
      },
    });
  }
  if (
    window.window !== undefined &&
    (before === undefined || before.state !== window.state || before.videos !== window.videos)
  ) {
    inputs.push({
      type: 'event',
      at,
      event: {
        type: 'window',
        source: 'research',
        start: window.window.start,
        end: window.window.end,
        state: window.state,
        videos: window.videos,
      },
    });
  }
  return inputs;
}

/**
 * The progress line's counters as the queue knows them. Videos are PostgreSQL's distinct
 * count; requests are the pages stored: the queue counts requests per organisation (the
 * shared quota, shown beside), not per crawl, and each stored page took one.
 */
function summaryOf(snapshot: QueueSnapshot, elapsedMs: number): ProgressSnapshot {
  let pages = 0;
  let received = 0;
  let retries = 0;
  for (const window of snapshot.windows) {
    pages += window.pages;
    received += window.videos;
    retries += window.failedAttempts;
  }
  return {
    requests: pages,
    responses: pages,
    pages,
    videosReceived: received,
    videos: snapshot.videos,
    // Videos stored twice (a window retried from its checkpoint, overlapping windows) are one row.
    duplicates: Math.max(0, received - snapshot.videos),
    retries,
    waitedMs: 0,
    credits: 0,
    errors: {},
    elapsedMs,
  };
}

function queuePanelOf(snapshot: QueueSnapshot, crawlId: string): QueuePanel {
  return {
    crawlId,
    owner: snapshot.owner ?? 'anonymous',
    workers: snapshot.workers,
    running: snapshot.windows
      .filter((window) => window.state === 'running')
      .map((window) => ({
        worker: window.worker ?? 'a worker',
        window:
          window.window === undefined
            ? window.jobId
            : `${window.window.start}-${window.window.end}`,
        pages: window.pages,
      })),
    ...(snapshot.lastRun === undefined ? {} : { runId: snapshot.lastRun.runId }),
    recurring: snapshot.recurring,
  };
}

/** A one-off crawl whose run is recorded as finished; a recurring one never ends. */
function runEnded(snapshot: QueueSnapshot): boolean {
  return (
    !snapshot.recurring &&
    snapshot.lastRun !== undefined &&
    snapshot.lastRun.status !== 'running' &&
    snapshot.windows.every((window) => window.state === 'done' || window.state === 'gap')
  );
}

/** The days every window covers, first to last. */
function rangeOf(windows: readonly QueueWindow[]): DateRange | undefined {
  let range: DateRange | undefined;
  for (const { window } of windows) {
    if (window === undefined) continue;
    if (range === undefined) range = { ...window };
    else {
      if (window.start < range.start) range.start = window.start;
      if (window.end > range.end) range.end = window.end;
    }
  }
  return range;
}

function differs(a: DateRange | undefined, b: DateRange | undefined): boolean {
  return b !== undefined && (a === undefined || a.start !== b.start || a.end !== b.end);
}
