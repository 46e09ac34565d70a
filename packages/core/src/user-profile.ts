/**
 * Whether the Research API gave a user's profile. `not_found`: no such user ("cannot find the
 * user"). `private`: the API refuses to return this user ("API cannot return this user's
 * information", a private account); the API's words are kept in `apiMessage`.
 */
export type UserLookupStatus = 'found' | 'not_found' | 'private';

/** Every lookup status, in a stable order. */
export const USER_LOOKUP_STATUSES: readonly UserLookupStatus[] = ['found', 'not_found', 'private'];

/**
 * A TikTok user's profile (Research API user info). Flat and serializable; a field the API did
 * not send is absent, never invented. A user the API does not return is still a profile, with
 * `lookupStatus` saying why and no other field.
 */
export interface UserProfile {
  /** The username asked for (the API's answer does not repeat it). */
  username: string;
  lookupStatus: UserLookupStatus;
  /** The API's own words when `lookupStatus` is not `found`. */
  apiMessage?: string;
  displayName?: string;
  /** The bio; `''` when the user has none (the API sends an empty string). */
  bioDescription?: string;
  /** The link in the bio. */
  bioUrl?: string;
  avatarUrl?: string;
  isVerified?: boolean;
  followerCount?: number;
  followingCount?: number;
  /** Likes the user's videos received in all. */
  likesCount?: number;
  videoCount?: number;
  /** The record as the API sent it. */
  raw?: unknown;
}
