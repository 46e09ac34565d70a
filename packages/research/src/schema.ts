import { z } from 'zod';

/**
 * The Research API's pages as its documents describe them. Ids (video, music, playlist,
 * hashtag) arrive as bare int64 JSON numbers; lossless parsing hands them over as decimal
 * strings, and `idString` refuses a number that already lost digits.
 */
const DECIMAL_ID = /^\d+$/;

/**
 * An id as the API sent it: a decimal string (lossless parsing quotes every int64) or a safe
 * integer. Checked, not transformed: this runs four to ten times per video of every page, a
 * zod transform costs a pipe each time, and `normalize` turns the value into a string anyway.
 * A number beyond 2^53 is refused here, because it has already lost digits.
 */
export const idValue = z.custom<string | number>((value) => isIdValue(value), {
  message: 'an id must be a decimal integer (a number beyond 2^53 has lost digits)',
});

/** What `idValue` accepts: a decimal string, or a safe non-negative integer. */
export function isIdValue(value: unknown): value is string | number {
  return typeof value === 'string'
    ? DECIMAL_ID.test(value)
    : typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

const count = z.number();

/** The video fields `/v2/research/video/query/` documents, in the document's order. */
export const VIDEO_QUERY_FIELDS = [
  'id',
  'video_description',
  'create_time',
  'region_code',
  'share_count',
  'view_count',
  'like_count',
  'comment_count',
  'music_id',
  'hashtag_names',
  'username',
  'effect_ids',
  'playlist_id',
  'voice_to_text',
  'is_stem_verified',
  'favourites_count',
  'video_duration',
  'hashtag_info_list',
  'video_mention_list',
  'video_label',
] as const;
/** A field the video query endpoint can return. */
export type VideoQueryField = (typeof VIDEO_QUERY_FIELDS)[number];

/** The fields `/v2/research/user/reposted_videos/` documents. */
export const REPOSTED_VIDEO_FIELDS = [
  'id',
  'create_time',
  'username',
  'region_code',
  'video_description',
  'music_id',
  'like_count',
  'comment_count',
  'share_count',
  'view_count',
  'hashtag_names',
  'is_stem_verified',
  'favourites_count',
  'video_duration',
] as const;
/** A field the reposted-videos endpoint can return. */
export type RepostedVideoField = (typeof REPOSTED_VIDEO_FIELDS)[number];

/**
 * One video object: the fields tikrx reads, each optional (the API sends only what `fields`
 * asked for); the id comes as `id` or, in the documents' own example, `video_id`.
 * `hashtag_info_list` and `video_label` are documented only as "Struct" and are not read, so
 * they are not checked; `raw` keeps the record exactly as sent, those included. Unknown
 * members are stripped from the validated output (cheaper than copying them: this runs for
 * every video), never from `raw`.
 */
export const researchVideoSchema = z
  .object({
    id: idValue.optional(),
    video_id: idValue.optional(),
    create_time: z.number().optional(),
    username: z.string().optional(),
    region_code: z.string().optional(),
    video_description: z.string().optional(),
    music_id: idValue.optional(),
    like_count: count.optional(),
    comment_count: count.optional(),
    share_count: count.optional(),
    view_count: count.optional(),
    // The query document spells it favourites_count, the reposted videos one favorites_count.
    favourites_count: count.optional(),
    favorites_count: count.optional(),
    effect_ids: z.array(z.string()).optional(),
    hashtag_names: z.array(z.string()).optional(),
    video_mention_list: z.array(z.string()).optional(),
    playlist_id: idValue.optional(),
    voice_to_text: z.string().optional(),
    is_stem_verified: z.boolean().optional(),
    video_duration: z.number().optional(),
  })
  .refine((video) => video.id !== undefined || video.video_id !== undefined, {
    message: 'a video needs an id (id or video_id)',
  });
/** One video of a Research API page, as validated (kept in `Video.raw`). */
export type ResearchVideoRecord = z.output<typeof researchVideoSchema>;

export const errorSchema = z.looseObject({
  code: z.string(),
  message: z.string().optional(),
  log_id: z.string().optional(),
});

/** `POST /v2/research/video/query/` → QueryVideoResponseData. */
export const videoQueryPageSchema = z.looseObject({
  data: z.looseObject({
    videos: z.array(researchVideoSchema).optional(),
    cursor: z.number().optional(),
    has_more: z.boolean(),
    // int64 in a string, but lossless parsing would quote a bare one too.
    search_id: z.union([z.string(), z.number()]).transform(String).optional(),
  }),
  error: errorSchema.optional(),
});
export type VideoQueryPage = z.output<typeof videoQueryPageSchema>;

/** `POST /v2/research/user/reposted_videos/` → RepostedVideosData (two spellings of the list). */
export const repostedVideosPageSchema = z.looseObject({
  data: z.looseObject({
    reposted_videos: z.array(researchVideoSchema).optional(),
    user_reposted_videos: z.array(researchVideoSchema).optional(),
    cursor: z.number().optional(),
    has_more: z.boolean(),
  }),
  error: errorSchema.optional(),
});
export type RepostedVideosPage = z.output<typeof repostedVideosPageSchema>;
