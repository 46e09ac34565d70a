import {
  type CommonClientOptions,
  type JsonResponse,
  type Page,
  paginate,
  TikrxError,
  type Video,
  withoutUndefined,
} from '@tikrx/core';
import { createRequester } from '@tikrx/operators';
import {
  catchError,
  concat,
  defer,
  ignoreElements,
  map,
  type Observable,
  of,
  throwError,
} from 'rxjs';
import { handlePathSegment } from './handle.js';
import { normalizeSocialFetchVideo } from './normalize.js';
import { readSocialFetchError } from './read-api-error.js';
import {
  type ProfileLookupStatus,
  type SocialFetchVideoRecord,
  socialFetchProfileSchema,
  socialFetchVideosPageSchema,
} from './schema.js';

export interface SocialFetchClientOptions extends CommonClientOptions {
  /** Your Social Fetch API key (`sfk_...`), sent as `x-api-key`. */
  apiKey: string;
  /** Default `https://api.socialfetch.dev`. */
  baseUrl?: string;
  /** Default budget of each stream; see {@link ProfileVideosOptions.maxCredits}. */
  maxCredits?: number;
  /**
   * What a request is assumed to cost before one was charged (then: the most a request of
   * this client was charged). Used by `maxCredits`. Default 1.
   */
  creditsPerRequest?: number;
}

export const SOCIALFETCH_SORT_ORDERS = ['latest', 'popular'] as const;
export type SocialFetchSortBy = (typeof SOCIALFETCH_SORT_ORDERS)[number];

export interface ProfileVideosOptions {
  /** `latest` or `popular`. Without it the API picks an order; pass it for a predictable one. */
  sortBy?: SocialFetchSortBy;
  /** Resume from a cursor a previous page returned. */
  cursor?: string;
  /** The TikTok user id, to speed the request up. */
  userId?: string;
  /** Country code the request is made from. */
  region?: string;
  /** Smaller answers without `details`. */
  trim?: boolean;
  /**
   * Look the profile up first (one extra, billed request): a private or unknown profile then
   * fails with `forbidden` (code `private_profile`) or `not_found` instead of an empty stream.
   */
  checkProfile?: boolean;
  /**
   * Credits this stream may spend (profile check included). A request that would take the
   * total above it is not sent: the stream fails with `quota_exhausted` (code
   * `max_credits`) after every video already paid for.
   */
  maxCredits?: number;
}

/** What `GET /v1/tiktok/profiles/{handle}` says about a handle. */
export interface Profile {
  /** The handle as you asked for it. */
  handle: string;
  lookupStatus: ProfileLookupStatus;
  /** TikTok user id, when the answer names it (`data.profile.userId`). */
  userId?: string;
  /** `data.profile.displayName`, when sent. */
  displayName?: string;
  /** The answer's `data`, as sent (the profile's other fields are there). */
  raw: unknown;
}

export interface SocialFetchClient {
  /** Every video of the profile, all pages followed. */
  profileVideos(handle: string, options?: ProfileVideosOptions): Observable<Video>;
  /** Whether the profile exists and is public (`found`, `private`, `not_found`). */
  profile(handle: string): Observable<Profile>;
}

export const SOCIALFETCH_DEFAULT_BASE_URL = 'https://api.socialfetch.dev';

/** Code of the `quota_exhausted` error a stream fails with when `maxCredits` would be exceeded. */
export const MAX_CREDITS_CODE = 'max_credits';

/**
 * A Social Fetch client. Nothing is sent until a stream is subscribed; bad input fails that
 * subscription with `bad_request` before any request.
 */
