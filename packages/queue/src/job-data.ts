import type { ResearchQuery, VideoQueryField } from '@tikrx/research';

/**
 * What a crawl asks for: plain JSON, stored in the job, never a credential (workers bring
 * their own from the environment). `research.videos` is cut into date windows, one job each;
 * every other kind is one window of its own (`window` absent), so Display, Social Fetch and
 * the other Research endpoints fit the same job shape as they are added.
 */
export type CrawlSpec = ResearchVideosSpec | ResearchRepostsSpec;

/** The Research video query between two days, cut into windows of `windowDays`. */
export interface ResearchVideosSpec {
  kind: 'research.videos';
  query: ResearchQuery;
  /** First day, `YYYYMMDD`. */
  from: string;
  /** Last day, `YYYYMMDD`; absent: up to the day each run starts (recurring crawls). */
  to?: string;
  /** Days per window job, 1–30; default {@link DEFAULT_QUEUE_WINDOW_DAYS}. */
  windowDays?: number;
  fields?: VideoQueryField[];
  maxCount?: number;
}

/** A user's reposted videos: one window job. */
export interface ResearchRepostsSpec {
  kind: 'research.reposts';
  username: string;
  maxCount?: number;
}

/** The API whose quota a spec spends. */
export type QuotaApi = 'research';

/**
 * Days per window job when a spec does not say: small enough that 90 days give a dozen jobs
 * to spread over workers, large enough that the short last page of each window (a request
 * against the daily quota) stays a small share.
 */
export const DEFAULT_QUEUE_WINDOW_DAYS = 7;

/** A submitted crawl: its id, who asked, and what. Data of a `plan` job and of a scheduler's template. */
export interface PlanJobData {
  crawlId: string;
  owner: string;
  spec: CrawlSpec;
}

/** A `YYYYMMDD` inclusive day range. */
export interface DayWindow {
  start: string;
  end: string;
}

/** One run of a crawl (the flow's parent job): the days it covers. */
export interface RunJobData extends PlanJobData {
  runId: string;
  /** Absent for kinds without dates. */
  range?: DayWindow;
  /** The last day the run covers completely (the run's last day when it started after that day ended). */
  coversUntil?: string;
}

/** One window of a run. The worker keeps `checkpoint`, `pages` and `videos` current after every page. */
export interface WindowJobData extends RunJobData {
  window?: DayWindow;
  /** The client's checkpoint after the last page stored (opaque to the queue). */
  checkpoint?: unknown;
  pages: number;
  videos: number;
  /** `host:pid` of the worker that stored the last page. */
  worker?: string;
}

/** What a finished window job returns. */
export interface WindowResult {
  pages: number;
  videos: number;
}
