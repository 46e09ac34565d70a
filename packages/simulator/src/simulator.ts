import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  apiError,
  jsonReply,
  type Reply,
  type Route,
  SearchStore,
  type SimContext,
  type SimRequest,
} from './context.js';
import { SIMULATOR_CREDENTIALS, type SimulatorCredentials } from './credentials.js';
import { Dataset } from './dataset.js';
import { displayV1VideoList, displayV2VideoList } from './display-routes.js';
import { validateFaultSpec } from './fault-spec.js';
import { applicableFaults, faultKindsOf, faultReply, resetMidResponse } from './faults.js';
import { seedNumber, sequence } from './hash.js';
import { IdMaker } from './ids.js';
import { oauthToken } from './oauth-routes.js';
import { DailyQuota, PerMinuteLimit, rateWindowMsOf } from './rate-limits.js';
import { researchPlaylistInfo, researchVideoComments } from './research-comment-routes.js';
import { ResearchJson } from './research-json.js';
import { compileQuery, indexLagAt, parseDay, ResultSet } from './research-query.js';
import { researchRepostedVideos, researchVideoQuery } from './research-routes.js';
import {
  researchFollowers,
  researchFollowing,
  researchLikedVideos,
  researchPinnedVideos,
  researchUserInfo,
} from './research-user-routes.js';
import { SocialData } from './social-data.js';
import { type SocialExpected, socialExpected } from './social-expected.js';
import { userProfileOf } from './social-lists.js';
import { socialFetchProfile, socialFetchVideos } from './socialfetch-routes.js';
import { TokenStore } from './tokens.js';
import type {
  ApiName,
  ResearchQuery,
  SimulatorOptions,
  SimulatorQuirks,
  SimulatorStats,
  SimVideo,
} from './types.js';
import { HASHTAGS } from './vocabulary.js';

/** The documented quirks the simulator reproduces unless told otherwise (all on). */
export const DEFAULT_QUIRKS: SimulatorQuirks = {
  bigintIds: true,
  videoIdKey: 'both',
  repostedKey: 'both',
  favouritesKey: 'both',
  shortPages: true,
  emptyPages: true,
  windowErrorRate: 0,
  tokenExpiry: true,
  searchWarmupMs: 0,
  failingDays: [],
  indexLagDays: 2,
  idTimeSkew: true,
  oauthErrorsWith200: false,
  rateLimitRetryAfter: false,
};

/** The warm-up of a fresh search when the simulator runs with latency and none was given. */
export const LATENCY_SEARCH_WARMUP_MS = 3_000;

/** A running simulator, returned by `startSimulator`. */
export interface Simulator {
  /** e.g. http://127.0.0.1:43123 (no trailing slash). */
  url: string;
  port: number;
  /** Closes the server and every socket, keep-alive ones too. */
  close(): Promise<void>;
  /** What the simulator has served so far. */
  stats(): SimulatorStats;
  /** Sets every counter of `stats()` back to zero. */
  resetStats(): void;
  /** What each API should yield, computed from the dataset (not by calling the endpoints). Ids sorted, unique. */
  expected: SocialExpected & {
    /** The ids a Research video query over these days yields. */
    research(q: { query: ResearchQuery; startDate: string; endDate: string }): string[];
    /** A user's info with every field, as the API sends it; undefined when unavailable. */
    userInfo(username: string): Record<string, unknown> | undefined;
    /** The ids of the videos a user reposted. */
    reposts(username: string): string[];
    /** The ids the Display API lists for a token (default: the featured creator's). */
    display(accessToken?: string): string[];
    /** The ids Social Fetch lists for a profile. */
    socialfetch(handle: string): string[];
  };
  dataset: {
    size: number;
    seed: number;
    /** A username whose videos every API shows with the same ids (30-60 videos). */
    featuredCreator: string;
    /** First and last day of the dataset, YYYYMMDD. */
    firstDay: string;
    lastDay: string;
    /** Every creator's username. */
    creators(): string[];
    /** Every hashtag of the dataset. */
    hashtags(): string[];
    /** The video at this index of the dataset. */
    video(index: number): SimVideo;
    /** The index of a video id, or -1. */
    indexOf(id: string): number;
    /** The ids of a creator's playlists (some may hold no visible video). */
    playlistIds(username: string): string[];
  };
  /** Issues a Display API access token (and refresh token) for a user of the dataset. */
  issueDisplayToken(
    username: string,
    opts?: { ttlSec?: number },
  ): { accessToken: string; refreshToken: string };
  /** Social Fetch credits left. */
  creditsRemaining(): number;
}

function emptyStats(): SimulatorStats {
  return {
    requests: 0,
    byEndpoint: {},
    faults: {},
    tokensIssued: 0,
    creditsCharged: 0,
    rejected: 0,
    limited: 0,
    pagesServed: 0,
    videosServed: 0,
    searchesIssued: 0,
  };
}

const PROFILE_PREFIX = '/v1/tiktok/profiles/';

