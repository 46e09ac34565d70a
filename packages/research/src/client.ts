import {
  type CommonClientOptions,
  isTikrxError,
  type JsonResponse,
  paginate,
  type RateLimiter,
  type RetryOptions,
  type TikrxError,
  type TikrxEvent,
  type Video,
} from '@tikrx/core';
import {
  badRequest,
  notDocumentedShape,
  type ShapeIssue,
  validateBaseUrl,
  validateCommonOptions,
  validateOptionsObject,
} from '@tikrx/core/internal';
import { createRequester, isRetriedByDefault, type Requester } from '@tikrx/operators/internal';
import { sendWithToken, type TokenSource } from '@tikrx/tiktok-platform';
import {
  catchError,
  concat,
  defer,
  EMPTY,
  from,
  map,
  mergeMap,
  Observable,
  type Subscription,
  tap,
  throwError,
} from 'rxjs';
import { isInvalidCursor, isSearchExpired, readResearchError } from './api-error.js';
import { researchTokenSource } from './auth.js';
import {
  type CheckpointWindow,
  crawlKey,
  type ResearchCheckpoint,
  readCheckpoint,
} from './checkpoint.js';
import {
  type DayInput,
  type DayRange,
  DEFAULT_WINDOW_DAYS,
  dayNumberOf,
  formatDay,
  halvesOf,
  MAX_WINDOW_DAYS,
  windowsOf,
} from './dates.js';
import { type MoreEndpoints, moreEndpoints } from './more-endpoints.js';
import { normalizeResearchVideos } from './normalize.js';
import { type ResearchQuery, validateQuery } from './query.js';
import {
  REPOSTED_VIDEO_FIELDS,
  type RepostedVideoField,
  repostedVideosPageSchema,
  VIDEO_QUERY_FIELDS,
  type VideoQueryField,
  videoQueryPageSchema,
} from './schema.js';
import { validateUsername } from './username.js';

export const DEFAULT_BASE_URL = 'https://open.tiktokapis.com';
/** Per request; the API's own default is 20, and every request counts against 1,000 a day. */
export const DEFAULT_MAX_COUNT = 100;
export const DEFAULT_CONCURRENCY = 4;
const MAX_COUNT_LIMIT = 100;
/** Retries of a page whose search_id expired before the window searches afresh. */
const SEARCH_EXPIRED_RETRIES = 1;
/** Fresh searches a window may start in a row without getting a page through. */
const SEARCH_RESTARTS_PER_WINDOW = 5;

export interface ResearchClientOptions extends CommonClientOptions {
  /** Client credentials (`TIKTOK_CLIENT_KEY` / `TIKTOK_CLIENT_SECRET`); or bring an `accessToken`. */
  clientKey?: string | undefined;
  clientSecret?: string | undefined;
  /** A client access token you manage (it cannot be renewed on expiry). */
  accessToken?: string | undefined;
  /** Default `https://open.tiktokapis.com`. */
  baseUrl?: string;
  /** Clock for token expiry, ms since the epoch. Default `Date.now`. */
  now?: () => number;
  /**
   * The limiter of followers and following requests, which have their own daily quota
   * (20,000 calls; `RATE_LIMIT_PRESETS.researchSocialGraph`). Default: `limiter`.
   */
  socialGraphLimiter?: RateLimiter;
}

/** What both endpoints take to resume and report progress. */
export interface CrawlOptions {
  /** A checkpoint this crawl reported earlier: continue from there. */
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
  /** Windows fetched at once; default 4. */
  concurrency?: number;
  /**
   * Days per window, 1–31; default 30 (the API's limit). Every window ends on a short last
   * page, so smaller windows spend more of the daily quota; choose them to give `concurrency`
   * enough windows (90 days at concurrency 8: `windowDays: 12`).
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
  /** Videos matching `query` between two days, windowed, concurrent and resumable. */
  queryVideos(options: QueryVideosOptions): Observable<Video>;
  /** Videos `username` reposted. */
  repostedVideos(username: string, options?: RepostedVideosOptions): Observable<Video>;
}

/** One page as the crawl reads it: its items (videos, comments, users), and where the next one starts. */
export interface CrawlPage<T = Video> {
  videos: T[];
  next: { cursor: number; searchId?: string } | undefined;
}

