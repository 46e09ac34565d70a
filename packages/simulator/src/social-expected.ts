import type { Dataset } from './dataset.js';
import { COMMENTS_CAP } from './research-comment-routes.js';
import type { SocialData } from './social-data.js';
import { isShown } from './social-lists.js';

/** The endpoints whose answer can be "not available" for a user or video. */
export type UnavailableEndpoint =
  | 'userInfo'
  | 'comments'
  | 'liked'
  | 'pinned'
  | 'followers'
  | 'following'
  | 'playlist';

/** What the simulator's Research endpoints beyond the video query should yield. */
export interface SocialExpected {
  /** Comment ids of a video (the top 1,000 at most), sorted; [] when unavailable. */
  comments(videoId: string): string[];
  /** Video ids a user liked, sorted; [] when unavailable (most users hide likes). */
  liked(username: string): string[];
  /** Video ids a user pinned, sorted. */
  pinned(username: string): string[];
  /** Usernames of a user's public followers, sorted. */
  followers(username: string): string[];
  /** Usernames a user follows (public accounts), sorted; [] when the list is private. */
  following(username: string): string[];
  /** A playlist's video ids in the API's order; [] when unknown. */
  playlist(playlistId: string): string[];
  /** Why an endpoint answers an error for this user (or video, or playlist), else undefined. */
  unavailable(endpoint: UnavailableEndpoint, key: string): 'not_found' | 'private' | undefined;
}

export function socialExpected(dataset: Dataset, social: SocialData): SocialExpected {
  const creatorOf = (username: string) =>
    dataset.creatorByName(username.replace(/^@/, '').toLowerCase());
  const userState = (username: string) => {
    const creator = creatorOf(username);
    if (creator < 0) return 'not_found' as const;
    return dataset.isPrivate(creator) ? ('private' as const) : creator;
  };
  const unavailable: SocialExpected['unavailable'] = (endpoint, key) => {
    if (endpoint === 'comments') {
      const index = dataset.indexOfId(key);
      if (index < 0 || dataset.isHidden(index)) return 'not_found';
      return social.commentsDisabled(index) ? 'private' : undefined;
    }
    if (endpoint === 'playlist') {
      const found = social.playlistOf(key);
      return found === undefined || dataset.isPrivate(found.creator) ? 'not_found' : undefined;
    }
    const state = userState(key);
    if (typeof state === 'string') return state;
    if (endpoint === 'liked' && !social.likesVisible(state)) return 'private';
    if (endpoint === 'following' && social.followingHidden(state)) return 'private';
    return undefined;
  };
  const sorted = (ids: Iterable<string>) => [...new Set(ids)].sort();
  const people = (username: string, kind: 'followers' | 'following') => {
    if (unavailable(kind, username) !== undefined) return [];
    const creator = creatorOf(username);
    const list = kind === 'followers' ? social.followers(creator) : social.following(creator);
    return sorted(
      list
        .filter((entry) => isShown(dataset, kind, entry))
        .map((e) => dataset.creatorName(e.value)),
    );
  };
  return {
    comments(videoId) {
      if (unavailable('comments', videoId) !== undefined) return [];
      const index = dataset.indexOfId(videoId);
      const count = Math.min(social.commentCount(index), COMMENTS_CAP);
      return sorted(Array.from({ length: count }, (_, k) => social.comment(index, k).id));
    },
    liked(username) {
      if (unavailable('liked', username) !== undefined) return [];
      return sorted(
        social
          .likes(creatorOf(username))
          .filter((entry) => isShown(dataset, 'likes', entry))
          .map((entry) => dataset.idOf(entry.value)),
      );
    },
    pinned(username) {
      if (unavailable('pinned', username) !== undefined) return [];
      return sorted(
        social
          .pinned(creatorOf(username))
          .filter((index) => !dataset.isHidden(index))
          .map((index) => dataset.idOf(index)),
      );
    },
    followers: (username) => people(username, 'followers'),
    following: (username) => people(username, 'following'),
    playlist(playlistId) {
      const found = social.playlistOf(playlistId);
      if (found === undefined || dataset.isPrivate(found.creator)) return [];
      return social
        .playlistVideos(found.creator, found.playlist)
        .filter((index) => !dataset.isHidden(index))
        .map((index) => dataset.idOf(index));
    },
    unavailable,
  };
}
