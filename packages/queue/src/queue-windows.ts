import type { JobType } from 'bullmq';
import type { QueueConnections } from './connect.js';
import type { CrawlSpec, DayWindow, WindowJobData, WindowResult } from './job-data.js';

/**
 * Where one window job stands, in the words of a crawl's day strip: `retrying` is a job waiting
 * to run again (after a failed attempt, or delayed to the quota's reset); `gap` is a window
 * given up (every attempt failed, or an error no attempt can fix).
 */
export type QueueWindowState = 'done' | 'running' | 'waiting' | 'retrying' | 'gap';

/** One window job of a crawl's run, with its range and its progress. */
export interface QueueWindow {
  crawlId: string;
  owner: string;
  runId: string;
  /** What the crawl fetches (`research.videos`, `display.videos`…). */
  kind: CrawlSpec['kind'];
  /** The BullMQ job id (`<runId>.w<start>-<end>`). */
  jobId: string;
  /** Absent for kinds without dates (reposts: one window of their own). */
  window?: DayWindow;
  state: QueueWindowState;
  /** Pages and videos stored so far (a finished window: what it returned). */
  pages: number;
  videos: number;
  /** Attempts that failed so far (a delay to the quota's reset is not a failure). */
  failedAttempts: number;
  /** The last failed attempt's message, as the worker threw it (redact before showing it). */
  lastError?: string;
  /** `host:pid` of the worker that stored the last page. */
  worker?: string;
  /** Epoch ms the job was queued. */
  queuedAt: number;
  /** Epoch ms it finished (done or given up). */
  finishedAt?: number;
}

/** What `listQueueWindows` lists. */
export interface ListQueueWindowsOptions {
  /** Only this crawl's windows (fetched by job id, so other crawls cost nothing). */
  crawlId?: string;
}

// Read in the order jobs move through, so a job that moves between two reads is kept in the
// state read last, the newer one.
const STATES: readonly JobType[] = [
  'waiting',
  'prioritized',
  'delayed',
  'active',
  'completed',
  'failed',
];

/**
 * Every window job of the queue (or of one crawl), with its day range and state, in date
 * order. Read-only; cheap enough to poll every second: job ids come from Redis's state lists
 * and only the matching jobs are read. `readQueueStatus` gives the per-crawl counts.
 */
export async function listQueueWindows(
  connections: QueueConnections,
  options: ListQueueWindowsOptions = {},
): Promise<QueueWindow[]> {
  const { windows } = connections;
  // Window job ids start with their run id, which starts with the crawl id and a dot (crawl
  // ids hold no dot).
  const prefix = options.crawlId === undefined ? undefined : `${options.crawlId}.`;
  const stateOfId = new Map<string, JobType>();
  for (const state of STATES) {
    for (const id of await windows.getRanges([state], 0, -1, true)) {
      if (prefix === undefined || id.startsWith(prefix)) stateOfId.set(id, state);
    }
  }
  const jobs = await Promise.all([...stateOfId.keys()].map((id) => windows.getJob(id)));
  const listed: QueueWindow[] = [];
  for (const job of jobs) {
    if (job?.id === undefined) continue; // removed between the two reads
    const data = job.data as WindowJobData | undefined;
    if (data === undefined || (options.crawlId !== undefined && data.crawlId !== options.crawlId))
      continue;
    listed.push(
      windowOf(job.id, stateOfId.get(job.id)!, data, {
        attemptsMade: job.attemptsMade,
        failedReason: job.failedReason,
        returnvalue: job.returnvalue as WindowResult | null | undefined,
        timestamp: job.timestamp,
        finishedOn: job.finishedOn,
      }),
    );
  }
  return listed.sort(
    (a, b) =>
      (a.window?.start ?? '').localeCompare(b.window?.start ?? '') ||
      a.jobId.localeCompare(b.jobId),
  );
}

/** What `windowOf` reads of a BullMQ job besides its data. */
export interface WindowJobFacts {
  attemptsMade: number;
  failedReason?: string | undefined;
  returnvalue?: WindowResult | null | undefined;
  timestamp: number;
  finishedOn?: number | undefined;
}

/** One window job as listed: its BullMQ state mapped to a day strip's. */
export function windowOf(
  jobId: string,
  jobState: JobType,
  data: WindowJobData,
  facts: WindowJobFacts,
): QueueWindow {
  const done = jobState === 'completed' ? facts.returnvalue : undefined;
  return {
    crawlId: data.crawlId,
    owner: data.owner,
    runId: data.runId,
    kind: data.spec.kind,
    jobId,
    ...(data.window === undefined ? {} : { window: data.window }),
    state: stateOf(jobState, facts.attemptsMade),
    pages: done?.pages ?? data.pages,
    videos: done?.videos ?? data.videos,
    // BullMQ counts the attempt that completed a job too.
    failedAttempts:
      jobState === 'completed' ? Math.max(0, facts.attemptsMade - 1) : facts.attemptsMade,
    ...(facts.failedReason ? { lastError: facts.failedReason } : {}),
    ...(data.worker === undefined ? {} : { worker: data.worker }),
    queuedAt: facts.timestamp,
    ...(facts.finishedOn === undefined ? {} : { finishedAt: facts.finishedOn }),
  };
}

function stateOf(jobState: JobType, failedAttempts: number): QueueWindowState {
  switch (jobState) {
    case 'completed':
      return 'done';
    case 'failed':
      return 'gap';
    case 'active':
      return 'running';
    case 'delayed':
      return 'retrying';
    default:
      // Back in the wait list after a backoff: still a retry, not a fresh window.
      return failedAttempts > 0 ? 'retrying' : 'waiting';
  }
}
