import { type CommonClientOptions, type JsonResponse, TikrxError, type Video } from '@tikrx/core';
import {
  badRequest,
  cursorPages,
  describeValue,
  notDocumentedShape,
  pickCommonOptions,
  validateBaseUrl,
  validateCommonOptions,
  validateCredential,
  validateOptionsObject,
} from '@tikrx/core/internal';
import { createRequester, type Requester } from '@tikrx/operators/internal';
import { type RefreshedToken, readTikTokError, sendWithToken } from '@tikrx/tiktok-platform';
import { defer, map, type Observable, takeWhile } from 'rxjs';
import type { DisplayCheckpoint } from './checkpoint.js';
import { normalizeDisplayVideo } from './normalize.js';
import { readDisplayV1Error } from './read-api-error.js';
import {
  DISPLAY_VIDEO_FIELDS,
  type DisplayVideoField,
  type DisplayVideoRecord,
  displayV1PageSchema,
  displayV2PageSchema,
} from './schema.js';
import { type AccessTokenProvider, type DisplayTokens, displayTokens } from './token-source.js';

/** Which Display API to call: `v1` (open-api.tiktok.com) or `v2` (open.tiktokapis.com). */
export type DisplayApiVersion = 'v1' | 'v2';

/**
 * Options of `createDisplayClient`: the user's access token, the API version, and the common
 * client options.
 */
export interface DisplayClientOptions extends CommonClientOptions {
  /** `v1`: `POST /video/list/?access_token=…`; `v2`: `POST /v2/video/list/` with a Bearer token. */
  apiVersion: DisplayApiVersion;
  /** The creator's access token (scope `video.list`). */
  accessToken?: string;
  /**
   * Your token source, instead of or beside `accessToken`: asked for the first token when
   * `accessToken` is absent, and again when the API refuses a token (at most 3 times in a row
   * for one page request).
   */
  getAccessToken?: AccessTokenProvider;
  /**
   * v2 only: with `clientKey` and `clientSecret`, renews the access token through
   * `POST /v2/oauth/token/` (grant_type=refresh_token) when it expires or is rejected.
   */
  refreshToken?: string;
  clientKey?: string;
  clientSecret?: string;
  /** Called after each refresh: TikTok may rotate the refresh token, so persist the new one. */
  onTokenRefresh?: (token: RefreshedToken) => void;
  /** Default: v1 `https://open-api.tiktok.com`, v2 `https://open.tiktokapis.com`. */
  baseUrl?: string;
  /**
   * The handle of the token's user, set as `username` on every video (video/list does not
   * say whose videos they are). Absent by default.
   */
  username?: string;
}

/** Options of `display.videos()`: fields, page size, where to start and when to stop. */
export interface DisplayVideosOptions {
  /** Default: every documented field. `id` is always requested (and `create_time` with `since`). */
  fields?: readonly DisplayVideoField[];
  /** Videos per page (`max_count`), 1 to 20; default 20. */
  maxCount?: number;
  /**
   * Start below this cursor: a UTC timestamp in milliseconds (the API's own cursor). Pass a
   * checkpoint's `cursor` to resume where that stream stopped.
   */
  cursor?: number;
  /**
   * Stop at the first video older than this (a `Date`, or Unix seconds like `createTime`).
   * Videos come newest first, so polling for new videos costs one page.
   */
  since?: Date | number;
  /**
   * Called with a {@link DisplayCheckpoint} after each page's videos were emitted (the same
   * checkpoint is an `onEvent` `checkpoint` event). A throw fails the stream.
   */
  onCheckpoint?: (checkpoint: DisplayCheckpoint) => void;
}

/** A Display API client, made by `createDisplayClient`. */
export interface DisplayClient {
  readonly apiVersion: DisplayApiVersion;
  /** The creator's videos, newest first, every page followed to the end. */
  videos(options?: DisplayVideosOptions): Observable<Video>;
}

/** The real hosts of each Display API version, used when `baseUrl` is not given. */
export const DISPLAY_DEFAULT_BASE_URLS: Readonly<Record<DisplayApiVersion, string>> = {
  v1: 'https://open-api.tiktok.com',
  v2: 'https://open.tiktokapis.com',
};

/** The most videos the Display API returns in one page (`max_count`). */
export const DISPLAY_MAX_COUNT = 20;

/** `since` above this is surely milliseconds, not seconds (it would be the year 5138). */
const MAX_UNIX_SECONDS = 1e11;

/** What a client builds on its first subscription, once its options passed. */
interface DisplaySetup {
  apiVersion: DisplayApiVersion;
  baseUrl: string;
  requester: Requester;
  tokens: DisplayTokens;
}

/**
 * A TikTok Display API client. Nothing is checked or sent until a stream is subscribed; bad
 * options fail that subscription with `bad_request` before any request.
 */