function route(method: string, path: string): Route | undefined {
  const bare = path.endsWith('/') ? path : `${path}/`;
  if (method === 'POST') {
    switch (bare) {
      case '/v2/oauth/token/':
        return oauthToken;
      case '/v2/research/video/query/':
        return researchVideoQuery;
      case '/v2/research/user/reposted_videos/':
        return researchRepostedVideos;
      case '/v2/research/user/info/':
        return researchUserInfo;
      case '/v2/research/video/comment/list/':
        return researchVideoComments;
      case '/v2/research/user/liked_videos/':
        return researchLikedVideos;
      case '/v2/research/user/pinned_videos/':
        return researchPinnedVideos;
      case '/v2/research/user/followers/':
        return researchFollowers;
      case '/v2/research/user/following/':
        return researchFollowing;
      case '/v2/research/playlist/info/':
        return researchPlaylistInfo;
      case '/video/list/':
        return displayV1VideoList;
      case '/v2/video/list/':
        return displayV2VideoList;
    }
    return undefined;
  }
  if (method === 'GET' && path.startsWith(PROFILE_PREFIX)) {
    const rest = path.slice(PROFILE_PREFIX.length);
    if (rest.endsWith('/videos') && !rest.slice(0, -'/videos'.length).includes('/')) {
      return socialFetchVideos(rest.slice(0, -'/videos'.length));
    }
    if (!rest.includes('/')) return socialFetchProfile(rest);
  }
  return undefined;
}

function normalizeDay(text: string): number {
  const day = parseDay(text.replaceAll('-', ''));
  if (day === undefined) throw new RangeError(`expected a date YYYYMMDD, got ${text}`);
  return day;
}