/** A window being crawled, with what the checkpoint needs. */
export interface WindowRun {
  range?: DayRange;
  /** The video or user this window reads, in a crawl over several (comments of many videos). */
  target?: string;
  cursor: number;
  searchId?: string;
  /** Every id this window emitted in this process (and those a resumed checkpoint listed). */
  seen: Set<string>;
  lastPageIds: string[];
  /** Ids emitted of the page in progress. */
  pageIds: string[];
  /**
   * The oldest day this window emitted a video of, and the ids emitted of that day. Results
   * come newest first, so what is left of the window is `start..boundaryDay`: a fresh search
   * (the API takes cursor > 0 only with its search_id) narrows to it instead of starting over.
   */
  boundaryDay?: number;
  boundaryIds: string[];
}

export type FetchPage<T = Video> = (
  run: WindowRun,
  cursor: number,
  searchId: string | undefined,
) => Observable<CrawlPage<T>>;

/** What a client builds on its first subscription, once its options passed. */
export interface ResearchSetup {
  baseUrl: string;
  requester: Requester;
  /** Followers and following: their own quota, so their own limiter. */
  socialGraphRequester: Requester;
  tokens: TokenSource;
}

/**
 * The Research API client: `queryVideos` and `repostedVideos` as Observables of `Video`.
 * Nothing is checked or sent until a stream is subscribed; bad options fail that
 * subscription with `bad_request` before any request.
 */
export function createResearchClient(options: ResearchClientOptions): ResearchClient {
  // Built on the first subscription whose options pass, then shared by every stream: one
  // token for all windows and streams.
  let setup: ResearchSetup | undefined;
  const setUp = (): ResearchSetup => {
    setup ??= setUpClient(options);
    return setup;
  };
  const emit = (event: TikrxEvent) => options.onEvent?.(event);

  /** POSTs one page with the current token; a refused token is renewed and the page sent again. */
  const post = (
    url: string,
    body: unknown,
    tokens: TokenSource,
    requester = setUp().requester,
  ): Observable<JsonResponse> =>
    sendWithToken(tokens, (token) =>
      requester(
        { method: 'POST', url, headers: { authorization: `Bearer ${token}` }, json: body },
        readResearchError,
      ),
    );

  return {
    ...moreEndpoints({ setUp, post, emit }),
    queryVideos: (query) =>
      defer(() => {
        const { baseUrl, tokens: provider } = setUp();
        const request = validateQueryOptions(query);
        const url = `${baseUrl}/v2/research/video/query/?fields=${request.fields.join(',')}`;
        const fetchPage: FetchPage = (run, cursor, searchId) => {
          const range = run.range as DayRange;
          const body = {
            query: request.query,
            start_date: range.start,
            end_date: range.end,
            max_count: request.maxCount,
            cursor,
            ...(searchId === undefined ? {} : { search_id: searchId }),
            ...(request.isRandom === undefined ? {} : { is_random: request.isRandom }),
          };
          return post(url, body, provider).pipe(
            map((response) => {
              const page = parsePage(videoQueryPageSchema, response.body, 'video query');
              const videos = normalizeResearchVideos(
                page.data.videos ?? [],
                sentList(response.body, 'videos'),
              );
              const nextSearchId = page.data.search_id || searchId;
              return {
                videos,
                next: page.data.has_more
                  ? {
                      cursor: page.data.cursor ?? cursor + request.maxCount,
                      ...(nextSearchId === undefined ? {} : { searchId: nextSearchId }),
                    }
                  : undefined,
              };
            }),
          );
        };
        const key = crawlKey({
          query: request.query,
          range: request.range,
          fields: request.fields,
          maxCount: request.maxCount,
          isRandom: request.isRandom,
        });
        const checkpoint =
          query.checkpoint === undefined
            ? undefined
            : readCheckpoint(query.checkpoint, 'video_query', key);
        const windows: CheckpointWindow[] =
          checkpoint?.windows ??
          windowsOf(request.range, request.windowDays).map((range) => ({
            ...range,
            cursor: 0,
            seenIds: [],
          }));
        return crawl({
          kind: 'video_query',
          key,
          done: checkpoint?.done ?? [],
          windows,
          concurrency: request.concurrency,
          fetchPage,
          emit,
          ...(query.onCheckpoint === undefined ? {} : { onCheckpoint: query.onCheckpoint }),
        });
      }),

    repostedVideos: (username, reposts = {}) =>
      defer(() => {
        const { baseUrl, tokens: provider } = setUp();
        const request = validateRepostsOptions(username, reposts);
        const url = `${baseUrl}/v2/research/user/reposted_videos/?fields=${request.fields.join(',')}`;
        const fetchPage: FetchPage = (_run, cursor) =>
          post(
            url,
            { username: request.username, max_count: request.maxCount, cursor },
            provider,
          ).pipe(
            map((response) => {
              const page = parsePage(repostedVideosPageSchema, response.body, 'reposted videos');
              const key =
                page.data.reposted_videos === undefined
                  ? 'user_reposted_videos'
                  : 'reposted_videos';
              return {
                videos: normalizeResearchVideos(page.data[key] ?? [], sentList(response.body, key)),
                next: page.data.has_more
                  ? { cursor: page.data.cursor ?? cursor + request.maxCount }
                  : undefined,
              };
            }),
          );
        const key = crawlKey({
          username: request.username,
          fields: request.fields,
          maxCount: request.maxCount,
        });
        const checkpoint =
          reposts.checkpoint === undefined
            ? undefined
            : readCheckpoint(reposts.checkpoint, 'reposted_videos', key);
        return crawl({
          kind: 'reposted_videos',
          key,
          done: checkpoint?.done ?? [],
          windows: checkpoint?.windows ?? [{ cursor: 0, seenIds: [] }],
          concurrency: 1,
          fetchPage,
          emit,
          ...(reposts.onCheckpoint === undefined ? {} : { onCheckpoint: reposts.onCheckpoint }),
        });
      }),
  };
}

