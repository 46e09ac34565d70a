import type { Comment, UserProfile, Video } from '@tikrx/core';
import { badRequest } from '@tikrx/core/internal';
import { defer, mergeMap, type OperatorFunction } from 'rxjs';
import type { CommentsOptions } from './comments-endpoint.js';
import type { ResearchClient } from './options.js';
import type { UserInfoOptions } from './user-info-endpoint.js';

/** Default requests in flight of a fan-out. */
export const DEFAULT_FAN_OUT_CONCURRENCY = 8;

/** Options of {@link commentsOfVideos}. */
export interface CommentsOfVideosOptions
  extends Pick<CommentsOptions, 'fields' | 'maxCount' | 'unavailable'> {
  /** Videos read at once; default 8. Every request still goes through the client's limiter and quota. */
  concurrency?: number;
}

/** Options of {@link profilesOfUsers}. */
export interface ProfilesOfUsersOptions extends UserInfoOptions {
  /** Profiles asked for at once; default 8. */
  concurrency?: number;
}

function concurrencyOf(value: number | undefined): number {
  if (value === undefined) return DEFAULT_FAN_OUT_CONCURRENCY;
  if (!Number.isInteger(value) || value < 1) {
    throw badRequest(`concurrency must be a positive integer; got ${value}`);
  }
  return value;
}

/**
 * From a stream of videos (or video ids) to their comments, `concurrency` videos at a time,
 * every request through the client's shared limiter and daily quota. A video whose comments
 * the API will not give is skipped with a `warning` event (`unavailable: 'error'` to fail).
 */
export function commentsOfVideos(
  client: Pick<ResearchClient, 'comments'>,
  options: CommentsOfVideosOptions = {},
): OperatorFunction<Video | string, Comment> {
  const { concurrency, ...comments } = options;
  return (source) =>
    defer(() =>
      source.pipe(
        mergeMap(
          (video) =>
            client.comments(typeof video === 'string' ? video : video.id, {
              unavailable: 'skip',
              ...comments,
            }),
          concurrencyOf(concurrency),
        ),
      ),
    );
}

/**
 * From a stream of usernames to their profiles, `concurrency` at a time through the client's
 * limiter and quota. Unknown and private users come out as profiles whose `lookupStatus` says so.
 */
export function profilesOfUsers(
  client: Pick<ResearchClient, 'userInfo'>,
  options: ProfilesOfUsersOptions = {},
): OperatorFunction<string, UserProfile> {
  const { concurrency, ...info } = options;
  return (source) =>
    defer(() =>
      source.pipe(
        mergeMap((username) => client.userInfo(username, info), concurrencyOf(concurrency)),
      ),
    );
}
