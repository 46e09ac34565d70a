import type { RateLimiter } from '@tikrx/core';
import { badRequest } from '@tikrx/core/internal';
import { createDisplayClient, type DisplayClient, type DisplayClientOptions } from '@tikrx/display';
import { createResearchClient, type ResearchClientOptions } from '@tikrx/research';
import { createSocialFetchClient, type SocialFetchClientOptions } from '@tikrx/socialfetch';
import { type Job, Worker } from 'bullmq';
import { CRAWLS_QUEUE, connect, type QueueConfig, WINDOWS_QUEUE } from './connect.js';
import type { CrawlClients } from './crawl-stream.js';
import type {
  DisplayVideosSpec,
  PlanJobData,
  QuotaApi,
  RunJobData,
  WindowJobData,
  WindowResult,
} from './job-data.js';
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
  /**
   * Research client: credentials from the environment, `baseUrl`, retry, timeout… (no
   * `limiter`: the shared quota is it). Without it the worker fails `research.*` jobs.
   */
  research?: Omit<ResearchClientOptions, 'limiter'>;
  /**
   * Display client: the access token (or token source) of the user whose videos
   * `display.videos` jobs read, `baseUrl`…; a job names the API version and username. Without
   * it the worker fails `display.videos` jobs. Credentials never travel in a job.
   */
  display?: Omit<DisplayClientOptions, 'limiter' | 'apiVersion' | 'username'>;
  /** Social Fetch client: the API key, `baseUrl`… Without it the worker fails `socialfetch.videos` jobs. */
  socialfetch?: Omit<SocialFetchClientOptions, 'limiter'>;
  /**
   * The organisation's limits per API, kept in Redis for all workers; every worker should
   * pass the same. Default: 1,000 Research requests a day, no rate limit; Display and Social
   * Fetch unlimited unless given.
   */
  quota?: {
    research?: { perDay?: number; perMinute?: number };
    display?: { perDay: number; perMinute?: number };
    socialfetch?: { perDay: number; perMinute?: number };
  };
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
  if (
    options.research === undefined &&
    options.display === undefined &&
    options.socialfetch === undefined
  ) {
    throw badRequest(
      'a queue worker needs the options of at least one client: research, display or socialfetch',
    );
  }
  const connections = connect(options);
  const now = options.now ?? Date.now;
  try {
    await migrate(connections.pool);
  } catch (error) {
    await connections.close();
    throw error;
  }
  const limiter = (api: QuotaApi, limits: { perDay: number; perMinute?: number }) =>
    createSharedQuota({
      redis: connections.redis,
      prefix: connections.prefix,
      api,
      perDay: limits.perDay,
      ...(limits.perMinute === undefined ? {} : { perMinute: limits.perMinute }),
      now,
    });
  const clients = clientsOf(options, limiter);
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
      processWindow(job, token, { pool: connections.pool, clients, now, resetJitterMs: 1_000 }),
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

/**
 * The worker's clients, each under its API's shared quota. Display clients are made per API
 * version and username a job asks for (the token is the worker's) and kept for the next job.
 */
function clientsOf(
  options: QueueWorkerOptions,
  limiter: (api: QuotaApi, limits: { perDay: number; perMinute?: number }) => RateLimiter,
): CrawlClients {
  const { research, display, socialfetch, quota } = options;
  const displayLimiter =
    quota?.display === undefined ? {} : { limiter: limiter('display', quota.display) };
  const displayClients = new Map<string, DisplayClient>();
  return {
    research:
      research === undefined
        ? undefined
        : createResearchClient({
            ...research,
            limiter: limiter('research', {
              perDay: quota?.research?.perDay ?? RESEARCH_DAILY_QUOTA,
              ...(quota?.research?.perMinute === undefined
                ? {}
                : { perMinute: quota.research.perMinute }),
            }),
          }),
    display:
      display === undefined
        ? undefined
        : (spec: DisplayVideosSpec) => {
            const apiVersion = spec.apiVersion ?? 'v2';
            const key = JSON.stringify([apiVersion, spec.username]);
            let client = displayClients.get(key);
            if (client === undefined) {
              client = createDisplayClient({
                ...display,
                ...displayLimiter,
                apiVersion,
                ...(spec.username === undefined ? {} : { username: spec.username }),
              });
              displayClients.set(key, client);
            }
            return client;
          },
    socialfetch:
      socialfetch === undefined
        ? undefined
        : createSocialFetchClient({
            ...socialfetch,
            ...(quota?.socialfetch === undefined
              ? {}
              : { limiter: limiter('socialfetch', quota.socialfetch) }),
          }),
  };
}