/** Checks the factory's options (throws `bad_request`) and builds what every stream shares. */
function setUpClient(options: ResearchClientOptions): ResearchSetup {
  validateOptionsObject(options, 'createResearchClient options');
  validateCommonOptions(options);
  const baseUrl =
    options.baseUrl === undefined ? DEFAULT_BASE_URL : validateBaseUrl(options.baseUrl, 'baseUrl');
  if (options.now !== undefined && typeof options.now !== 'function') {
    throw badRequest('now must be a function returning ms since the epoch');
  }
  const userRetry = options.retry;
  const retry: RetryOptions | false =
    userRetry === false
      ? false
      : {
          // The client's clock also tells when the daily quota resets (waitForQuotaReset).
          ...(options.now === undefined ? {} : { now: options.now }),
          ...userRetry,
          shouldRetry: (error, attempt) => {
            // The API's search cache is flaky: a short wait often brings the search back.
            if (isSearchExpired(error)) return attempt <= SEARCH_EXPIRED_RETRIES;
            if (isInvalidCursor(error)) return true;
            return userRetry?.shouldRetry?.(error, attempt) ?? isRetriedByDefault(error);
          },
        };
  const { limiter: _limiter, socialGraphLimiter, ...withoutLimiter } = options;
  const tokens = researchTokenSource(options, {
    tokenUrl: `${baseUrl}/v2/oauth/token/`,
    // The token endpoint is no Research request: it does not spend the limiter's quota.
    requester: createRequester({ ...withoutLimiter, retry, source: 'research' }),
    onEvent: options.onEvent,
    now: options.now,
  });
  const { socialGraphLimiter: _social, ...withoutSocialGraphLimiter } = options;
  const requester = createRequester({ ...withoutSocialGraphLimiter, retry, source: 'research' });
  return {
    baseUrl,
    requester,
    socialGraphRequester:
      socialGraphLimiter === undefined
        ? requester
        : createRequester({
            ...withoutSocialGraphLimiter,
            limiter: socialGraphLimiter,
            retry,
            source: 'research',
          }),
    tokens,
  };
}

export interface CrawlSpec<T = Video> {
  kind: ResearchCheckpoint['kind'];
  key: string;
  done: ResearchCheckpoint['done'];
  windows: CheckpointWindow[];
  concurrency: number;
  fetchPage: FetchPage<T>;
  emit: (event: TikrxEvent) => void;
  onCheckpoint?: (checkpoint: ResearchCheckpoint) => void;
  /** An item's identity, for the crawl's own duplicate drop. Default: its `id`. */
  idOf?: (item: T) => string;
  /**
   * Whether an error ends only its window (reported by the caller, e.g. a video whose comments
   * may not be disclosed, in a crawl over many) rather than the crawl. Default: never.
   */
  endsWindowOnly?: (error: TikrxError, run: WindowRun) => boolean;
}

/**
 * Runs windows concurrently, each paginated from its cursor, and keeps the checkpoint:
 * reported after every page and once more when the stream stops early (unsubscribed or
 * failed), then exact to the video.
 */
