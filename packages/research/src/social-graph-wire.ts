import type { UserRef, UserRelation } from '@tikrx/core';
import { z } from 'zod';
import { errorSchema } from './schema.js';

/** Where each list lives: path and `data` key. Neither endpoint takes `fields`. */
export const SOCIAL_GRAPH_ENDPOINTS = {
  follower: { path: '/v2/research/user/followers/', listKey: 'user_followers' },
  following: { path: '/v2/research/user/following/', listKey: 'user_following' },
} as const satisfies Record<UserRelation, { path: string; listKey: string }>;

const userRefSchema = z.object({
  username: z.string().min(1),
  display_name: z.string().optional(),
});
/** A validated follower or following record. */
export type UserRefRecord = z.output<typeof userRefSchema>;

/**
 * A followers or following page. `cursor` is a unix timestamp in seconds (entries followed on
 * or before it, newest first), handed back as sent.
 */
export const socialGraphPageSchema = z.looseObject({
  data: z.looseObject({
    user_followers: z.array(userRefSchema).optional(),
    user_following: z.array(userRefSchema).optional(),
    cursor: z.number().optional(),
    has_more: z.boolean(),
  }),
  error: errorSchema.optional(),
});
/** A validated followers or following page. */
export type SocialGraphPage = z.output<typeof socialGraphPageSchema>;

/** A record of `of`'s list as a `UserRef`. */
export function normalizeUserRef(
  record: UserRefRecord,
  relation: UserRelation,
  of: string,
  raw: unknown,
): UserRef {
  const ref: UserRef = { username: record.username, relation, of };
  if (record.display_name !== undefined) ref.displayName = record.display_name;
  ref.raw = raw;
  return ref;
}
