import type pg from 'pg';
import type { QueueConnections } from './connect.js';
import type { WindowJobData } from './job-data.js';
import { type QuotaUsage, readQuotaUsage } from './redis-quota.js';

/** Where one crawl stands, over all its runs. */
export interface CrawlStatus {
  crawlId: string;
  owner: string;
  /** Window jobs by state. `delayed` are waiting for a retry or for the quota's reset. */
  windows: { done: number; running: number; waiting: number; delayed: number; gaps: number };
  /** `YYYYMMDD-YYYYMMDD` of the windows given up (failed every attempt). */
  gaps: string[];
  /** Distinct videos of this crawl in PostgreSQL. */
  videos: number;
  /** Distinct comments, users, follower entries and playlists of this crawl in PostgreSQL. */
  records: number;
  /** Pages stored by the windows still queued or running (progress of the current run). */
  pagesInProgress: number;
  /** For a recurring crawl: the interval and the next run. */
  every?: { ms: number; next?: string };
  /** The last finished run: the last day it covers and whether it had gaps. */
  lastRun?: { runId: string; status: 'done' | 'gaps'; coversUntil?: string; finishedAt: string };
}

/** The queue as `tikrx queue status` and the dashboard show it. */
export interface QueueStatus {
  crawls: CrawlStatus[];
  /** Requests spent today against each API's shared quota: Research first, then the others that have one. */
  quota: QuotaUsage[];
  /** Worker connections BullMQ sees on the window queue. */
  workers: number;
}

const STATES = ['active', 'waiting', 'prioritized', 'delayed', 'completed', 'failed'] as const;

/**
 * Reads the queue's state: window jobs from Redis, videos and runs from PostgreSQL, the
 * quota's counters. Read-only; safe to call every second from a dashboard.
 */
export async function readQueueStatus(
  connections: QueueConnections,
  nowMs: number = Date.now(),
): Promise<QueueStatus> {
  const { windows, crawls, pool, redis, prefix } = connections;
  const byCrawl = new Map<string, CrawlStatus>();
  const entry = (crawlId: string, owner: string): CrawlStatus => {
    let status = byCrawl.get(crawlId);
    if (status === undefined) {
      status = {
        crawlId,
        owner,
        windows: { done: 0, running: 0, waiting: 0, delayed: 0, gaps: 0 },
        gaps: [],
        videos: 0,
        records: 0,
        pagesInProgress: 0,
      };
      byCrawl.set(crawlId, status);
    }
    return status;
  };
  for (const state of STATES) {
    const jobs = await windows.getJobs([state]);
    for (const job of jobs) {
      const data = job?.data as WindowJobData | undefined;
      if (data === undefined) continue;
      const status = entry(data.crawlId, data.owner);
      if (state === 'completed') status.windows.done += 1;
      else if (state === 'failed') {
        status.windows.gaps += 1;
        if (data.window) status.gaps.push(`${data.window.start}-${data.window.end}`);
      } else {
        if (state === 'active') status.windows.running += 1;
        else if (state === 'delayed') status.windows.delayed += 1;
        else status.windows.waiting += 1;
        status.pagesInProgress += data.pages;
      }
    }
  }
  for (const scheduler of await crawls.getJobSchedulers()) {
    const data = scheduler.template?.data as { crawlId?: string; owner?: string } | undefined;
    if (data?.crawlId === undefined) continue;
    const status = entry(data.crawlId, data.owner ?? 'anonymous');
    status.every = {
      ms: Number(scheduler.every),
      ...(scheduler.next === undefined ? {} : { next: new Date(scheduler.next).toISOString() }),
    };
  }
  const runs = await queryBeforeMigrations<{
    crawl_id: string;
    owner: string;
    run_id: string;
    status: 'done' | 'gaps';
    covers_until: string | null;
    finished_at: Date;
  }>(
    pool,
    `SELECT DISTINCT ON (crawl_id) crawl_id, owner, run_id, status,
            to_char(covers_until, 'YYYYMMDD') AS covers_until, finished_at
       FROM crawl_runs WHERE status <> 'running' ORDER BY crawl_id, finished_at DESC`,
  );
  for (const row of runs) {
    entry(row.crawl_id, row.owner).lastRun = {
      runId: row.run_id,
      status: row.status,
      ...(row.covers_until === null ? {} : { coversUntil: row.covers_until }),
      finishedAt: row.finished_at.toISOString(),
    };
  }
  const videos = await queryBeforeMigrations<{ crawl_id: string; n: string }>(
    pool,
    'SELECT crawl_id, count(*) AS n FROM crawl_videos GROUP BY crawl_id',
  );
  for (const row of videos) entry(row.crawl_id, 'anonymous').videos = Number(row.n);
  const records = await queryBeforeMigrations<{ crawl_id: string; n: string }>(
    pool,
    'SELECT crawl_id, count(*) AS n FROM crawl_records GROUP BY crawl_id',
  );
  for (const row of records) entry(row.crawl_id, 'anonymous').records = Number(row.n);
  const quota = [await readQuotaUsage(redis, prefix, 'research', nowMs)];
  // Display and Social Fetch have a shared quota only when the workers were given one.
  for (const api of ['display', 'socialfetch'] as const) {
    const usage = await readQuotaUsage(redis, prefix, api, nowMs);
    if (usage.limit !== undefined || usage.usedToday > 0) quota.push(usage);
  }
  return {
    crawls: [...byCrawl.values()].sort((a, b) => a.crawlId.localeCompare(b.crawlId)),
    quota,
    workers: (await windows.getWorkers()).length,
  };
}

/** Rows of `sql`; none when the tables do not exist yet (no worker has run the migrations). */
async function queryBeforeMigrations<Row extends pg.QueryResultRow>(
  pool: pg.Pool,
  sql: string,
): Promise<Row[]> {
  try {
    return (await pool.query<Row>(sql)).rows;
  } catch (error) {
    if ((error as { code?: string }).code === UNDEFINED_TABLE) return [];
    throw error;
  }
}

/** PostgreSQL's SQLSTATE for "relation does not exist". */
const UNDEFINED_TABLE = '42P01';