export function crawl<T = Video>(spec: CrawlSpec<T>): Observable<T> {
  const idOf = spec.idOf ?? ((item: T) => (item as { id: string }).id);
  const done = [...spec.done];
  const runs: WindowRun[] = spec.windows.map((window) => ({
    ...(window.start === undefined || window.end === undefined
      ? {}
      : { range: { start: window.start, end: window.end } }),
    ...(window.target === undefined ? {} : { target: window.target }),
    cursor: window.cursor,
    ...(window.searchId === undefined ? {} : { searchId: window.searchId }),
    seen: new Set(window.seenIds),
    lastPageIds: [],
    pageIds: [],
    ...(window.boundaryDay === undefined ? {} : { boundaryDay: dayNumberOf(window.boundaryDay) }),
    // Until this run moves past that day, what the checkpoint said was emitted still is.
    boundaryIds: [...window.seenIds],
  }));

  const snapshot = (): ResearchCheckpoint => ({
    version: 1,
    kind: spec.kind,
    key: spec.key,
    done: done.map((range) => ({ ...range })),
    windows: runs.map((run) => ({
      ...run.range,
      ...(run.target === undefined ? {} : { target: run.target }),
      cursor: run.cursor,
      ...(run.searchId === undefined ? {} : { searchId: run.searchId }),
      ...(run.boundaryDay === undefined ? {} : { boundaryDay: formatDay(run.boundaryDay) }),
      seenIds: [...new Set([...run.boundaryIds, ...run.lastPageIds, ...run.pageIds])],
    })),
  });
  const report = () => {
    const checkpoint = snapshot();
    spec.onCheckpoint?.(checkpoint);
    spec.emit({ type: 'checkpoint', source: 'research', checkpoint });
  };

  /**
   * The last report of a stream that is failing or was unsubscribed. A listener that throws
   * here has no stream left to fail (and a throw from an error handler or a teardown would
   * escape RxJS as an uncaught exception): the stream's own error, if any, stands.
   */
  const reportQuietly = () => {
    try {
      report();
    } catch {
      // Ignored on purpose: see above.
    }
  };

  const finish = (run: WindowRun) => {
    const at = runs.indexOf(run);
    if (at !== -1) runs.splice(at, 1);
    done.push({ ...run.range, ...(run.target === undefined ? {} : { target: run.target }) });
  };

  const pagesOf = (run: WindowRun): Observable<T> =>
    paginate<T, { cursor: number; searchId?: string }>({
      first: {
        cursor: run.cursor,
        ...(run.searchId === undefined ? {} : { searchId: run.searchId }),
      },
      fetchPage: (at) =>
        spec.fetchPage(run, at.cursor, at.searchId).pipe(
          map((page) => {
            // A restarted search, a resumed page or a split window may hand back videos
            // this window already emitted: drop them here, before they reach anyone.
            const inPage = new Set<string>();
            const items = page.videos.filter((item) => {
              const id = idOf(item);
              if (run.seen.has(id) || inPage.has(id)) return false;
              inPage.add(id);
              return true;
            });
            const dropped = page.videos.length - items.length;
            if (dropped > 0) spec.emit({ type: 'duplicate', source: 'research', count: dropped });
            spec.emit({
              type: 'page',
              source: 'research',
              videos: items.length,
              hasMore: page.next !== undefined,
            });
            return { items, next: page.next };
          }),
        ),
      onPage: (page) => {
        run.lastPageIds = run.pageIds;
        run.pageIds = [];
        if (page.next === undefined) {
          finish(run);
        } else {
          run.cursor = page.next.cursor;
          if (page.next.searchId === undefined) delete run.searchId;
          else run.searchId = page.next.searchId;
        }
        report();
      },
      // has_more with a cursor that did not move is the API's bug; paginate stops on it.
      cursorKey: (at) => String(at.cursor),
    }).pipe(
      tap((item) => {
        const id = idOf(item);
        run.seen.add(id);
        run.pageIds.push(id);
        // Only video query windows have a range; their items are videos.
        const day = run.range === undefined ? undefined : dayOfVideo(item as Video, run.range);
        if (day === undefined) return;
        if (run.boundaryDay === undefined || day < run.boundaryDay) {
          run.boundaryDay = day;
          run.boundaryIds = [id];
        } else if (day === run.boundaryDay) {
          run.boundaryIds.push(id);
        }
      }),
    );

  /** What is left of a window that must search afresh: its range, narrowed when it can be. */
  const remainderOf = (run: WindowRun): DayRange | undefined => {
    if (run.range === undefined) return undefined;
    if (run.boundaryDay === undefined) {
      // Nothing emitted (or no day known): start over; `seen` drops what was emitted.
      if (run.seen.size > 0) run.boundaryIds = [...run.seen];
      return run.range;
    }
    return { start: run.range.start, end: formatDay(run.boundaryDay) };
  };

  const crawlWindow = (run: WindowRun, restarts = 0): Observable<T> => {
    const cursorBefore = run.cursor;
    return pagesOf(run).pipe(
      catchError((error: unknown) => {
        if (!isTikrxError(error)) return throwError(() => error);
        if (spec.endsWindowOnly?.(error, run) === true) {
          finish(run);
          report();
          return EMPTY;
        }
        const progressed = run.cursor !== cursorBefore;
        const restartsSoFar = progressed ? 0 : restarts;
        const searchLost = isSearchExpired(error) || isInvalidCursor(error);
        if (searchLost && run.range !== undefined && restartsSoFar < SEARCH_RESTARTS_PER_WINDOW) {
          // The search behind search_id is gone and the API takes cursor > 0 only with one:
          // search afresh from cursor 0 over what is left of the window. Results come newest
          // first, so that is start..(oldest day emitted); `seen` drops that day's repeats.
          const remainder = remainderOf(run) as DayRange;
          run.range = remainder;
          run.cursor = 0;
          delete run.searchId;
          run.lastPageIds = [];
          report();
          return crawlWindow(run, restartsSoFar + 1);
        }
        const remainder = error.kind === 'server' && !searchLost ? remainderOf(run) : undefined;
        const halves = remainder === undefined ? undefined : halvesOf(remainder);
        if (halves !== undefined) {
          // A window that keeps failing with 5xx is too heavy for the API: crawl it as two.
          const children: WindowRun[] = halves.map((range) => {
            const holdsBoundary =
              run.boundaryDay === undefined || dayNumberOf(range.end) >= run.boundaryDay;
            return {
              range,
              cursor: 0,
              seen: run.seen,
              lastPageIds: [],
              pageIds: [],
              ...(holdsBoundary && run.boundaryDay !== undefined
                ? { boundaryDay: run.boundaryDay }
                : {}),
              boundaryIds: holdsBoundary ? [...run.boundaryIds] : [],
            };
          });
          const at = runs.indexOf(run);
          if (at !== -1) runs.splice(at, 1, ...children);
          report();
          return concat(...children.map((child) => crawlWindow(child)));
        }
        return throwError(() => error);
      }),
    );
  };

  return new Observable<T>((subscriber) => {
    let finished = false;
    const subscription: Subscription = from([...runs])
      .pipe(mergeMap((run) => crawlWindow(run), spec.concurrency))
      .subscribe({
        next: (video) => subscriber.next(video),
        error: (error: unknown) => {
          finished = true;
          reportQuietly();
          subscriber.error(error);
        },
        complete: () => {
          finished = true;
          subscriber.complete();
        },
      });
    return () => {
      subscription.unsubscribe();
      // Stopped early: the checkpoint now knows exactly which videos of the open pages went out.
      if (!finished) reportQuietly();
    };
  });
}