export function createDisplayClient(options: DisplayClientOptions): DisplayClient {
  // Built on the first subscription whose options pass, then shared by every stream: one
  // token source, so a renewed token serves them all.
  let setup: DisplaySetup | undefined;
  const setUp = (): DisplaySetup => {
    setup ??= setUpClient(options);
    return setup;
  };

  const videos = (videoOptions: DisplayVideosOptions = {}): Observable<Video> =>
    defer(() => videoStream(setUp(), options, validateVideosOptions(videoOptions)));

  return {
    // As given; checked when a stream is subscribed.
    apiVersion: (options as Partial<DisplayClientOptions> | undefined)
      ?.apiVersion as DisplayApiVersion,
    videos,
  };
}

/** One `videos()` stream: pages of video/list, each sent with a token the platform renews. */
function videoStream(
  { apiVersion, baseUrl, requester, tokens }: DisplaySetup,
  options: DisplayClientOptions,
  request: ValidVideosRequest,
): Observable<Video> {
  const page = apiVersion === 'v1' ? v1Page : v2Page;
  const send = (token: string, cursor: number | undefined): Observable<JsonResponse> =>
    requester(
      apiVersion === 'v1'
        ? {
            method: 'POST',
            url: `${baseUrl}/video/list/?access_token=${encodeURIComponent(token)}`,
            json: withCursor({ fields: request.fields, max_count: request.maxCount }, cursor),
            secrets: tokens.secrets(),
          }
        : {
            method: 'POST',
            url: `${baseUrl}/v2/video/list/?fields=${request.fields.join(',')}`,
            headers: { authorization: `Bearer ${token}` },
            json: withCursor({ max_count: request.maxCount }, cursor),
            secrets: tokens.secrets(),
          },
      apiVersion === 'v1' ? readDisplayV1Error : readTikTokError,
    );

  const all = cursorPages<Video, number>({
    source: 'display',
    first: request.cursor,
    // An expired or revoked token is renewed and the same page sent again.
    fetchPage: (cursor) =>
      sendWithToken(tokens.tokens, (token) => send(token, cursor)).pipe(
        map((response) => {
          const { records, next } = page(response);
          const items = records.map((record) => normalizeDisplayVideo(record, options.username));
          return { items, next };
        }),
      ),
    onCheckpoint: request.onCheckpoint,
    onEvent: options.onEvent,
    cursorKey: (cursor) => String(cursor),
  });
  const sinceSec = request.sinceSec;
  if (sinceSec === undefined) return all;
  // Newest first: the first older video means every later one is older too.
  return all.pipe(takeWhile((video) => (video.createTime ?? Infinity) >= sinceSec));
}

/** Checks the factory's options (throws `bad_request`) and builds what every stream shares. */
function setUpClient(options: DisplayClientOptions): DisplaySetup {
  validateOptionsObject(options, 'createDisplayClient options');
  validateCommonOptions(options);
  validateClientOptions(options);
  const apiVersion = options.apiVersion;
  const baseUrl =
    options.baseUrl === undefined
      ? DISPLAY_DEFAULT_BASE_URLS[apiVersion]
      : validateBaseUrl(options.baseUrl, 'baseUrl');
  const common = pickCommonOptions(options);
  const tokens = displayTokens({
    accessToken: options.accessToken,
    provider: options.getAccessToken,
    onEvent: options.onEvent,
    refresh:
      options.refreshToken !== undefined &&
      options.clientKey !== undefined &&
      options.clientSecret !== undefined
        ? {
            refreshToken: options.refreshToken,
            clientKey: options.clientKey,
            clientSecret: options.clientSecret,
            tokenUrl: `${baseUrl}/v2/oauth/token/`,
            // Token requests are not video/list requests: they do not spend the limiter's permits.
            requester: createRequester({ ...withoutLimiter(common), source: 'display' }),
            ...(options.onTokenRefresh === undefined
              ? {}
              : { onTokenRefresh: options.onTokenRefresh }),
          }
        : undefined,
  });
  return {
    apiVersion,
    baseUrl,
    requester: createRequester({ ...common, source: 'display' }),
    tokens,
  };
}

interface ParsedPage {
  records: DisplayVideoRecord[];
  next: number | undefined;
}

function v1Page(response: JsonResponse): ParsedPage {
  const parsed = displayV1PageSchema.safeParse(response.body);
  if (!parsed.success) throw notDocumentedShape('Display v1 video/list page', parsed.error.issues);
  const data = parsed.data.data;
  return { records: data.video_list ?? [], next: nextCursor(data.has_more, data.cursor) };
}

function v2Page(response: JsonResponse): ParsedPage {
  const parsed = displayV2PageSchema.safeParse(response.body);
  if (!parsed.success) throw notDocumentedShape('Display v2 video/list page', parsed.error.issues);
  const data = parsed.data.data;
  return { records: data.videos ?? [], next: nextCursor(data.has_more, data.cursor) };
}

function nextCursor(hasMore: boolean, cursor: number | null | undefined): number | undefined {
  if (!hasMore) return undefined;
  if (cursor === undefined || cursor === null) {
    throw new TikrxError({
      kind: 'invalid_response',
      message: 'Display video/list said has_more without a cursor',
      retryable: false,
    });
  }
  return cursor;
}

