import { z } from 'zod';
import { errorSchema, researchVideoSchema } from './schema.js';

/**
 * The video fields of `/v2/research/user/liked_videos/` and `/pinned_videos/`. The documents
 * also list `favorites_count`, but traktok leaves it out of both requests because the API
 * does not take it there (unconfirmed elsewhere): it is allowed, and not asked for by default.
 */
export const USER_VIDEO_FIELDS = [
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
  'hashtag_info_list',
  'sticker_info_list',
  'effect_info_list',
  'video_mention_list',
  'video_label',
  'video_duration',
  'is_stem_verified',
  'video_tag',
  'favourites_count',
] as const;
/** A field of a liked or pinned video. */
export type UserVideoField = (typeof USER_VIDEO_FIELDS)[number];
/** What liked and pinned videos ask for unless told (see {@link USER_VIDEO_FIELDS}). */
export const USER_VIDEO_DEFAULT_FIELDS: readonly UserVideoField[] = USER_VIDEO_FIELDS.filter(
  (field) => field !== 'favourites_count',
);

/**
 * `data.user_liked_videos`, `data.cursor` and `data.has_more`. The cursor is a timestamp
 * ("created on or before"); its unit is unconfirmed (the text says seconds, the example
 * milliseconds), so it is handed back exactly as the API sent it.
 */
export const likedVideosPageSchema = z.looseObject({
  data: z.looseObject({
    user_liked_videos: z.array(researchVideoSchema).optional(),
    cursor: z.number().optional(),
    has_more: z.boolean(),
  }),
  error: errorSchema.optional(),
});

/** `data.pinned_videos_list`: one page, no cursor (every peer reads this key). */
export const pinnedVideosPageSchema = z.looseObject({
  data: z.looseObject({
    pinned_videos_list: z.array(researchVideoSchema).optional(),
  }),
  error: errorSchema.optional(),
});