interface ValidatedQuery {
  query: ResearchQuery;
  range: DayRange;
  fields: string[];
  maxCount: number;
  isRandom?: boolean;
  concurrency: number;
  windowDays: number;
}

function validateQueryOptions(options: QueryVideosOptions): ValidatedQuery {
  validateOptionsObject(options, 'queryVideos options');
  validateOnCheckpoint(options.onCheckpoint);
  const query = validateQuery(options.query);
  if (options.startDate === undefined) throw badRequest('startDate is required');
  if (options.endDate === undefined) throw badRequest('endDate is required');
  const first = dayNumberOf(options.startDate, 'startDate');
  const last = dayNumberOf(options.endDate, 'endDate');
  if (last < first) {
    throw badRequest(`endDate ${formatDay(last)} is before startDate ${formatDay(first)}`);
  }
  const range = { start: formatDay(first), end: formatDay(last) };
  const concurrency = positiveInteger(options.concurrency, DEFAULT_CONCURRENCY, 'concurrency');
  const windowDays = positiveInteger(options.windowDays, DEFAULT_WINDOW_DAYS, 'windowDays');
  if (windowDays > MAX_WINDOW_DAYS) {
    throw badRequest(
      `windowDays must be at most ${MAX_WINDOW_DAYS} (the API allows 30 days after start_date)`,
    );
  }
  if (options.isRandom !== undefined && typeof options.isRandom !== 'boolean') {
    throw badRequest('isRandom must be a boolean');
  }
  return {
    query,
    range,
    fields: validateFields(options.fields, VIDEO_QUERY_FIELDS),
    maxCount: validateMaxCount(options.maxCount),
    ...(options.isRandom === undefined ? {} : { isRandom: options.isRandom }),
    concurrency,
    windowDays,
  };
}

