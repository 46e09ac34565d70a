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
  withoutUndefined,
} from '@tikrx/core/internal';
import { createRequester, type Requester } from '@tikrx/operators/internal';
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
import type { SocialFetchCheckpoint } from './checkpoint.js';
import { handlePathSegment } from './handle.js';
import { normalizeSocialFetchVideo } from './normalize.js';
import { readSocialFetchError } from './read-api-error.js';
import {
  type ProfileLookupStatus,
  type SocialFetchVideoRecord,
  socialFetchProfileSchema,
  socialFetchVideosPageSchema,
} from './schema.js';

/**
 * Options of `createSocialFetchClient`: the API key, the base URL, credit budgets and the common
 * client options.
 */
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

/** Every `sortBy` Social Fetch accepts. */
export const SOCIALFETCH_SORT_ORDERS = ['latest', 'popular'] as const;
/** The order of a profile's videos: `latest` or `popular`. */
export type SocialFetchSortBy = (typeof SOCIALFETCH_SORT_ORDERS)[number];

/** Options of `profileVideos`: order, cursor, filters, the profile check and the credit budget. */
export interface ProfileVideosOptions {
  /** `latest` or `popular`. Without it the API picks an order; pass it for a predictable one. */
  sortBy?: SocialFetchSortBy;
  /**
   * Start from a cursor a previous page returned. Pass a checkpoint's `cursor` to resume where
   * that stream stopped.
   */
  cursor?: string;
  /** The TikTok user id, to speed the request up. */
  userId?: string;
  /**
   * Country the request is made from: an ISO 3166-1 alpha-2 code (`JP`, `US`). Lower case is
   * accepted and sent upper-case.
   */
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
  /**
   * Called with a {@link SocialFetchCheckpoint} after each page's videos were emitted (the
   * same checkpoint is an `onEvent` `checkpoint` event). A throw fails the stream.
   */
  onCheckpoint?: (checkpoint: SocialFetchCheckpoint) => void;
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

/** A Social Fetch client, made by `createSocialFetchClient`. */
export interface SocialFetchClient {
  /** Every video of the profile, all pages followed. */
  profileVideos(handle: string, options?: ProfileVideosOptions): Observable<Video>;
  /** Whether the profile exists and is public (`found`, `private`, `not_found`). */
  profile(handle: string): Observable<Profile>;
}

/** Social Fetch's real host, used when `baseUrl` is not given. */
export const SOCIALFETCH_DEFAULT_BASE_URL = 'https://api.socialfetch.dev';

/** Code of the `quota_exhausted` error a stream fails with when `maxCredits` would be exceeded. */
export const MAX_CREDITS_CODE = 'max_credits';

/** What a client builds on its first subscription, once its options passed. */
interface SocialFetchSetup {
  baseUrl: string;
  apiKey: string;
  requester: Requester;
}

/** What every stream of a client shares, built on the first subscription whose options pass. */
interface ClientState {
  setup: SocialFetchSetup;
  options: SocialFetchClientOptions;
  /** Most a request of this client was charged, the estimate for the next one. */
  costEstimate: number;
}

/**
 * A Social Fetch client. Nothing is checked or sent until a stream is subscribed; bad input
 * fails that subscription with `bad_request` before any request.
 */
export function createSocialFetchClient(options: SocialFetchClientOptions): SocialFetchClient {
  let state: ClientState | undefined;
  const stateOf = (): ClientState => {
    state ??= {
      setup: setUpClient(options),
      options,
      costEstimate: options.creditsPerRequest ?? 1,
    };
    return state;
  };

  const profile = (handle: string): Observable<Profile> =>
    defer(() => {
      const client = stateOf();
      return lookUp(client, handle, handlePathSegment(handle), budgetOf(client, undefined));
    });

  const profileVideos = (handle: string, videoOptions: ProfileVideosOptions = {}) =>
    defer(() => {
      const client = stateOf();
      const segment = handlePathSegment(handle);
      const request = validateVideosOptions(videoOptions);
      const budget = budgetOf(client, request.maxCredits ?? options.maxCredits);
      const videos = videoStream(client, handle, segment, request, budget);
      if (request.checkProfile !== true) return videos;
      return concat(
        lookUp(client, handle, segment, budget).pipe(map(listable), ignoreElements()),
        videos,
      );
    });

  return { profile, profileVideos };
}

type CreditBudget = ReturnType<typeof budgetOf>;

/** One budget per stream: `beforeRequest` refuses what `maxCredits` cannot pay, `charge` after an answer. */
function budgetOf(client: ClientState, maxCredits: number | undefined) {
  let spent = 0;
  return {
    beforeRequest: (what: string) => {
      if (maxCredits !== undefined && spent + client.costEstimate > maxCredits) {
        throw new TikrxError({
          kind: 'quota_exhausted',
          code: MAX_CREDITS_CODE,
          message: `Stopped before ${what}: it would cost about ${client.costEstimate} credits, ${spent} of maxCredits ${maxCredits} are spent`,
          retryable: false,
        });
      }
    },
    charge: (credits: number) => {
      spent += credits;
      client.costEstimate = Math.max(client.costEstimate, credits);
      if (credits > 0)
        client.options.onEvent?.({ type: 'credits', source: 'socialfetch', credits });
    },
  };
}

function send(client: ClientState, path: string, query: URLSearchParams): Observable<JsonResponse> {
  const { baseUrl, apiKey, requester } = client.setup;
  const search = query.toString();
  return requester(
    {
      method: 'GET',
      url: `${baseUrl}${path}${search === '' ? '' : `?${search}`}`,
      headers: { 'x-api-key': apiKey },
      secrets: [apiKey],
    },
    readSocialFetchError,
  );
}

function lookUp(
  client: ClientState,
  handle: string,
  segment: string,
  budget: CreditBudget,
): Observable<Profile> {
  return defer(() => {
    budget.beforeRequest(`the profile lookup of ${handle}`);
    return send(client, `/v1/tiktok/profiles/${segment}`, new URLSearchParams());
  }).pipe(
    map((response) => {
      const parsed = socialFetchProfileSchema.safeParse(response.body);
      if (!parsed.success)
        throw notDocumentedShape('Social Fetch profile answer', parsed.error.issues);
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
}

/** `checkProfile`: a missing or private profile fails the stream instead of listing nothing. */
function listable(found: Profile): Profile {
  if (found.lookupStatus === 'not_found') {
    throw new TikrxError({
      kind: 'not_found',
      code: 'not_found',
      message: `TikTok profile ${found.handle} was not found`,
      retryable: false,
    });
  }
  if (found.lookupStatus === 'private') {
    throw new TikrxError({
      kind: 'forbidden',
      code: 'private_profile',
      message: `TikTok profile ${found.handle} is private: its videos cannot be listed`,
      retryable: false,
    });
  }
  return found;
}

/** Every page of a profile's videos, each paid for from the stream's budget. */
function videoStream(
  client: ClientState,
  handle: string,
  segment: string,
  request: ProfileVideosOptions,
  budget: CreditBudget,
): Observable<Video> {
  const query = (cursor: string | undefined) =>
    new URLSearchParams(
      withoutUndefined({
        sortBy: request.sortBy,
        cursor,
        userId: request.userId,
        region: request.region,
        trim: request.trim === undefined ? undefined : String(request.trim),
      }) as Record<string, string>,
    );
  return cursorPages<Video, string>({
    source: 'socialfetch',
    first: request.cursor,
    fetchPage: (cursor, pageIndex) =>
      defer(() => {
        budget.beforeRequest(`page ${pageIndex + 1} of ${handle}'s videos`);
        return send(client, `/v1/tiktok/profiles/${segment}/videos`, query(cursor));
      }).pipe(
        map((response) => {
          const page = videosPage(response);
          budget.charge(page.creditsCharged);
          const items = page.records.map((record) => normalizeSocialFetchVideo(record, handle));
          return { items, next: page.next };
        }),
      ),
    onCheckpoint: request.onCheckpoint,
    onEvent: client.options.onEvent,
    cursorKey: (cursor) => cursor ?? '',
  });
}

/** Checks the factory's options (throws `bad_request`) and builds what every stream shares. */
function setUpClient(options: SocialFetchClientOptions): SocialFetchSetup {
  validateOptionsObject(options, 'createSocialFetchClient options');
  validateCommonOptions(options);
  if (options.apiKey === undefined) {
    throw badRequest('Social Fetch needs an apiKey (SOCIALFETCH_API_KEY)');
  }
  validateCredential(options.apiKey, 'apiKey');
  validateMaxCredits(options.maxCredits);
  validateCreditsPerRequest(options.creditsPerRequest);
  const baseUrl =
    options.baseUrl === undefined
      ? SOCIALFETCH_DEFAULT_BASE_URL
      : validateBaseUrl(options.baseUrl, 'baseUrl');
  return {
    baseUrl,
    apiKey: options.apiKey,
    requester: createRequester({ ...pickCommonOptions(options), source: 'socialfetch' }),
  };
}

interface VideosPage {
  records: SocialFetchVideoRecord[];
  next: string | undefined;
  creditsCharged: number;
}

function videosPage(response: JsonResponse): VideosPage {
  const parsed = socialFetchVideosPageSchema.safeParse(response.body);
  if (!parsed.success)
    throw notDocumentedShape('Social Fetch profile videos answer', parsed.error.issues);
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

/** Characters that never belong in a query value we send: whitespace and control characters. */
const WHITESPACE_OR_CONTROL = /[\s\u0000-\u001f\u007f-\u009f]/;
/** ISO 3166-1 alpha-2, either case. */
const COUNTRY_CODE = /^[A-Za-z]{2}$/;

function validateVideosOptions(options: ProfileVideosOptions): ProfileVideosOptions {
  validateOptionsObject(options, 'profileVideos options');
  if (
    options.sortBy !== undefined &&
    !(SOCIALFETCH_SORT_ORDERS as readonly unknown[]).includes(options.sortBy)
  ) {
    throw badRequest(
      `sortBy must be one of ${SOCIALFETCH_SORT_ORDERS.join(', ')}, got ${describeValue(options.sortBy)}`,
    );
  }
  for (const key of ['cursor', 'userId'] as const) {
    const value: unknown = options[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value === '') {
      throw badRequest(`${key} must be a non-empty string when given; got ${describeValue(value)}`);
    }
    if (WHITESPACE_OR_CONTROL.test(value)) {
      throw badRequest(`${key} must not contain whitespace or control characters`);
    }
  }
  let region: string | undefined;
  if (options.region !== undefined) {
    if (typeof options.region !== 'string' || !COUNTRY_CODE.test(options.region)) {
      throw badRequest(
        `region must be a two-letter country code (ISO 3166-1 alpha-2, such as JP or US); got ${describeValue(options.region)}`,
      );
    }
    region = options.region.toUpperCase();
  }
  for (const key of ['trim', 'checkProfile'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'boolean') {
      throw badRequest(`${key} must be a boolean; got ${describeValue(options[key])}`);
    }
  }
  validateMaxCredits(options.maxCredits);
  if (options.onCheckpoint !== undefined && typeof options.onCheckpoint !== 'function') {
    throw badRequest('onCheckpoint must be a function');
  }
  return withoutUndefined({ ...options, region });
}