export function createSocialFetchClient(options: SocialFetchClientOptions): SocialFetchClient {
  const baseUrl = (options.baseUrl ?? SOCIALFETCH_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const requester = createRequester({ ...commonOptionsOf(options), source: 'socialfetch' });
  // Most a request of this client was charged, the estimate for the next one.
  let costEstimate = options.creditsPerRequest ?? 1;

  /** One budget per stream: `spend` before a request, `charge` after its answer. */
  const budgetOf = (maxCredits: number | undefined) => {
    let spent = 0;
    return {
      beforeRequest: (what: string) => {
        if (maxCredits !== undefined && spent + costEstimate > maxCredits) {
          throw new TikrxError({
            kind: 'quota_exhausted',
            code: MAX_CREDITS_CODE,
            message: `Stopped before ${what}: it would cost about ${costEstimate} credits, ${spent} of maxCredits ${maxCredits} are spent`,
            retryable: false,
          });
        }
      },
      charge: (credits: number) => {
        spent += credits;
        costEstimate = Math.max(costEstimate, credits);
        if (credits > 0) options.onEvent?.({ type: 'credits', source: 'socialfetch', credits });
      },
    };
  };

  const send = (path: string, query: URLSearchParams) => {
    const search = query.toString();
    return requester(
      {
        method: 'GET',
        url: `${baseUrl}${path}${search === '' ? '' : `?${search}`}`,
        headers: { 'x-api-key': options.apiKey },
        secrets: [options.apiKey],
      },
      readSocialFetchError,
    );
  };

  const lookUp = (
    handle: string,
    segment: string,
    budget: ReturnType<typeof budgetOf>,
  ): Observable<Profile> =>
    defer(() => {
      budget.beforeRequest(`the profile lookup of ${handle}`);
      return send(`/v1/tiktok/profiles/${segment}`, new URLSearchParams());
    }).pipe(
      map((response) => {
        const parsed = socialFetchProfileSchema.safeParse(response.body);
        if (!parsed.success) throw notDocumented('profile', parsed.error.issues);
        budget.charge(parsed.data.meta?.creditsCharged ?? 0);
        const data = parsed.data.data;
        const details = data.profile ?? undefined;
        return {
          handle,
          lookupStatus: data.lookupStatus,
          ...withoutUndefined({
            userId: details?.userId ?? undefined,
            displayName: details?.displayName ?? undefined,
          }),
          raw: data,
        };
      }),
      // Some answers say "not found" with a 404 rather than a lookupStatus.
      catchError((error: unknown) =>
        error instanceof TikrxError && error.kind === 'not_found' && error.status === 404
          ? of<Profile>({ handle, lookupStatus: 'not_found', raw: undefined })
          : throwError(() => error),
      ),
    );

  const profile = (handle: string): Observable<Profile> =>
    defer(() => {
      validateApiKey(options.apiKey);
      const segment = handlePathSegment(handle);
      return lookUp(handle, segment, budgetOf(undefined));
    });

  const profileVideos = (handle: string, videoOptions: ProfileVideosOptions = {}) =>
    defer(() => {
      validateApiKey(options.apiKey);
      const segment = handlePathSegment(handle);
      validateVideosOptions(videoOptions);
      const maxCredits = videoOptions.maxCredits ?? options.maxCredits;
      validateMaxCredits(maxCredits);
      validateCreditsPerRequest(options.creditsPerRequest);
      const budget = budgetOf(maxCredits);
      const query = (cursor: string | undefined) =>
        new URLSearchParams(
          withoutUndefined({
            sortBy: videoOptions.sortBy,
            cursor,
            userId: videoOptions.userId,
            region: videoOptions.region,
            trim: videoOptions.trim === undefined ? undefined : String(videoOptions.trim),
          }) as Record<string, string>,
        );

      const fetchPage = (
        cursor: string | undefined,
        pageIndex: number,
      ): Observable<Page<Video, string | undefined>> =>
        defer(() => {
          budget.beforeRequest(`page ${pageIndex + 1} of ${handle}'s videos`);
          return send(`/v1/tiktok/profiles/${segment}/videos`, query(cursor));
        }).pipe(
          map((response) => {
            const page = videosPage(response);
            budget.charge(page.creditsCharged);
            const items = page.records.map((record) => normalizeSocialFetchVideo(record, handle));
            options.onEvent?.({
              type: 'page',
              source: 'socialfetch',
              videos: items.length,
              hasMore: page.next !== undefined,
            });
            return { items, next: page.next };
          }),
        );

      const videos = paginate<Video, string | undefined>({
        first: videoOptions.cursor,
        fetchPage,
        cursorKey: (cursor) => cursor ?? '',
      });
      if (videoOptions.checkProfile !== true) return videos;
      const check = lookUp(handle, segment, budget).pipe(
        map((found) => {
          if (found.lookupStatus === 'not_found') {
            throw new TikrxError({
              kind: 'not_found',
              code: 'not_found',
              message: `TikTok profile ${handle} was not found`,
              retryable: false,
            });
          }
          if (found.lookupStatus === 'private') {
            throw new TikrxError({
              kind: 'forbidden',
              code: 'private_profile',
              message: `TikTok profile ${handle} is private: its videos cannot be listed`,
              retryable: false,
            });
          }
          return found;
        }),
        ignoreElements(),
      );
      return concat(check, videos);
    });

  return { profile, profileVideos };
}

interface VideosPage {
  records: SocialFetchVideoRecord[];
  next: string | undefined;
  creditsCharged: number;
}

function videosPage(response: JsonResponse): VideosPage {
  const parsed = socialFetchVideosPageSchema.safeParse(response.body);
  if (!parsed.success) throw notDocumented('profile videos', parsed.error.issues);
  const { data, meta } = parsed.data;
  let next: string | undefined;
  if (data.page.hasMore) {
    if (data.page.nextCursor === null || data.page.nextCursor === '') {
      throw new TikrxError({
        kind: 'invalid_response',
        message: 'Social Fetch said hasMore without a nextCursor',
        retryable: false,
      });
    }
    next = data.page.nextCursor;
  }
  return { records: data.videos, next, creditsCharged: meta.creditsCharged };
}

function notDocumented(
  what: string,
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): TikrxError {
  const where = issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  return new TikrxError({
    kind: 'invalid_response',
    message: `Social Fetch ${what} answer is not the documented shape (${where})`,
    retryable: false,
  });
}

function commonOptionsOf(options: CommonClientOptions): CommonClientOptions {
  const common: CommonClientOptions = {};
  if (options.limiter !== undefined) common.limiter = options.limiter;
  if (options.retry !== undefined) common.retry = options.retry;
  if (options.timeoutMs !== undefined) common.timeoutMs = options.timeoutMs;
  if (options.transport !== undefined) common.transport = options.transport;
  if (options.dispatcher !== undefined) common.dispatcher = options.dispatcher;
  if (options.onEvent !== undefined) common.onEvent = options.onEvent;
  return common;
}

function badRequest(message: string): TikrxError {
  return new TikrxError({ kind: 'bad_request', message });
}

function validateApiKey(apiKey: unknown): void {
  if (typeof apiKey !== 'string' || apiKey.trim() === '') {
    throw badRequest('Social Fetch needs an apiKey (a non-empty string)');
  }
}

function validateMaxCredits(maxCredits: number | undefined): void {
  if (maxCredits !== undefined && (!Number.isInteger(maxCredits) || maxCredits < 0)) {
    throw badRequest(`maxCredits must be a non-negative integer, got ${maxCredits}`);
  }
}

function validateCreditsPerRequest(credits: number | undefined): void {
  if (credits !== undefined && (!Number.isFinite(credits) || credits < 0)) {
    throw badRequest(`creditsPerRequest must be a non-negative number, got ${credits}`);
  }
}

const nonEmpty = (value: unknown) => typeof value === 'string' && value !== '';

function validateVideosOptions(options: ProfileVideosOptions): void {
  if (
    options.sortBy !== undefined &&
    !(SOCIALFETCH_SORT_ORDERS as readonly string[]).includes(options.sortBy)
  ) {
    throw badRequest(
      `sortBy must be one of ${SOCIALFETCH_SORT_ORDERS.join(', ')}, got ${JSON.stringify(options.sortBy)}`,
    );
  }
  for (const key of ['cursor', 'userId', 'region'] as const) {
    if (options[key] !== undefined && !nonEmpty(options[key])) {
      throw badRequest(`${key} must be a non-empty string when given`);
    }
  }
  if (options.trim !== undefined && typeof options.trim !== 'boolean') {
    throw badRequest('trim must be a boolean');
  }
}