function validateRepostsOptions(
  username: string,
  options: RepostedVideosOptions,
): { username: string; fields: string[]; maxCount: number } {
  const name = validateUsername(username, 'username');
  validateOptionsObject(options, 'repostedVideos options');
  validateOnCheckpoint(options.onCheckpoint);
  return {
    username: name,
    fields: validateFields(options.fields, REPOSTED_VIDEO_FIELDS),
    maxCount: validateMaxCount(options.maxCount),
  };
}

/** The documents spell favourites_count both ways; the `fields` parameter takes this one. */
const FIELD_ALIASES: Readonly<Record<string, string>> = { favorites_count: 'favourites_count' };

export function validateFields(
  fields: readonly string[] | undefined,
  allowed: readonly string[],
  defaults: readonly string[] = allowed,
): string[] {
  if (fields === undefined) return [...defaults];
  if (!Array.isArray(fields) || fields.length === 0)
    throw badRequest('fields must be a non-empty list');
  const out: string[] = [];
  for (const field of fields) {
    const name = typeof field === 'string' ? (FIELD_ALIASES[field] ?? field) : field;
    if (typeof name !== 'string' || !allowed.includes(name)) {
      throw badRequest(`unknown field ${JSON.stringify(field)}; fields are ${allowed.join(', ')}`);
    }
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

export function validateMaxCount(maxCount: number | undefined): number {
  if (maxCount === undefined) return DEFAULT_MAX_COUNT;
  if (!Number.isInteger(maxCount) || maxCount < 1 || maxCount > MAX_COUNT_LIMIT) {
    throw badRequest(`maxCount must be an integer from 1 to ${MAX_COUNT_LIMIT}; got ${maxCount}`);
  }
  return maxCount;
}

export function validateOnCheckpoint(onCheckpoint: unknown): void {
  if (onCheckpoint !== undefined && typeof onCheckpoint !== 'function') {
    throw badRequest('onCheckpoint must be a function');
  }
}

export function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1)
    throw badRequest(`${name} must be a positive integer; got ${value}`);
  return value;
}

export function parsePage<T>(
  schema: {
    safeParse(
      body: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: readonly ShapeIssue[] } };
  },
  body: unknown,
  what: string,
): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw notDocumentedShape(`The Research ${what} page`, parsed.error.issues);
}

/**
 * The UTC day a video was created: `createTime` when asked for, else the id's top 32 bits
 * (TikTok ids carry their creation second there). Undefined when neither falls in `range`.
 */
function dayOfVideo(video: Video, range: DayRange): number | undefined {
  let seconds = video.createTime;
  if (seconds === undefined && /^\d{1,20}$/.test(video.id))
    seconds = Number(BigInt(video.id) >> 32n);
  if (seconds === undefined) return undefined;
  const day = Math.floor(seconds / 86_400);
  const { first, last } = dayBoundsOf(range);
  return day >= first && day <= last ? day : undefined;
}

/** A window's first and last day numbers, parsed once per window rather than once per video. */
const dayBounds = new WeakMap<DayRange, { first: number; last: number }>();
function dayBoundsOf(range: DayRange): { first: number; last: number } {
  let bounds = dayBounds.get(range);
  if (bounds === undefined) {
    bounds = { first: dayNumberOf(range.start), last: dayNumberOf(range.end) };
    dayBounds.set(range, bounds);
  }
  return bounds;
}

/** A page's records as the API sent them (validation strips members), kept as `raw`. */
export function sentList(body: unknown, key: string): readonly unknown[] {
  const data = (body as { data?: Record<string, unknown> } | undefined)?.data;
  const list = data?.[key];
  return Array.isArray(list) ? list : [];
}