function withCursor<T extends object>(
  body: T,
  cursor: number | undefined,
): T & { cursor?: number } {
  return cursor === undefined ? body : { ...body, cursor };
}

function withoutLimiter(options: CommonClientOptions): CommonClientOptions {
  const { limiter: _limiter, ...rest } = options;
  return rest;
}

const isNonEmptyString = (value: unknown): value is string =>
  typeof value === 'string' && value.trim() !== '';

const REFRESH_PARTS = ['refreshToken', 'clientKey', 'clientSecret'] as const;

function validateClientOptions(options: DisplayClientOptions): void {
  if (options.apiVersion !== 'v1' && options.apiVersion !== 'v2') {
    throw badRequest(`apiVersion must be 'v1' or 'v2', got ${describeValue(options.apiVersion)}`);
  }
  const refreshGiven = REFRESH_PARTS.some((part) => options[part] !== undefined);
  if (refreshGiven) {
    if (options.apiVersion !== 'v2') {
      throw badRequest(
        'refreshToken/clientKey/clientSecret refresh through /v2/oauth/token/ and need apiVersion v2; for v1 pass getAccessToken',
      );
    }
    for (const part of REFRESH_PARTS) {
      if (options[part] === undefined) {
        throw badRequest(
          `The refresh flow needs ${part} too (refreshToken, clientKey and clientSecret)`,
        );
      }
      validateCredential(options[part], part);
    }
  }
  if (options.accessToken !== undefined) validateCredential(options.accessToken, 'accessToken');
  if (options.getAccessToken !== undefined && typeof options.getAccessToken !== 'function') {
    throw badRequest('getAccessToken must be a function');
  }
  if (options.accessToken === undefined && options.getAccessToken === undefined && !refreshGiven) {
    throw badRequest(
      'Display needs credentials: accessToken, getAccessToken, or (v2) refreshToken with clientKey and clientSecret',
    );
  }
  if (options.onTokenRefresh !== undefined && typeof options.onTokenRefresh !== 'function') {
    throw badRequest('onTokenRefresh must be a function');
  }
  if (options.username !== undefined && !isNonEmptyString(options.username)) {
    throw badRequest('username must be a non-empty string when given');
  }
}

interface ValidVideosRequest {
  fields: DisplayVideoField[];
  maxCount: number;
  cursor: number | undefined;
  sinceSec: number | undefined;
  onCheckpoint: ((checkpoint: DisplayCheckpoint) => void) | undefined;
}

function validateVideosOptions(options: DisplayVideosOptions): ValidVideosRequest {
  validateOptionsObject(options, 'videos options');
  const maxCount = options.maxCount ?? DISPLAY_MAX_COUNT;
  if (!Number.isInteger(maxCount) || maxCount < 1 || maxCount > DISPLAY_MAX_COUNT) {
    throw badRequest(
      `maxCount must be an integer from 1 to ${DISPLAY_MAX_COUNT}, got ${describeValue(maxCount)}`,
    );
  }
  if (
    options.cursor !== undefined &&
    (!Number.isSafeInteger(options.cursor) || options.cursor < 0)
  ) {
    throw badRequest(
      `cursor must be a non-negative integer (a UTC timestamp in ms), got ${describeValue(options.cursor)}`,
    );
  }
  let sinceSec: number | undefined;
  if (options.since instanceof Date) {
    const ms = options.since.getTime();
    if (Number.isNaN(ms)) throw badRequest('since is an invalid Date');
    sinceSec = Math.floor(ms / 1000);
  } else if (options.since !== undefined) {
    if (typeof options.since !== 'number' || !Number.isFinite(options.since) || options.since < 0) {
      throw badRequest(`since must be a Date or Unix seconds, got ${describeValue(options.since)}`);
    }
    if (options.since > MAX_UNIX_SECONDS) {
      throw badRequest(`since is Unix seconds; ${options.since} looks like milliseconds`);
    }
    sinceSec = options.since;
  }
  const requested = options.fields ?? DISPLAY_VIDEO_FIELDS;
  if (!Array.isArray(requested) || requested.length === 0) {
    throw badRequest('fields must be a non-empty array of Display VideoObject fields');
  }
  const unknown = requested.filter(
    (field) => !(DISPLAY_VIDEO_FIELDS as readonly string[]).includes(field),
  );
  if (unknown.length > 0) {
    throw badRequest(
      `Unknown Display fields: ${unknown.map(describeValue).join(', ')} (documented: ${DISPLAY_VIDEO_FIELDS.join(', ')})`,
    );
  }
  if (options.onCheckpoint !== undefined && typeof options.onCheckpoint !== 'function') {
    throw badRequest('onCheckpoint must be a function');
  }
  const fields = new Set<DisplayVideoField>(['id', ...requested]);
  if (sinceSec !== undefined) fields.add('create_time');
  return {
    fields: [...fields],
    maxCount,
    cursor: options.cursor,
    sinceSec,
    onCheckpoint: options.onCheckpoint,
  };
}
