import { isIdValue, type ResearchVideoRecord } from './schema.js';

/**
 * A Research video page checked by hand: what `videoQueryPageSchema` and
 * `repostedVideosPageSchema` (schema.ts) accept, field by field, without building a validated
 * copy of every video. zod's parse of a page of 100 videos was the largest share of the
 * client's CPU per page after JSON itself, and nearly every page is well formed. The check
 * never accepts what the schemas refuse (`page-check.test.ts` holds it to that); a page it does
 * not accept goes through the schema, which accepts it or says exactly what is wrong.
 */

/** A page's `data` as the crawl reads it; the video lists are the records as sent. */
export interface CheckedPageData {
  has_more: boolean;
  cursor?: number;
  search_id?: string | number;
  [list: string]: unknown;
}

type Check = (value: unknown) => boolean;

const isString: Check = (value) => typeof value === 'string';
// zod's number refuses Infinity, which JSON text such as 1e400 parses to.
const isNumber: Check = (value) => typeof value === 'number' && Number.isFinite(value);
const isBoolean: Check = (value) => typeof value === 'boolean';
const isStringList: Check = (value) => Array.isArray(value) && value.every(isString);

/** researchVideoSchema's members, each optional. */
const VIDEO_MEMBERS: ReadonlyArray<readonly [string, Check]> = [
  ['id', isIdValue],
  ['video_id', isIdValue],
  ['create_time', isNumber],
  ['username', isString],
  ['region_code', isString],
  ['video_description', isString],
  ['music_id', isIdValue],
  ['like_count', isNumber],
  ['comment_count', isNumber],
  ['share_count', isNumber],
  ['view_count', isNumber],
  ['favourites_count', isNumber],
  ['favorites_count', isNumber],
  ['effect_ids', isStringList],
  ['hashtag_names', isStringList],
  ['video_mention_list', isStringList],
  ['playlist_id', isIdValue],
  ['voice_to_text', isString],
  ['is_stem_verified', isBoolean],
  ['video_duration', isNumber],
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A video record `researchVideoSchema` accepts as it is (members it does not read included). */
export function isResearchVideoRecord(value: unknown): value is ResearchVideoRecord {
  if (!isRecord(value)) return false;
  for (const [name, check] of VIDEO_MEMBERS) {
    const member = value[name];
    if (member !== undefined && !check(member)) return false;
  }
  return value['id'] !== undefined || value['video_id'] !== undefined;
}

/** `errorSchema`: absent, or an object with a string `code`. */
function isErrorMember(value: unknown): boolean {
  if (value === undefined) return true;
  if (!isRecord(value) || !isString(value['code'])) return false;
  const { message, log_id: logId } = value;
  return (message === undefined || isString(message)) && (logId === undefined || isString(logId));
}

/**
 * The `data` of a video page whose every member the schema reads is as documented, with the
 * video lists under `lists` (absent, or arrays of video records); undefined when anything is
 * not (the schema then decides). `search_id`, when sent, must be a string or a number.
 */
export function checkedPageData(
  body: unknown,
  lists: readonly string[],
): CheckedPageData | undefined {
  if (!isRecord(body) || !isErrorMember(body['error'])) return undefined;
  const data = body['data'];
  if (!isRecord(data) || !isBoolean(data['has_more'])) return undefined;
  const { cursor, search_id: searchId } = data;
  if (cursor !== undefined && !isNumber(cursor)) return undefined;
  if (searchId !== undefined && !isString(searchId) && !isNumber(searchId)) return undefined;
  for (const list of lists) {
    const videos = data[list];
    if (videos !== undefined && !(Array.isArray(videos) && videos.every(isResearchVideoRecord))) {
      return undefined;
    }
  }
  return data as CheckedPageData;
}
