import {
  listQueueWindows,
  type QueueConnections,
  type QueueWindow,
  type QuotaApi,
  type QuotaUsage,
  readQuotaUsage,
} from '@tikrx/queue';
import type { CollectedCounts } from '../dashboard/dashboard-state.js';

/** One reading of the queue for one crawl: what the dashboard's inputs are made from. */
export interface QueueSnapshot {
  /** Epoch ms of the reading. */
  at: number;
  /** The crawl read; absent while the queue holds none (or not the one asked for yet). */
  crawlId?: string;
  owner?: string;
  /** The crawl's window jobs, in date order. */
  windows: QueueWindow[];
  /** Distinct videos of the crawl in PostgreSQL. */
  videos: number;
  quota: QuotaUsage;
  /** Worker connections on the window queue. */
  workers: number;
  /** The crawl's newest run in `crawl_runs` (`running` until its windows all settled). */
  lastRun?: { runId: string; status: 'running' | 'done' | 'gaps' };
  recurring: boolean;
  /** Read when asked, and always once the newest run finished. */
  collected?: CollectedCounts;
}

/** What `readQueueSnapshot` reads. */
export interface ReadQueueSnapshotOptions {
  /** The crawl; absent: the crawl whose window was queued last. */
  crawlId?: string;
  /** Also count collected videos by day, hashtag and creator (a heavier query). */
  withCollected: boolean;
  now: number;
}

/**
 * Reads the queue's own stores for one crawl: its windows (Redis, by job id), its videos and
 * runs (PostgreSQL), today's quota and the workers. Read-only.
 */
export async function readQueueSnapshot(
  connections: QueueConnections,
  options: ReadQueueSnapshotOptions,
): Promise<QueueSnapshot> {
  const { pool, redis, prefix } = connections;
  const listed = await listQueueWindows(
    connections,
    options.crawlId === undefined ? {} : { crawlId: options.crawlId },
  );
  const crawlId = options.crawlId ?? newestCrawl(listed);
  const windows = listed.filter((window) => window.crawlId === crawlId);
  const snapshot: QueueSnapshot = {
    at: options.now,
    windows,
    videos: 0,
    // The quota of the crawl's API (every worker shares it); Research's until a crawl is seen.
    quota: await readQuotaUsage(redis, prefix, apiOf(windows[0]), options.now),
    workers: (await connections.windows.getWorkers()).length,
    recurring: false,
  };
  if (crawlId === undefined) return snapshot;
  snapshot.crawlId = crawlId;
  const owner = windows[0]?.owner;
  if (owner !== undefined) snapshot.owner = owner;
  // Comments, users, follower entries and playlists count as the page's videos too, as in the
  // progress line of a crawl the CLI runs.
  for (const table of ['crawl_videos', 'crawl_records']) {
    const [count] = await rowsOnceMigrated<{ n: string }>(
      pool,
      `SELECT count(*) AS n FROM ${table} WHERE crawl_id = $1`,
      [crawlId],
    );
    snapshot.videos += Number(count?.n ?? 0);
  }
  const [run] = await rowsOnceMigrated<{ run_id: string; status: 'running' | 'done' | 'gaps' }>(
    pool,
    'SELECT run_id, status FROM crawl_runs WHERE crawl_id = $1 ORDER BY started_at DESC LIMIT 1',
    [crawlId],
  );
  if (run !== undefined) snapshot.lastRun = { runId: run.run_id, status: run.status };
  snapshot.recurring = (await connections.crawls.getJobSchedulers()).some(
    (scheduler) => (scheduler.template?.data as { crawlId?: string })?.crawlId === crawlId,
  );
  if (options.withCollected || (run !== undefined && run.status !== 'running')) {
    snapshot.collected = await readCollected(connections, crawlId);
  }
  return snapshot;
}

const TOP = 10;

/** Videos per UTC day, and the top hashtags and creators, of one crawl's videos. */
async function readCollected(
  { pool }: QueueConnections,
  crawlId: string,
): Promise<CollectedCounts> {
  const from = 'FROM crawl_videos c JOIN videos v ON v.id = c.video_id';
  const perDay = await rowsOnceMigrated<{ day: number; n: string }>(
    pool,
    `SELECT floor(extract(epoch FROM v.create_time) / 86400)::int AS day, count(*) AS n
       ${from} WHERE c.crawl_id = $1 AND v.create_time IS NOT NULL GROUP BY 1`,
    [crawlId],
  );
  const hashtags = await rowsOnceMigrated<{ name: string; n: string }>(
    pool,
    `SELECT lower(h) AS name, count(*) AS n ${from}, unnest(v.hashtags) AS h
       WHERE c.crawl_id = $1 GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${TOP}`,
    [crawlId],
  );
  const creators = await rowsOnceMigrated<{ name: string; n: string }>(
    pool,
    `SELECT v.username AS name, count(*) AS n ${from}
       WHERE c.crawl_id = $1 AND v.username IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${TOP}`,
    [crawlId],
  );
  return {
    videosPerDay: perDay.map((row) => [row.day, Number(row.n)]),
    hashtags: hashtags.map((row) => [row.name, Number(row.n)]),
    creators: creators.map((row) => [row.name, Number(row.n)]),
  };
}

/** The API whose daily quota a crawl spends: its kind's first word. */
export function apiOf(window: QueueWindow | undefined): QuotaApi {
  return (window?.kind.split('.')[0] ?? 'research') as QuotaApi;
}

/** The crawl of the window queued last. */
function newestCrawl(windows: readonly QueueWindow[]): string | undefined {
  let newest: QueueWindow | undefined;
  for (const window of windows) {
    if (newest === undefined || window.queuedAt > newest.queuedAt) newest = window;
  }
  return newest?.crawlId;
}

/** Rows of `sql`; none while the tables do not exist (no worker has run the migrations yet). */
async function rowsOnceMigrated<Row extends Record<string, unknown>>(
  pool: QueueConnections['pool'],
  sql: string,
  values: unknown[],
): Promise<Row[]> {
  try {
    return (await pool.query<Row>(sql, values)).rows;
  } catch (error) {
    // PostgreSQL's SQLSTATE for "relation does not exist".
    if ((error as { code?: string }).code === '42P01') return [];
    throw error;
  }
}
