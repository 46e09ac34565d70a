import type { DisplayApiVersion, DisplayVideoField } from '@tikrx/display';
import type {
  CommentField,
  ResearchQuery,
  UserInfoField,
  UserVideoField,
  VideoQueryField,
} from '@tikrx/research';
import type { SocialFetchSortBy } from '@tikrx/socialfetch';

/**
 * What a crawl asks for: plain JSON, stored in the job, never a credential (workers bring
 * their own from the environment). `research.videos` is cut into date windows, one job each;
 * every other kind is one window of its own (`window` absent), checkpointed after each page
 * like a date window.
 */
export type CrawlSpec =
  | ResearchVideosSpec
  | ResearchRepostsSpec
  | ResearchUserInfoSpec
  | ResearchCommentsSpec
  | ResearchLikedSpec
  | ResearchPinnedSpec
  | ResearchSocialGraphSpec
  | ResearchPlaylistSpec
  | DisplayVideosSpec
  | SocialFetchVideosSpec;

/** Every kind of crawl, as `CrawlSpec['kind']` spells it. */
export const CRAWL_KINDS = [
  'research.videos',
  'research.reposts',
  'research.user-info',
  'research.comments',
  'research.liked',
  'research.pinned',
  'research.followers',
  'research.following',
  'research.playlist',
  'display.videos',
  'socialfetch.videos',
] as const satisfies ReadonlyArray<CrawlSpec['kind']>;

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

/** The profiles of Research API users (`userInfo`), one after the other; resumes at the next user. */
export interface ResearchUserInfoSpec {
  kind: 'research.user-info';
  usernames: string[];
  fields?: UserInfoField[];
}

/** The comments of videos (Research API), one crawl over all of them (top 1,000 per video). */
export interface ResearchCommentsSpec {
  kind: 'research.comments';
  videoIds: string[];
  fields?: CommentField[];
  maxCount?: number;
  /** Videos read at once inside the job; default 4. */
  concurrency?: number;
}

/** The videos a user liked (Research API). */
export interface ResearchLikedSpec {
  kind: 'research.liked';
  username: string;
  fields?: UserVideoField[];
  maxCount?: number;
}

/** The videos a user pinned (Research API; one page). */
export interface ResearchPinnedSpec {
  kind: 'research.pinned';
  username: string;
  fields?: UserVideoField[];
}

/** A user's followers or the accounts they follow (Research API). */
export interface ResearchSocialGraphSpec {
  kind: 'research.followers' | 'research.following';
  username: string;
  maxCount?: number;
}

/** A playlist and its video ids (Research API). */
export interface ResearchPlaylistSpec {
  kind: 'research.playlist';
  playlistId: string;
  maxCount?: number;
}

/**
 * The videos of the user whose Display access token the workers hold (`video/list`). The
 * token is the worker's (`display` of `QueueWorkerOptions`), never the job's.
 */
export interface DisplayVideosSpec {
  kind: 'display.videos';
  /** Default `v2`. */
  apiVersion?: DisplayApiVersion;
  /** The token's user, set as each video's `username`. */
  username?: string;
  fields?: DisplayVideoField[];
  maxCount?: number;
  /** Stop at the first video older than this, Unix seconds. */
  since?: number;
}

/** A profile's videos through Social Fetch; the API key is the worker's. */
export interface SocialFetchVideosSpec {
  kind: 'socialfetch.videos';
  handle: string;
  sortBy?: SocialFetchSortBy;
  region?: string;
  userId?: string;
  trim?: boolean;
  /** Credits one attempt of the job may spend. */
  maxCredits?: number;
}

/** The API whose shared quota a spec spends. */
export type QuotaApi = 'research' | 'display' | 'socialfetch';

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

/**
 * One window of a run. The worker keeps `checkpoint`, `pages` and `videos` current after every
 * page; `videos` counts the records stored, whatever their kind (comments, users…).
 */
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
  /** Records stored (videos, or the comments, users… of the spec's kind). */
  videos: number;
}
