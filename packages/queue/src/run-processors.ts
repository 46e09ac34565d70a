import type { Job } from 'bullmq';
import type { QueueConnections } from './connect.js';
import { CRAWLS_QUEUE, WINDOWS_QUEUE } from './connect.js';
import { addDays } from './days.js';
import type { PlanJobData, RunJobData, WindowJobData, WindowResult } from './job-data.js';
import { planRun } from './plan-run.js';

/** Attempts of a window job before it counts as a gap (each attempt resumes from the checkpoint). */
export const WINDOW_ATTEMPTS = 5;

/** What a `plan` job did. */
export interface PlanResult {
  runId?: string;
  windows?: number;
  skipped?: 'nothing new' | 'previous run still going';
}

/**
 * A `plan` job (submitted once, or by a crawl's scheduler) becomes a run: the days since the
 * last successful run, cut into windows, queued as one BullMQ flow. The ids are derived from
 * the plan job's id, so a plan job retried after a crash queues the same jobs again, which
 * BullMQ ignores. A recurring crawl whose previous run is still going skips this tick.
 */
export async function processPlan(
  job: Job<PlanJobData>,
  connections: QueueConnections,
  nowMs: number,
): Promise<PlanResult> {
  const { crawlId, owner, spec } = job.data;
  // A scheduler's plan jobs are `repeat:<scheduler>:<ms>`: one run per tick.
  const jobId = String(job.id);
  const runId = `${crawlId}.${jobId === `plan.${crawlId}` ? 'run' : jobId.split(':').at(-1)}`;
  const { pool } = connections;
  const previous = await pool.query<{
    run_id: string;
    status: string;
    covers_until: string | null;
  }>(
    `SELECT run_id, status, to_char(covers_until, 'YYYYMMDD') AS covers_until
       FROM crawl_runs WHERE crawl_id = $1 ORDER BY started_at`,
    [crawlId],
  );
  if (previous.rows.some((row) => row.status === 'running' && row.run_id !== runId)) {
    return { skipped: 'previous run still going' };
  }
  const covered = previous.rows
    .map((row) => row.covers_until)
    .filter((day): day is string => day !== null)
    .sort()
    .at(-1);
  const plan = planRun(spec, covered, nowMs);
  if (plan === undefined) return { skipped: 'nothing new' };
  const run: RunJobData = {
    crawlId,
    owner,
    spec,
    runId,
    ...(plan.range === undefined ? {} : { range: plan.range }),
    ...(plan.coversUntil === undefined ? {} : { coversUntil: plan.coversUntil }),
  };
  await pool.query(
    `INSERT INTO crawl_runs (run_id, crawl_id, owner, spec, start_day, end_day, status, windows)
     VALUES ($1, $2, $3, $4, $5, $6, 'running', $7) ON CONFLICT (run_id) DO NOTHING`,
    [
      runId,
      crawlId,
      owner,
      spec,
      plan.range?.start ?? null,
      plan.range?.end ?? null,
      plan.windows.length,
    ],
  );
  await connections.flows.add({
    name: 'run',
    queueName: CRAWLS_QUEUE,
    data: run,
    opts: { jobId: runId, attempts: 5, backoff: { type: 'exponential', delay: 2_000 } },
    children: plan.windows.map((window) => ({
      name: 'window',
      queueName: WINDOWS_QUEUE,
      data: {
        ...run,
        ...(window === undefined ? {} : { window }),
        pages: 0,
        videos: 0,
      } satisfies WindowJobData,
      opts: {
        jobId: window === undefined ? `${runId}.w` : `${runId}.w${window.start}-${window.end}`,
        attempts: WINDOW_ATTEMPTS,
        backoff: { type: 'exponential', delay: 5_000 },
        // A window that fails every attempt is a gap: the run still finishes and says so.
        ignoreDependencyOnFailure: true,
      },
    })),
  });
  return { runId, windows: plan.windows.length };
}

/** What a finished run recorded. */
export interface RunResult {
  videos: number;
  gaps: string[];
  coversUntil?: string;
}

/**
 * The flow's parent: runs once every window job finished (done or given up). Records the run
 * in `crawl_runs`; with gaps, the run covers only up to the day before its first gap, so the
 * next run of a recurring crawl fetches the gap again.
 */
export async function processRun(
  job: Job<RunJobData>,
  connections: QueueConnections,
): Promise<RunResult> {
  const done = Object.values(await job.getChildrenValues<WindowResult>());
  const failedKeys = Object.keys(await job.getIgnoredChildrenFailures());
  const gaps = failedKeys.map((key) => key.slice(key.lastIndexOf('.w') + 2)).sort();
  const videos = done.reduce((sum, result) => sum + (result?.videos ?? 0), 0);
  const firstGapStart = gaps[0]?.split('-')[0];
  let coversUntil = job.data.coversUntil;
  if (firstGapStart !== undefined && coversUntil !== undefined) {
    const beforeGap = addDays(firstGapStart, -1);
    if (beforeGap < coversUntil) coversUntil = beforeGap;
  }
  await connections.pool.query(
    `UPDATE crawl_runs SET status = $2, failed_windows = $3, videos = $4, covers_until = $5,
       finished_at = now() WHERE run_id = $1`,
    [job.data.runId, gaps.length > 0 ? 'gaps' : 'done', gaps.length, videos, coversUntil ?? null],
  );
  return { videos, gaps, ...(coversUntil === undefined ? {} : { coversUntil }) };
}
