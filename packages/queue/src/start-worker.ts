import { createResearchClient, type ResearchClientOptions } from '@tikrx/research';
import { type Job, Worker } from 'bullmq';
import { CRAWLS_QUEUE, connect, type QueueConfig, WINDOWS_QUEUE } from './connect.js';
import type { PlanJobData, RunJobData, WindowJobData, WindowResult } from './job-data.js';
import { migrate } from './migrate.js';
import { createSharedQuota } from './redis-quota.js';
import { processPlan, processRun } from './run-processors.js';
import { processWindow } from './window-processor.js';

/** The Research API's documented daily quota. */
export const RESEARCH_DAILY_QUOTA = 1_000;

/** How one worker process runs. */
export interface QueueWorkerOptions extends QueueConfig {
  /** Window jobs this process runs at once; default 1. */
  concurrency?: number;
  /** Research client: credentials from the environment, `baseUrl`, retry, timeout… (no `limiter`: the shared quota is it). */
  research: Omit<ResearchClientOptions, 'limiter'>;
  /**
   * The organisation's limits per API, kept in Redis for all workers; every worker should
   * pass the same. Default: 1,000 Research requests a day, no rate limit.
   */
  quota?: { research?: { perDay?: number; perMinute?: number } };
  /** Clock of the quota and of run planning, ms since the epoch. Default `Date.now`. */
  now?: () => number;
  /** BullMQ lock of a running job: renewed every half of it; a dead worker's job is free after it. Default 30,000. */
  lockDurationMs?: number;
  /** How often workers look for jobs whose lock expired (stalled). Default 30,000. */
  stalledIntervalMs?: number;
  /** Times a window job may be taken over from dead workers before it fails. Default 10. */
  maxStalledCount?: number;
  /** Called when a job fails or is given up; default: nothing (the CLI logs it). */
  onJobFailed?: (info: { queue: string; jobId: string; message: string }) => void;
}

/** A running worker. */
export interface QueueWorker {
  /** Waits for the jobs in progress, then closes every connection. */
  close(): Promise<void>;
}

/**
 * Starts a worker process's BullMQ workers: one runs window jobs `concurrency` at a time,
 * the other plans and finishes runs. Applies the PostgreSQL migrations first. Any number of
 * these, on any machines, pointed at the same Redis and PostgreSQL, share the work, the
 * quota and the results.
 */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const connections = connect(options);
  const now = options.now ?? Date.now;
  try {
    await migrate(connections.pool);
  } catch (error) {
    await connections.close();
    throw error;
  }
  const quota = createSharedQuota({
    redis: connections.redis,
    prefix: connections.prefix,
    api: 'research',
    perDay: options.quota?.research?.perDay ?? RESEARCH_DAILY_QUOTA,
    ...(options.quota?.research?.perMinute === undefined
      ? {}
      : { perMinute: options.quota.research.perMinute }),
    now,
  });
  const research = createResearchClient({ ...options.research, limiter: quota });
  const common = {
    connection: connections.redis,
    prefix: connections.prefix,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 10,
  };
  const windows = new Worker<WindowJobData, WindowResult>(
    WINDOWS_QUEUE,
    (job, token) =>
      processWindow(job, token, { pool: connections.pool, research, now, resetJitterMs: 1_000 }),
    { ...common, concurrency: options.concurrency ?? 1 },
  );
  const crawls = new Worker<PlanJobData | RunJobData>(
    CRAWLS_QUEUE,
    (job) =>
      job.name === 'run'
        ? processRun(job as Job<RunJobData>, connections)
        : processPlan(job as Job<PlanJobData>, connections, now()),
    { ...common, concurrency: 1 },
  );
  for (const [queue, worker] of [
    [WINDOWS_QUEUE, windows],
    [CRAWLS_QUEUE, crawls],
  ] as const) {
    worker.on('failed', (job, error) => {
      options.onJobFailed?.({ queue, jobId: String(job?.id), message: error.message });
    });
    // Connection errors are retried by ioredis; without a listener they would crash the process.
    worker.on('error', () => {});
  }
  return {
    async close() {
      await Promise.allSettled([windows.close(), crawls.close()]);
      await connections.close();
    },
  };
}
