import { badRequest, validateOptionsObject } from '@tikrx/core/internal';
import { type DayRange, dayNumberOf, formatDay, MAX_WINDOW_DAYS } from './dates.js';
import type { QueryVideosOptions, RepostedVideosOptions } from './options.js';
import { type ResearchQuery, validateQuery } from './query.js';
import { REPOSTED_VIDEO_FIELDS, VIDEO_QUERY_FIELDS } from './schema.js';
import { validateUsername } from './username.js';

/** Per request; the API's own default is 20, and every request counts against 1,000 a day. */
export const DEFAULT_MAX_COUNT = 100;
/**
 * Windows fetched at once by default: a 90-day range runs as 12 windows of 7 or 8 days. Each
 * window costs about half a request more than one long search (its last page is short): at 12,
 * a 90-day crawl of 10,000 videos spends 1.04× the requests of 30-day windows one after
 * another, in about a tenth of the page rounds (`pnpm bench --only field`).
 */
export const DEFAULT_CONCURRENCY = 12;
/** The API's most videos a page. */
export const MAX_COUNT_LIMIT = 100;

/** A video query's options once checked. */
export interface ValidatedQuery {
  query: ResearchQuery;
  range: DayRange;
  fields: string[];
  maxCount: number;
  isRandom?: boolean;
  concurrency: number;
  /** Undefined: the planner fills `concurrency`. */
  windowDays?: number;
}

/** Checks `queryVideos` options; throws `bad_request` naming the problem. */
export function validateQueryOptions(options: QueryVideosOptions): ValidatedQuery {
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
  const concurrency = positiveInteger(options.concurrency, DEFAULT_CONCURRENCY, 'concurrency');
  const windowDays =
    options.windowDays === undefined
      ? undefined
      : positiveInteger(options.windowDays, 1, 'windowDays');
  if (windowDays !== undefined && windowDays > MAX_WINDOW_DAYS) {
    throw badRequest(
      `windowDays must be at most ${MAX_WINDOW_DAYS} (the API allows 30 days after start_date)`,
    );
  }
  if (options.isRandom !== undefined && typeof options.isRandom !== 'boolean') {
    throw badRequest('isRandom must be a boolean');
  }
  return {
    query,
    range: { start: formatDay(first), end: formatDay(last) },
    fields: validateFields(options.fields, VIDEO_QUERY_FIELDS),
    maxCount: validateMaxCount(options.maxCount),
    ...(options.isRandom === undefined ? {} : { isRandom: options.isRandom }),
    concurrency,
    ...(windowDays === undefined ? {} : { windowDays }),
  };
}

/** Checks `repostedVideos` arguments; throws `bad_request` naming the problem. */
export function validateRepostsOptions(
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

/** The `fields` asked for (aliases spelled the API's way), or `defaults` when absent. */
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

/** `maxCount`, 1–100, or the API's largest when absent. */
export function validateMaxCount(maxCount: number | undefined): number {
  if (maxCount === undefined) return DEFAULT_MAX_COUNT;
  if (!Number.isInteger(maxCount) || maxCount < 1 || maxCount > MAX_COUNT_LIMIT) {
    throw badRequest(`maxCount must be an integer from 1 to ${MAX_COUNT_LIMIT}; got ${maxCount}`);
  }
  return maxCount;
}

/** `onCheckpoint`, if given, is a function. */
export function validateOnCheckpoint(onCheckpoint: unknown): void {
  if (onCheckpoint !== undefined && typeof onCheckpoint !== 'function') {
    throw badRequest('onCheckpoint must be a function');
  }
}

/** A positive integer option, or its default when absent. */
export function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1)
    throw badRequest(`${name} must be a positive integer; got ${value}`);
  return value;
}
