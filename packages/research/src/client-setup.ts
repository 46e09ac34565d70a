import type { JsonResponse, RateLimiter, RetryOptions, TikrxError, TikrxEvent } from '@tikrx/core';
import {
  badRequest,
  validateBaseUrl,
  validateCommonOptions,
  validateOptionsObject,
} from '@tikrx/core/internal';
import { createRequester, isRetriedByDefault, type Requester } from '@tikrx/operators/internal';
import type { TokenSource } from '@tikrx/tiktok-platform';
import type { Observable } from 'rxjs';
import { chainLimiters, createAdaptiveRate, validateRateAdaptation } from './adaptive-rate.js';
import { isInvalidCursor, isSearchExpired, isVagueTransient } from './api-error.js';
import { researchTokenSource } from './auth.js';
import type { ResearchClientOptions } from './options.js';
import { createQuotaMeter, DAILY_REQUEST_QUOTA } from './quota-meter.js';
import { renewingPost } from './renewing-post.js';
import { positiveInteger } from './validate-options.js';
import { DEFAULT_RUN_POLICY, type RunPolicy } from './window-run.js';

/** The Research API's real host, used when `baseUrl` is not given. */
export const DEFAULT_BASE_URL = 'https://open.tiktokapis.com';

/** Sends one page request: a date window's (its run handles 5xx and refused searches) or a cursor-paged list's. */
export type SendPage = (
  crawl: 'windowed' | 'paged',
  url: string,
  body: unknown,
) => Observable<JsonResponse>;

/** What a client builds on its first subscription, once its options passed; shared by every stream. */
export interface ResearchSetup {
  baseUrl: string;
  send: SendPage;
  policy: RunPolicy;
  emit: (event: TikrxEvent) => void;
  /** Whether `emit` reaches anyone (the client has an `onEvent`). */
  listening: boolean;
  now: () => number;
  /** The token every request of this client carries. */
  tokens: TokenSource;
  /** The cursor-paged lists' requester (quota counted, shared rate). */
  requester: Requester;
  /** Followers and following: their own quota, so their own limiter. */
  socialGraphRequester: Requester;
}

/** Checks the factory's options (throws `bad_request`) and builds what every stream shares. */
export function setUpClient(options: ResearchClientOptions): ResearchSetup {
  validateOptionsObject(options, 'createResearchClient options');
  validateCommonOptions(options);
  const baseUrl =
    options.baseUrl === undefined ? DEFAULT_BASE_URL : validateBaseUrl(options.baseUrl, 'baseUrl');
  if (options.now !== undefined && typeof options.now !== 'function') {
    throw badRequest('now must be a function returning ms since the epoch');
  }
  const now = options.now ?? Date.now;
  const emit = (event: TikrxEvent) => options.onEvent?.(event);
  const policy = runPolicyOf(options);
  const { limiter: _limiter, socialGraphLimiter, ...withoutLimiter } = options;
  const tokens = researchTokenSource(options, {
    tokenUrl: `${baseUrl}/v2/oauth/token/`,
    // The token endpoint is no Research request: it spends neither the limiter nor the quota.
    requester: createRequester({
      ...withoutLimiter,
      retry: retryOf(options, 'paged'),
      source: 'research',
    }),
    onEvent: options.onEvent,
    now: options.now,
  });
  // Every answered page request spends the daily quota, failures included.
  const meter = createQuotaMeter(
    positiveInteger(options.dailyQuota, DAILY_REQUEST_QUOTA, 'dailyQuota'),
    now,
  );
  const onEvent = (event: TikrxEvent) => {
    emit(event);
    if (event.type === 'response') emit(meter());
  };
  const shared = adaptiveLimiterOf(options.limiter, options, emit);
  const limiter = shared === undefined ? {} : { limiter: shared };
  const { socialGraphLimiter: _social, rateAdaptation: _adaptation, ...common } = options;
  const requesters = {
    windowed: createRequester({
      ...common,
      ...limiter,
      onEvent,
      retry: retryOf(options, 'windowed'),
      source: 'research',
    }),
    paged: createRequester({
      ...common,
      ...limiter,
      onEvent,
      retry: retryOf(options, 'paged'),
      source: 'research',
    }),
  };
  return {
    baseUrl,
    send: (crawl, url, body) => renewingPost(requesters[crawl], tokens, url, body),
    policy,
    emit,
    listening: options.onEvent !== undefined,
    now,
    tokens,
    requester: requesters.paged,
    socialGraphRequester:
      socialGraphLimiter === undefined
        ? requesters.paged
        : createRequester({
            ...common,
            // Its own quota and pace: its own adaptive rate too.
            limiter: adaptiveLimiterOf(socialGraphLimiter, options, emit),
            onEvent,
            retry: retryOf(options, 'paged'),
            source: 'research',
          }),
  };
}

