export type { QueueConfig, QueueConnections } from './connect.js';
export { CRAWLS_QUEUE, connect, WINDOWS_QUEUE } from './connect.js';
export type { DrainResult } from './drain-queue.js';
export { drainQueue } from './drain-queue.js';
export type {
  CrawlSpec,
  DayWindow,
  DisplayVideosSpec,
  PlanJobData,
  QuotaApi,
  ResearchCommentsSpec,
  ResearchLikedSpec,
  ResearchPinnedSpec,
  ResearchPlaylistSpec,
  ResearchRepostsSpec,
  ResearchSocialGraphSpec,
  ResearchUserInfoSpec,
  ResearchVideosSpec,
  RunJobData,
  SocialFetchVideosSpec,
  WindowJobData,
  WindowResult,
} from './job-data.js';
export { CRAWL_KINDS, DEFAULT_QUEUE_WINDOW_DAYS } from './job-data.js';
export { migrate } from './migrate.js';
export { MIGRATIONS } from './migrations.js';
export { parseEvery } from './parse-every.js';
export type { RunPlan } from './plan-run.js';
export { planRun } from './plan-run.js';
export type { CrawlStatus, QueueStatus } from './queue-status.js';
export { readQueueStatus } from './queue-status.js';
export type { ListQueueWindowsOptions, QueueWindow, QueueWindowState } from './queue-windows.js';
export { listQueueWindows } from './queue-windows.js';
export type { QuotaUsage, SharedQuota, SharedQuotaOptions } from './redis-quota.js';
export { createSharedQuota, readQuotaUsage } from './redis-quota.js';
export { safeUrl } from './safe-url.js';
export type { QueueWorker, QueueWorkerOptions } from './start-worker.js';
export { RESEARCH_DAILY_QUOTA, startQueueWorker } from './start-worker.js';
export type { SubmitCrawlOptions, SubmittedCrawl } from './submit-crawl.js';
export { submitCrawl } from './submit-crawl.js';
export type { UpsertSource } from './upsert-records.js';
export { upsertRecords } from './upsert-records.js';
export { upsertVideos } from './upsert-videos.js';
export { validateSpec } from './validate-spec.js';
