import type { TikrxEvent, Video } from '@tikrx/core';
import { defer, map, type Observable } from 'rxjs';
import { type CheckpointWindow, crawlKey, readCheckpoint } from './checkpoint.js';
import { type ResearchSetup, setUpClient } from './client-setup.js';
import { type CrawlTarget, crawl } from './crawl.js';
import type { DayRange } from './dates.js';
import { moreEndpoints } from './more-endpoints.js';
import type {
  QueryVideosOptions,
  RepostedVideosOptions,
  ResearchClient,
  ResearchClientOptions,
} from './options.js';
import { renewingPost } from './renewing-post.js';
import { DEFAULT_STEAL_POLICY } from './steal-plan.js';
import { validateQueryOptions, validateRepostsOptions } from './validate-options.js';
import { daySpanOf } from './window-memory.js';
import { indexLagWarning, planWindows } from './window-plan.js';
import {
  type PageAt,
  readRepostsPage,
  readVideoQueryPage,
  repostsRequest,
  videoQueryRequest,
} from './wire.js';

export { DEFAULT_BASE_URL } from './client-setup.js';
export type {
  CrawlOptions,
  QueryVideosOptions,
  RepostedVideosOptions,
  ResearchClient,
  ResearchClientOptions,
} from './options.js';
export { DEFAULT_CONCURRENCY, DEFAULT_MAX_COUNT } from './validate-options.js';

/**
 * The Research API client: `queryVideos`, `repostedVideos` and every other Research endpoint
 * (more-endpoints.ts) as Observables.
 * Nothing is checked or sent until a stream is subscribed; bad options fail that
 * subscription with `bad_request` before any request.
 */
export function createResearchClient(options: ResearchClientOptions): ResearchClient {
  // Built on the first subscription whose options pass, then shared by every stream: one
  // token, one limiter and one quota count for all windows and streams.
  let setup: ResearchSetup | undefined;
  const setUp = (): ResearchSetup => {
    setup ??= setUpClient(options);
    return setup;
  };
  const emit = (event: TikrxEvent) => options.onEvent?.(event);
  return {
    ...moreEndpoints({
      setUp,
      post: (url, body, tokens, requester = setUp().requester) =>
        renewingPost(requester, tokens, url, body),
      emit,
    }),
    queryVideos: (query) => defer(() => queryVideos(setUp(), query)),
    repostedVideos: (username, reposts = {}) =>
      defer(() => repostedVideos(setUp(), username, reposts)),
  };
}

function queryVideos(setup: ResearchSetup, options: QueryVideosOptions): Observable<Video> {
  const request = validateQueryOptions(options);
  const key = crawlKey({
    query: request.query,
    range: request.range,
    fields: request.fields,
    maxCount: request.maxCount,
    isRandom: request.isRandom,
  });
  const checkpoint =
    options.checkpoint === undefined
      ? undefined
      : readCheckpoint(options.checkpoint, 'video_query', key);
  const windows: CheckpointWindow[] =
    checkpoint?.windows ??
    planWindows(request.range, request).map((range) => ({ ...range, cursor: 0, seenIds: [] }));
  const warning = indexLagWarning(request.range, setup.now());
  if (warning !== undefined) {
    setup.emit({ type: 'warning', source: 'research', code: 'index_lag', message: warning });
  }
  const fetchPage = ({ range }: CrawlTarget, at: PageAt) => {
    const { url, body } = videoQueryRequest(setup.baseUrl, request, range as DayRange, at);
    return setup
      .send('windowed', url, body)
      .pipe(map((response) => readVideoQueryPage(response.body, at, request.maxCount)));
  };
  return crawl<Video>({
    kind: 'video_query',
    key,
    done: checkpoint?.done ?? [],
    windows,
    concurrency: request.concurrency,
    fetchPage,
    daySpanOf,
    // Stealing cuts windows by day: only with each video's create_time (never a day from an id).
    steal:
      request.fields.includes('create_time') && request.isRandom !== true
        ? { ...DEFAULT_STEAL_POLICY, pageSize: request.maxCount }
        : undefined,
    emit: setup.emit,
    onCheckpoint: options.onCheckpoint,
    reportsCheckpoints: options.onCheckpoint !== undefined || setup.listening,
    policy: setup.policy,
  });
}

function repostedVideos(
  setup: ResearchSetup,
  username: string,
  options: RepostedVideosOptions,
): Observable<Video> {
  const request = validateRepostsOptions(username, options);
  const key = crawlKey({
    username: request.username,
    fields: request.fields,
    maxCount: request.maxCount,
  });
  const checkpoint =
    options.checkpoint === undefined
      ? undefined
      : readCheckpoint(options.checkpoint, 'reposted_videos', key);
  const fetchPage = (_window: CrawlTarget, at: PageAt) => {
    const { url, body } = repostsRequest(setup.baseUrl, request, at);
    return setup
      .send('paged', url, body)
      .pipe(map((response) => readRepostsPage(response.body, at, request.maxCount)));
  };
  return crawl<Video>({
    kind: 'reposted_videos',
    key,
    done: checkpoint?.done ?? [],
    windows: checkpoint?.windows ?? [{ cursor: 0, seenIds: [] }],
    concurrency: 1,
    fetchPage,
    emit: setup.emit,
    onCheckpoint: options.onCheckpoint,
    reportsCheckpoints: options.onCheckpoint !== undefined || setup.listening,
    policy: setup.policy,
  });
}
