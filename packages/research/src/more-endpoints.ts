import type { Comment, Playlist, UserProfile, UserRef, Video } from '@tikrx/core';
import type { Observable } from 'rxjs';
import { type CommentsOptions, commentsEndpoint } from './comments-endpoint.js';
import type { EndpointContext } from './endpoint-context.js';
import { type PlaylistOptions, playlistEndpoint } from './playlist-endpoint.js';
import { type UserInfoOptions, userInfoEndpoint } from './user-info-endpoint.js';
import {
  type LikedVideosOptions,
  likedVideosEndpoint,
  type PinnedVideosOptions,
  pinnedVideosEndpoint,
  type SocialGraphOptions,
  socialGraphEndpoint,
} from './user-lists-endpoint.js';

/** The Research endpoints beyond the video query and reposted videos. */
export interface MoreEndpoints {
  /** A user's profile; an unknown or private user is a profile whose `lookupStatus` says so. */
  userInfo(username: string, options?: UserInfoOptions): Observable<UserProfile>;
  /** The comments of a video, or of many as one resumable crawl (top 1,000 per video). */
  comments(videoIds: string | readonly string[], options?: CommentsOptions): Observable<Comment>;
  /** The videos a user liked (most users hide them: then `forbidden`). */
  likedVideos(username: string, options?: LikedVideosOptions): Observable<Video>;
  /** The videos a user pinned to their profile. */
  pinnedVideos(username: string, options?: PinnedVideosOptions): Observable<Video>;
  /** A user's followers (public accounts only), newest first. */
  followers(username: string, options?: SocialGraphOptions): Observable<UserRef>;
  /** The accounts a user follows, newest first. */
  following(username: string, options?: SocialGraphOptions): Observable<UserRef>;
  /** A playlist's name and video ids. */
  playlist(playlistId: string, options?: PlaylistOptions): Observable<Playlist>;
}

/** Builds the endpoints on the client's own setup, POST and events. */
export function moreEndpoints(context: EndpointContext): MoreEndpoints {
  return {
    userInfo: userInfoEndpoint(context),
    comments: commentsEndpoint(context),
    likedVideos: likedVideosEndpoint(context),
    pinnedVideos: pinnedVideosEndpoint(context),
    followers: socialGraphEndpoint(context, 'follower'),
    following: socialGraphEndpoint(context, 'following'),
    playlist: playlistEndpoint(context),
  };
}