/**
 * One rate for every window and stream of this client: `limiter` (the user's), then the
 * adaptive rate (lowered on a 429, recovering slowly) unless `rateAdaptation` is false.
 * Followers and following get their own when they have their own `socialGraphLimiter`.
 */
function adaptiveLimiterOf(
  limiter: RateLimiter,
  options: ResearchClientOptions,
  emit: (event: TikrxEvent) => void,
): RateLimiter;
function adaptiveLimiterOf(
  limiter: RateLimiter | undefined,
  options: ResearchClientOptions,
  emit: (event: TikrxEvent) => void,
): RateLimiter | undefined;
function adaptiveLimiterOf(
  limiter: RateLimiter | undefined,
  options: ResearchClientOptions,
  emit: (event: TikrxEvent) => void,
): RateLimiter | undefined {
  const adaptation = validateRateAdaptation(options.rateAdaptation);
  if (adaptation === false) return limiter;
  const adaptive = createAdaptiveRate({
    ...adaptation,
    onChange: (requestsPerMinute, reason) =>
      emit({ type: 'rate', source: 'research', requestsPerMinute, reason }),
  });
  return limiter === undefined ? adaptive : chainLimiters(limiter, adaptive);
}

/**
 * Page retries. A date window's run decides itself on 5xx (2 tries per size, then a split:
 * each failure spends quota) and on a refused search_id (it waits on the same id); the
 * requester retries the rest (network, 429, truncated pages, a cursor the search dropped).
 */
function retryOf(
  options: ResearchClientOptions,
  crawl: 'windowed' | 'paged',
): RetryOptions | false {
  const userRetry = options.retry;
  if (userRetry === false) return false;
  // A vague 400 ("Something is wrong") is the requester's to retry: it is neither bad input nor
  // a failing range (those answer 500, which only the window run may spend tries on).
  const windowRuns = (error: TikrxError) =>
    crawl === 'windowed' && (isSearchExpired(error) || error.kind === 'server');
  return {
    // The client's clock also tells when the daily quota resets (waitForQuotaReset).
    ...(options.now === undefined ? {} : { now: options.now }),
    ...userRetry,
    shouldRetry: (error, attempt) => {
      if (windowRuns(error)) return false;
      if (isInvalidCursor(error) || isVagueTransient(error)) return true;
      return userRetry?.shouldRetry?.(error, attempt) ?? isRetriedByDefault(error);
    },
  };
}

function runPolicyOf(options: ResearchClientOptions): RunPolicy {
  const warmup = options.searchWarmup ?? {};
  validateOptionsObject(warmup, 'searchWarmup');
  const base = DEFAULT_RUN_POLICY;
  const retryDelayMs =
    options.retry === false ? 0 : (options.retry?.baseDelayMs ?? base.retryDelayMs);
  return {
    ...base,
    triesPerSize: positiveInteger(
      options.triesPerWindowSize,
      base.triesPerSize,
      'triesPerWindowSize',
    ),
    retryDelayMs,
    warmup: {
      firstDelayMs: nonNegative(
        warmup.firstDelayMs,
        base.warmup.firstDelayMs,
        'searchWarmup.firstDelayMs',
      ),
      maxDelayMs: nonNegative(warmup.maxDelayMs, base.warmup.maxDelayMs, 'searchWarmup.maxDelayMs'),
      maxWaitMs: nonNegative(warmup.maxWaitMs, base.warmup.maxWaitMs, 'searchWarmup.maxWaitMs'),
    },
  };
}

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw badRequest(`${name} must be a non-negative number of ms; got ${value}`);
  }
  return value;
}