/** Starts a simulator on 127.0.0.1 (a free port unless `port` is given). */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const seed = seedNumber(options.seed ?? 1);
  const quirks: SimulatorQuirks = {
    ...DEFAULT_QUIRKS,
    // A simulator with latency plays the real API: fresh searches need a moment to warm up.
    ...(options.latencyMs === undefined ? {} : { searchWarmupMs: LATENCY_SEARCH_WARMUP_MS }),
    ...options.quirks,
  };
  const now = options.now ?? Date.now;
  const credentials: SimulatorCredentials = { ...SIMULATOR_CREDENTIALS, ...options.credentials };
  const dataset = new Dataset({ seed, size: options.size ?? 20_000, quirks });
  const ids = new IdMaker(seed, now);
  const limits = options.limits ?? {};
  const faults = options.faults;
  if (faults !== undefined) validateFaultSpec(faults);
  const faultDraw = sequence(faults?.seed ?? seed ^ 0x5eed);
  const faultApis: readonly ApiName[] = faults?.apis ?? ['research', 'display', 'socialfetch'];
  const latency = options.latencyMs;
  const latencyDraw = sequence(seed ^ 0x1a7e);

  const ctx: SimContext = {
    dataset,
    quirks,
    credentials,
    now,
    tokenTtlSec: options.tokenTtlSec ?? 7_200,
    ids,
    tokens: new TokenStore(ids, now, quirks.tokenExpiry),
    stats: emptyStats(),
    limits: {
      research: new PerMinuteLimit(
        limits.research?.perMinute ?? Number.POSITIVE_INFINITY,
        rateWindowMsOf(limits.research?.rateWindowMs),
      ),
      researchDaily: new DailyQuota(limits.research?.perDay ?? 1_000),
      researchSocialGraphDaily: new DailyQuota(limits.research?.socialGraphPerDay ?? 20_000),
      display: new PerMinuteLimit(limits.display?.perMinute ?? 600),
      socialfetch: new PerMinuteLimit(limits.socialfetch?.perMinute ?? Number.POSITIVE_INFINITY),
    },
    credits: {
      remaining: limits.socialfetch?.credits ?? 100_000,
      perRequest: limits.socialfetch?.creditsPerRequest ?? 1,
    },
    searches: new SearchStore(),
    researchJson: new ResearchJson(dataset),
    social: new SocialData(dataset),
    windowErrorDraw: sequence(seed ^ 0x500),
    failingDays: quirks.failingDays.map(normalizeDay),
  };
  // The fixed Display credentials belong to the featured creator and never expire.
  ctx.tokens.add(credentials.displayAccessToken, {
    kind: 'display',
    username: dataset.featuredCreator,
    expiresAtMs: Number.POSITIVE_INFINITY,
  });
  ctx.tokens.addRefresh(credentials.displayRefreshToken, dataset.featuredCreator);

  function latencyMs(): number {
    if (latency === undefined) return 0;
    if (typeof latency === 'number') return latency;
    return latency.min + latencyDraw() * (latency.max - latency.min);
  }

  function send(res: ServerResponse, reply: Reply): void {
    const { body } = reply;
    const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    const headers = { ...reply.headers, 'content-length': String(length) };
    res.writeHead(reply.status, headers);
    if (reply.release === undefined) res.end(body);
    else res.end(body, reply.release);
  }

  function serve(req: IncomingMessage, res: ServerResponse, body: string): void {
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const request: SimRequest = {
      method: req.method ?? 'GET',
      path,
      query: new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1)),
      headers: req.headers,
      body,
    };
    const stats = ctx.stats;
    stats.requests++;
    const found = route(request.method, path);
    if (found === undefined) {
      stats.byEndpoint['unknown'] = (stats.byEndpoint['unknown'] ?? 0) + 1;
      send(
        res,
        jsonReply(
          404,
          `{"error":{"code":"not_found","message":"No route for ${request.method} ${path.replace(/"/g, '')}"}}`,
        ),
      );
      return;
    }
    stats.byEndpoint[found.endpoint] = (stats.byEndpoint[found.endpoint] ?? 0) + 1;
    const refused = found.admit?.(ctx, request);
    if (refused !== undefined) {
      send(res, refused);
      return;
    }
    if (
      faults !== undefined &&
      faults.rate > 0 &&
      faultApis.includes(found.api) &&
      faultDraw() < faults.rate
    ) {
      const kinds = applicableFaults(found, request, faultKindsOf(faults));
      const kind = kinds[Math.floor(faultDraw() * kinds.length)];
      if (kind !== undefined) {
        stats.faults[kind] = (stats.faults[kind] ?? 0) + 1;
        const outcome = faultReply(ctx, found, request, kind, faults);
        if ('reset' in outcome) resetMidResponse(res);
        else send(res, outcome.reply);
        return;
      }
    }
    let reply: Reply;
    try {
      reply = found.handle(ctx, request);
    } catch (error) {
      reply = apiError(
        ctx,
        found,
        500,
        'internal_error',
        `Simulator error: ${(error as Error).message}`,
      );
    }
    send(res, reply);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = chunks.length === 0 ? '' : Buffer.concat(chunks).toString('utf8');
      const delay = latencyMs();
      if (delay > 0) setTimeout(() => serve(req, res, body), delay);
      else serve(req, res, body);
    });
  });
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  function visibleIds(indices: Iterable<number>): string[] {
    const result = new Set<string>();
    for (const i of indices) if (!dataset.isHidden(i)) result.add(dataset.idOf(i));
    return [...result].sort();
  }

  function creatorOfHandle(handle: string): number {
    return dataset.creatorByName(handle.replace(/^@/, '').toLowerCase());
  }

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
    stats: () => structuredClone(ctx.stats),
    resetStats: () => {
      ctx.stats = emptyStats();
    },
    expected: {
      ...socialExpected(dataset, ctx.social),
      userInfo(username) {
        const creator = creatorOfHandle(username);
        if (creator < 0 || dataset.isPrivate(creator)) return undefined;
        return userProfileOf(ctx, creator);
      },
      research({ query, startDate, endDate }) {
        const compiled = compileQuery(query, dataset);
        if (typeof compiled === 'string') throw new Error(compiled);
        const first = normalizeDay(startDate);
        const last = normalizeDay(endDate);
        if (last < first) throw new RangeError('endDate is before startDate');
        const lag = indexLagAt(now(), quirks.indexLagDays);
        return visibleIds(new ResultSet(dataset, compiled, first, last, lag).all());
      },
      reposts(username) {
        const creator = creatorOfHandle(username);
        if (creator < 0 || dataset.isPrivate(creator)) return [];
        return visibleIds(dataset.reposts(creator));
      },
      display(accessToken = credentials.displayAccessToken) {
        const username = ctx.tokens.lookup(accessToken)?.username;
        if (username === undefined) return [];
        return visibleIds(dataset.creatorVideos(dataset.creatorByName(username)));
      },
      socialfetch(handle) {
        const creator = creatorOfHandle(handle);
        if (creator < 0 || dataset.isPrivate(creator)) return [];
        return visibleIds(dataset.creatorVideos(creator));
      },
    },
    dataset: {
      size: dataset.size,
      seed,
      featuredCreator: dataset.featuredCreator,
      firstDay: new Date(dataset.createTime(0) * 1000)
        .toISOString()
        .slice(0, 10)
        .replaceAll('-', ''),
      lastDay: new Date(dataset.endSec * 1000).toISOString().slice(0, 10).replaceAll('-', ''),
      creators: () => dataset.creators(),
      hashtags: () => [...HASHTAGS],
      video: (index) => dataset.video(index),
      indexOf: (id) => dataset.indexOfId(id),
      playlistIds: (username) => {
        const creator = creatorOfHandle(username);
        return creator < 0 ? [] : [0, 1, 2].map((p) => dataset.playlistIdOf(creator, p));
      },
    },
    issueDisplayToken(username, opts) {
      const creator = dataset.creatorByName(username);
      if (creator < 0) throw new RangeError(`unknown creator ${username}`);
      ctx.stats.tokensIssued++;
      return ctx.tokens.issueDisplay(username, opts?.ttlSec ?? ctx.tokenTtlSec);
    },
    creditsRemaining: () => ctx.credits.remaining,
  };
}
