import type { IncomingHttpHeaders } from 'node:http';
import type { SimulatorCredentials } from './credentials.js';
import type { Dataset } from './dataset.js';
import type { IdMaker } from './ids.js';
import type { JsonText } from './json-bytes.js';
import type { DailyQuota, PerMinuteLimit } from './rate-limits.js';
import type { ResearchJson } from './research-json.js';
import type { ResultSet } from './research-query.js';
import type { SocialData } from './social-data.js';
import type { TokenStore } from './tokens.js';
import type { ApiName, SimulatorQuirks, SimulatorStats } from './types.js';

/** Everything a route handler needs: the dataset and the server's mutable state. */
export interface SimContext {
  dataset: Dataset;
  quirks: SimulatorQuirks;
  credentials: SimulatorCredentials;
  now: () => number;
  tokenTtlSec: number;
  ids: IdMaker;
  tokens: TokenStore;
  stats: SimulatorStats;
  limits: {
    research: PerMinuteLimit;
    researchDaily: DailyQuota;
    /** Followers and following: their own 20,000 calls a day. */
    researchSocialGraphDaily: DailyQuota;
    display: PerMinuteLimit;
    socialfetch: PerMinuteLimit;
  };
  credits: { remaining: number; perRequest: number };
  searches: SearchStore;
  /** Writes the Research pages as bytes, reusing its memory page after page. */
  researchJson: ResearchJson;
  /** Comments, follower graphs, likes and playlists derived from the dataset. */
  social: SocialData;
  /** Draws for the window-length 500 quirk. */
  windowErrorDraw: () => number;
  /** The failingDays quirk as day numbers. */
  failingDays: readonly number[];
}

export interface SearchState {
  /** The query and dates the search was made for; a later page must match it. */
  key: string;
  results: ResultSet;
  /** When the search was issued (the `now` clock): it is refused until its warm-up is over. */
  issuedAtMs: number;
}

/**
 * Cached searches by search_id, oldest evicted first (an evicted id is "invalid or expired"):
 * at most `capacity` of them, and when a new one comes, only as many as hold `maxIndices`
 * matches between them (4 bytes each), so memory stays flat however long a crawl runs.
 */
export class SearchStore {
  private readonly states = new Map<string, SearchState>();
  constructor(
    private readonly capacity = 2_000,
    private readonly maxIndices = 4_000_000,
  ) {}

  get(searchId: string): SearchState | undefined {
    return this.states.get(searchId);
  }

  set(searchId: string, state: SearchState): void {
    let held = 0;
    for (const kept of this.states.values()) held += kept.results.size;
    for (const [oldestId, oldest] of this.states) {
      if (this.states.size < this.capacity && held <= this.maxIndices) break;
      this.states.delete(oldestId);
      held -= oldest.results.size;
    }
    this.states.set(searchId, state);
  }

  delete(searchId: string): void {
    this.states.delete(searchId);
  }
}

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status: number;
  /** Text, or bytes already encoded (the Research pages). */
  body: string | Buffer;
  /** Called once the body is written to the socket: its memory may be reused (see JsonBytes). */
  release?: () => void;
  headers?: Record<string, string>;
}

/** An endpoint: its stats name, its API (for error shapes and faults), its handler. */
export interface Route {
  endpoint: string;
  api: ApiName;
  /** For Display v1 and v2, whose error bodies differ. */
  variant?: 'v1' | 'v2';
  /**
   * Credentials, rate limit and daily quota, checked before any injected fault: an answered
   * request spends the quota whatever the answer (the field: a 500 counts like a success).
   */
  admit?(ctx: SimContext, request: SimRequest): Reply | undefined;
  handle(ctx: SimContext, request: SimRequest): Reply;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

export function jsonReply(status: number, body: string, headers?: Record<string, string>): Reply {
  return {
    status,
    body,
    headers: headers === undefined ? JSON_HEADERS : { ...JSON_HEADERS, ...headers },
  };
}

/** A 200 whose JSON body was written as bytes. */
export function jsonTextReply(text: JsonText): Reply {
  return { status: 200, body: text.bytes, headers: JSON_HEADERS, release: text.release };
}

/** The error body each API uses, for a given status, code and message. */
export function apiError(
  ctx: SimContext,
  route: Pick<Route, 'api' | 'variant'>,
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): Reply {
  if (status >= 400 && status < 500 && status !== 429) ctx.stats.rejected++;
  const str = JSON.stringify;
  switch (route.api) {
    case 'socialfetch':
      return jsonReply(
        status,
        `{"error":{"code":${str(code)},"message":${str(message)}},"meta":{"requestId":"${ctx.ids.requestId()}"}}`,
        headers,
      );
    case 'oauth':
      return jsonReply(
        // The field: an OAuth error can come with HTTP 200 and the error body.
        ctx.quirks.oauthErrorsWith200 ? 200 : status,
        `{"error":${str(code)},"error_description":${str(message)},"log_id":"${ctx.ids.logId()}"}`,
        headers,
      );
    case 'display':
      if (route.variant === 'v1') {
        const errorCode = DISPLAY_V1_CODES[code] ?? 10000;
        return jsonReply(
          status,
          `{"data":{"error_code":${errorCode},"err_code":${errorCode},"description":${str(message)}},"extra":{"error_detail":${str(message)},"logid":"${ctx.ids.logId()}"}}`,
          headers,
        );
      }
      return jsonReply(
        status,
        `{"data":{},"error":{"code":${str(code)},"message":${str(message)},"log_id":"${ctx.ids.logId()}"}}`,
        headers,
      );
    default:
      return jsonReply(
        status,
        `{"error":{"code":${str(code)},"message":${str(message)},"log_id":"${ctx.ids.logId()}"}}`,
        headers,
      );
  }
}

/** Display v1 data.error_code for each v2-style code (the simulator's choice; see README). */
export const DISPLAY_V1_CODES: Record<string, number> = {
  internal_error: 10000,
  invalid_params: 10001,
  access_token_invalid: 10002,
  scope_not_authorized: 10003,
  rate_limit_exceeded: 10004,
};

/** The bearer token of a request, if any. */
export function bearerToken(request: SimRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** Parses a JSON body; undefined (not throw) when it is not JSON. */
export function parseJsonBody(body: string): unknown {
  if (body.trim() === '') return {};
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An optional non-negative integer from a JSON body (numbers or digit strings). */
export function optionalInteger(value: unknown, fallback: number): number | undefined {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d{1,16}$/.test(value)) return Number(value);
  return undefined;
}
