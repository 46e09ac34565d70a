import type { Video } from '@tikrx/core';
import { notDocumentedShape, type ShapeIssue } from '@tikrx/core/internal';
import type { DayRange } from './dates.js';
import { normalizeResearchVideos } from './normalize.js';
import { checkedPageData } from './page-check.js';
import type { ResearchQuery } from './query.js';
import {
  type ResearchVideoRecord,
  repostedVideosPageSchema,
  videoQueryPageSchema,
} from './schema.js';

/**
 * The Research API on the wire: paths, request bodies and the page fields (`videos`,
 * `reposted_videos`, `has_more`, `cursor`, `search_id`). Nothing else in the package knows
 * a field name of the API.
 */

/** Where a page starts: the API's `cursor`, and the `search_id` it belongs to once one was issued. */
export interface PageAt {
  cursor: number;
  searchId?: string;
}

/** One page as the crawl reads it: its items, and where the next one starts (none: the last page). */
export interface CrawlPage<T> {
  items: T[];
  next: PageAt | undefined;
}

/** A page request: where to send it and what to send. */
export interface WireRequest {
  url: string;
  body: Record<string, unknown>;
}

/** What a video query sends besides the window and the cursor. */
export interface VideoQueryParams {
  query: ResearchQuery;
  fields: readonly string[];
  maxCount: number;
  isRandom?: boolean;
}

export function videoQueryRequest(
  baseUrl: string,
  params: VideoQueryParams,
  range: DayRange,
  at: PageAt,
): WireRequest {
  return {
    url: `${baseUrl}/v2/research/video/query/?fields=${params.fields.join(',')}`,
    body: {
      query: params.query,
      start_date: range.start,
      end_date: range.end,
      max_count: params.maxCount,
      cursor: at.cursor,
      ...(at.searchId === undefined ? {} : { search_id: at.searchId }),
      ...(params.isRandom === undefined ? {} : { is_random: params.isRandom }),
    },
  };
}

/** A video query page: videos, and the next cursor with the search it belongs to. */
export function readVideoQueryPage(body: unknown, at: PageAt, maxCount: number): CrawlPage<Video> {
  const data =
    checkedPageData(body, VIDEO_QUERY_LISTS) ??
    parsePage(videoQueryPageSchema, body, 'video query').data;
  const videos = normalizeResearchVideos(
    (data.videos ?? []) as ResearchVideoRecord[],
    sentList(body, 'videos'),
  );
  // Later pages may leave search_id out: the one of the first page still holds.
  const searchId =
    data.search_id === undefined ? at.searchId : String(data.search_id) || at.searchId;
  return {
    items: videos,
    next: data.has_more
      ? {
          cursor: data.cursor ?? at.cursor + maxCount,
          ...(searchId === undefined ? {} : { searchId }),
        }
      : undefined,
  };
}

const VIDEO_QUERY_LISTS = ['videos'];
const REPOSTS_LISTS = ['reposted_videos', 'user_reposted_videos'];

/** What a reposted videos request sends besides the cursor. */
export interface RepostsParams {
  username: string;
  fields: readonly string[];
  maxCount: number;
}

export function repostsRequest(baseUrl: string, params: RepostsParams, at: PageAt): WireRequest {
  return {
    url: `${baseUrl}/v2/research/user/reposted_videos/?fields=${params.fields.join(',')}`,
    body: { username: params.username, max_count: params.maxCount, cursor: at.cursor },
  };
}

/** A reposted videos page, under either list key the documents use. */
export function readRepostsPage(body: unknown, at: PageAt, maxCount: number): CrawlPage<Video> {
  const data =
    checkedPageData(body, REPOSTS_LISTS) ??
    parsePage(repostedVideosPageSchema, body, 'reposted videos').data;
  const key = data.reposted_videos === undefined ? 'user_reposted_videos' : 'reposted_videos';
  return {
    items: normalizeResearchVideos((data[key] ?? []) as ResearchVideoRecord[], sentList(body, key)),
    next: data.has_more ? { cursor: data.cursor ?? at.cursor + maxCount } : undefined,
  };
}

/** A page body checked against its schema; any other shape is `not_documented_shape`. */
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

/** A page's records as the API sent them (validation strips members), kept as `raw`. */
export function sentList(body: unknown, key: string): readonly unknown[] {
  const data = (body as { data?: Record<string, unknown> } | undefined)?.data;
  const list = data?.[key];
  return Array.isArray(list) ? list : [];
}
