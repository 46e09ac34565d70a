/** Which list a {@link UserRef} came from. */
export type UserRelation = 'follower' | 'following';

/**
 * An entry of a user's followers or following list (Research API). The API sends only
 * `username` and `display_name`; `username` is the entry's identity.
 */
export interface UserRef {
  username: string;
  displayName?: string;
  /** `follower`: follows `of`; `following`: followed by `of`. */
  relation: UserRelation;
  /** The user whose list this entry is in. */
  of: string;
  /** The record as the API sent it. */
  raw?: unknown;
}
