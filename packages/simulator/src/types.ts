import type { SimulatorCredentials } from './credentials.js';

/** The faults {@link FaultSpec.kinds} can inject. */
export const FAULT_KINDS = [
  '429',
  '429-retry-after',
  '500',
  '503',
  '504-html',
  'reset',
  'truncated',
  'non-json',
  'search-id-expired',
  'invalid-cursor',
  'token-expired',
  'vague-transient',
] as const;
/** A fault the simulator can inject. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The APIs a fault can be limited to. */
export type ApiName = 'oauth' | 'research' | 'display' | 'socialfetch';

/** Which faults to inject, how often and with which seed. */
export interface FaultSpec {
  /** Probability (0..1) that a request gets a fault. */
  rate: number;
  /** Kinds to pick from (uniformly, among those that apply to the request). Default: all. */
  kinds?: FaultKind[];
  /** Seed of the fault sequence; default: the dataset seed. */
  seed?: number;
  /** APIs the faults apply to; default: all but oauth. */
  apis?: ApiName[];
  /** Retry-After (seconds) sent with the `429-retry-after` fault; default 1. */
  retryAfterSec?: number;
}

/** The documented API quirks the simulator reproduces, each on or off. */
export interface SimulatorQuirks {
  /** Research id, music_id, playlist_id, hashtag_id as bare JSON numbers above 2^53 (true) or strings (false). Default true. */
  bigintIds: boolean;
  /** Research videos keyed `id`, `video_id`, or 'both': about one in eight videos uses `video_id` (fixed per video). Default 'both'. */
  videoIdKey: 'id' | 'video_id' | 'both';
  /** Key of the reposted list: one spelling, or 'both' (fixed per username). Default 'both'. */
  repostedKey: 'reposted_videos' | 'user_reposted_videos' | 'both';
  /** Favourites count key: one spelling, or 'both' (video query says favourites_count, reposted videos favorites_count). Default 'both'. */
  favouritesKey: 'favourites_count' | 'favorites_count' | 'both';
  /** Some videos (about 3%, fixed per video) are deleted/private: they keep their cursor slot but are left out of every page. Default true. */
  shortPages: boolean;
  /** Moderation sweeps: runs of about 300 consecutive videos are hidden, so pages can be empty with has_more true. Default true. */
  emptyPages: boolean;
  /** Probability of a Research query page failing with 500 internal_error at a 30-day window, scaled by window length (days / 30). Default 0. */
  windowErrorRate: number;
  /** Issued tokens (Research clt., Display act.) expire after tokenTtlSec on the `now` clock. Default true. */
  tokenExpiry: boolean;
  /**
   * A fresh Research search_id is refused (HTTP 400 invalid_params "Search Id N is invalid or
   * expired") until this many ms after it was issued, as the field reports. Default 3,000 when
   * `latencyMs` is set, else 0.
   */
  searchWarmupMs: number;
  /** Days (`YYYYMMDD`) on which every video query window covering one answers 500. Default none. */
  failingDays: string[];
  /** Days before the `now` clock not yet in the Research index (their videos are absent). Default 2. */
  indexLagDays: number;
  /** A video id's top 32 bits are 18-48 s before its create_time (recorded ids are). Default true. */
  idTimeSkew: boolean;
  /** OAuth errors answered with HTTP 200 and the error body, as the field sometimes does. Default false. */
  oauthErrorsWith200: boolean;
  /**
   * A Research 429 `rate_limit_exceeded` says when to come back (`Retry-After`, whole
   * seconds). The field has never seen one: default false, as the real API answers.
   */
  rateLimitRetryAfter: boolean;
}

/** The rate limits and quotas the simulator enforces. */
export interface SimulatorLimits {
  /** `socialGraphPerDay`: followers and following calls a day (default 20,000; the general quota is `perDay`, default 1,000). */
  research?: {
    /** Requests a rate window (a minute unless `rateWindowMs`); past it 429 `rate_limit_exceeded`. Default no limit. */
    perMinute?: number;
    /** Length of the window `perMinute` counts in. Default 60,000; shorter shows rate limiting in seconds. */
    rateWindowMs?: number;
    perDay?: number;
    socialGraphPerDay?: number;
  };
  display?: { perMinute?: number };
  socialfetch?: { perMinute?: number; credits?: number; creditsPerRequest?: number };
}

/** Options of `startSimulator`: port, seed, dataset size, latency, faults, limits and quirks. */
export interface SimulatorOptions {
  /** 0 / undefined = a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 1. */
  seed?: number | string;
  /** Number of videos; default 20_000, up to 10_000_000 (derived from the index, never held in memory). */
  size?: number;
  /** Delay before each response. */
  latencyMs?: number | { min: number; max: number };
  /** The clock (ms since epoch): quotas reset at UTC midnight of it, tokens expire by it. */
  now?: () => number;
  credentials?: Partial<SimulatorCredentials>;
  quirks?: Partial<SimulatorQuirks>;
  faults?: FaultSpec;
  limits?: SimulatorLimits;
  /** Lifetime of issued tokens; default 7200. */
  tokenTtlSec?: number;
}

/** One video of the dataset, in the simulator's own words; each API exposes a subset. */
export interface SimVideo {
  index: number;
  /** Decimal, 19 digits, above 2^53: (create_time << 32) | low bits, like TikTok's. */
  id: string;
  createTime: number;
  username: string;
  regionCode: string;
  description: string;
  title: string;
  musicId: string;
  hashtags: string[];
  effectIds: string[];
  mentions: string[];
  playlistId?: string;
  voiceToText?: string;
  label?: string;
  isStemVerified: boolean;
  durationSec: number;
  width: number;
  height: number;
  stats: { views: number; likes: number; comments: number; shares: number; favourites: number };
  pinned: boolean;
  isAd: boolean;
  /** Deleted or private: keeps its place (cursor slot) but no API returns it and `expected` leaves it out. */
  hidden: boolean;
  /** Research responses key this video `video_id` (quirk videoIdKey 'both'). */
  keyedVideoId: boolean;
}

/** Counters of what the simulator served: requests per endpoint, faults, tokens, credits. */
export interface SimulatorStats {
  requests: number;
  byEndpoint: Record<string, number>;
  faults: Record<string, number>;
  tokensIssued: number;
  creditsCharged: number;
  /** 4xx answers to invalid requests (validation, credentials). */
  rejected: number;
  /** 429s from the per-minute limits and daily quota (not injected faults). */
  limited: number;
  pagesServed: number;
  videosServed: number;
  /** Research searches started (a video query at cursor 0 without a search_id). */
  searchesIssued: number;
}

/** One condition of a Research query, as the simulator reads it. */
export interface ResearchQueryCondition {
  field_name: string;
  operation: string;
  field_values: string[];
}
/** The Research API's query JSON, as the simulator reads it. */
export interface ResearchQuery {
  and?: ResearchQueryCondition[];
  or?: ResearchQueryCondition[];
  not?: ResearchQueryCondition[];
}
