import type { CommonClientOptions, RateLimiter, Video } from '@tikrx/core';
import type { Observable } from 'rxjs';
import type { ResearchCheckpoint } from './checkpoint.js';
import type { DayInput } from './dates.js';
import type { MoreEndpoints } from './more-endpoints.js';
import type { ResearchQuery } from './query.js';
import type { RepostedVideoField, VideoQueryField } from './schema.js';

/** How long a window waits for a fresh `search_id` to be accepted before it searches afresh. */
export interface SearchWarmupOptions {
  /** First wait after a refusal; doubled each time. Default 1,000. */
  firstDelayMs?: number;
  /** Longest single wait. Default 8,000. */
  maxDelayMs?: number;
  /** Total wait on one `search_id` before the window restarts its search. Default 60,000. */
  maxWaitMs?: number;
}

/**
 * How the client's shared rate adapts to 429 `rate_limit_exceeded`, which the API sends long
 * before the daily quota is spent: unlimited until 429s are 15% of the last `windowMs`'s
 * answers, then half the pace the API accepted in that window for every window and stream
 * of the client, raised by a quarter every `recoveryMs` without a 429 until it is unlimited
 * again. The
 * defaults fit the Research API's per-minute limit; a proxy or gateway that counts in
 * another window wants its own.
 */
export interface RateAdaptationOptions {
  /** The span the pace is measured over, as the API counts its limit. Default 60,000 (a minute). */
  windowMs?: number;
  /** Time without a 429 after which the rate goes up by a quarter. Default 30,000. */
  recoveryMs?: number;
}

/**
 * Options of `createResearchClient`: client credentials (or an access token), the base URL and
 * the common client options.
 */
export interface ResearchClientOptions extends CommonClientOptions {
  /** Client credentials (`TIKTOK_CLIENT_KEY` / `TIKTOK_CLIENT_SECRET`); or bring an `accessToken`. */
  clientKey?: string | undefined;
  clientSecret?: string | undefined;
  /** A client access token you manage (it cannot be renewed on expiry). */
  accessToken?: string | undefined;
  /** Default `https://open.tiktokapis.com`. */
  baseUrl?: string;
  /** Clock for token expiry, the daily quota and the index lag, ms since the epoch. Default `Date.now`. */
  now?: () => number;
  /**
   * The API refuses a fresh `search_id` for a few seconds ("invalid or expired"); the window
   * waits on the same id, backing off, before it ever searches afresh.
   */
  searchWarmup?: SearchWarmupOptions;
  /**
   * Tries a failing date window gets at one size before it is split in two (each failure
   * spends quota). Default 2. A single day that still fails becomes a gap.
   */
  triesPerWindowSize?: number;
  /** The requests a day the quota events count against. Default 1,000 (the API's). */
  dailyQuota?: number;
  /**
   * The limiter of followers and following requests, which have their own daily quota
   * (20,000 calls; `RATE_LIMIT_PRESETS.researchSocialGraph`). Default: `limiter`. With one of
   * their own they also get an adaptive rate of their own (`rateAdaptation`).
   */
  socialGraphLimiter?: RateLimiter;
  /**
   * The shared rate's answer to 429s (after the `limiter`'s, if any); `rate` events say each
   * change. `false`: no adaptation, a 429 is only retried (after its `Retry-After`) and
   * penalizes the `limiter`. Default `{ windowMs: 60_000, recoveryMs: 30_000 }`.
   */
  rateAdaptation?: RateAdaptationOptions | false;
}

/** What both endpoints take to resume and report progress. */
export interface CrawlOptions {
  /** A checkpoint this crawl reported earlier: continue from there (only its open windows and gaps). */
  checkpoint?: ResearchCheckpoint;
  /** Called with a fresh checkpoint after every page and when the stream stops (also sent as an `onEvent` `checkpoint` event). */
  onCheckpoint?: (checkpoint: ResearchCheckpoint) => void;
}

export interface QueryVideosOptions extends CrawlOptions {
  /** The API's own query JSON (see `q` for a typed builder). */
  query: ResearchQuery;
  /** First day, inclusive: `YYYYMMDD`, `YYYY-MM-DD` or a `Date` (its UTC day). */
  startDate: DayInput;
  /** Last day, inclusive. */
  endDate: DayInput;
  /** Default: every documented field. */
  fields?: readonly VideoQueryField[];
  /** `max_count` per request, 1–100; default 100. */
  maxCount?: number;
  isRandom?: boolean;
  /** Windows fetched at once; default 12. */
  concurrency?: number;
  /**
   * Days per window, 1–31. Default: the range split into `concurrency` windows (at most 30
   * days each, the API's limit), so every slot has a window; each extra window costs about
   * half a request of the daily quota (its last page is short).
   */
  windowDays?: number;
}

export interface RepostedVideosOptions extends CrawlOptions {
  /** Default: every documented field. */
  fields?: readonly RepostedVideoField[];
  /** `max_count` per request, 1–100; default 100. */
  maxCount?: number;
}

export interface ResearchClient extends MoreEndpoints {
  /**
   * Videos matching `query` between two days, windowed, concurrent and resumable. Days that
   * keep failing become gaps: every other day's videos arrive, then the stream fails naming
   * them, and its checkpoint retries only them.
   */
  queryVideos(options: QueryVideosOptions): Observable<Video>;
  /** Videos `username` reposted. */
  repostedVideos(username: string, options?: RepostedVideosOptions): Observable<Video>;
}
