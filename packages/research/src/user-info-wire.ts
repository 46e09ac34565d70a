import type { UserProfile } from '@tikrx/core';
import { z } from 'zod';
import { errorSchema } from './schema.js';

/**
 * `POST /v2/research/user/info/?fields=…`: the fields its document lists. `bio_url` is a newer
 * addition that no peer asks for by default (whether every deployment takes it is
 * unconfirmed), so it is allowed but not in {@link USER_INFO_DEFAULT_FIELDS}.
 */
export const USER_INFO_FIELDS = [
  'display_name',
  'bio_description',
  'avatar_url',
  'is_verified',
  'follower_count',
  'following_count',
  'likes_count',
  'video_count',
  'bio_url',
] as const;
/** A field of user info. */
export type UserInfoField = (typeof USER_INFO_FIELDS)[number];
/** What `userInfo` asks for unless told: every field but `bio_url` (as the peers do). */
export const USER_INFO_DEFAULT_FIELDS: readonly UserInfoField[] = USER_INFO_FIELDS.filter(
  (field) => field !== 'bio_url',
);

/** `data` is one flat object of the fields asked for; the API leaves `username` out. */
export const userInfoPageSchema = z.looseObject({
  data: z.looseObject({
    display_name: z.string().optional(),
    bio_description: z.string().optional(),
    bio_url: z.string().optional(),
    avatar_url: z.string().optional(),
    is_verified: z.boolean().optional(),
    follower_count: z.number().optional(),
    following_count: z.number().optional(),
    likes_count: z.number().optional(),
    video_count: z.number().optional(),
  }),
  error: errorSchema.optional(),
});
/** A validated user info answer. */
export type UserInfoPage = z.output<typeof userInfoPageSchema>;

/** A user info answer as a found `UserProfile`; `raw` is `data` as sent. */
export function normalizeUserInfo(
  username: string,
  data: UserInfoPage['data'],
  raw: unknown,
): UserProfile {
  const profile: UserProfile = { username, lookupStatus: 'found' };
  if (data.display_name !== undefined) profile.displayName = data.display_name;
  if (data.bio_description !== undefined) profile.bioDescription = data.bio_description;
  if (data.bio_url !== undefined) profile.bioUrl = data.bio_url;
  if (data.avatar_url !== undefined) profile.avatarUrl = data.avatar_url;
  if (data.is_verified !== undefined) profile.isVerified = data.is_verified;
  if (data.follower_count !== undefined) profile.followerCount = data.follower_count;
  if (data.following_count !== undefined) profile.followingCount = data.following_count;
  if (data.likes_count !== undefined) profile.likesCount = data.likes_count;
  if (data.video_count !== undefined) profile.videoCount = data.video_count;
  profile.raw = raw;
  return profile;
}
