import { isTikrxError, type UserRef, type UserRelation, type Video } from '@tikrx/core';
import { validateOptionsObject } from '@tikrx/core/internal';
import { catchError, defer, map, type Observable, throwError } from 'rxjs';
import type { ResearchCrawlKind } from './checkpoint.js';
import { crawlKey, readCheckpoint } from './checkpoint.js';
import { crawl } from './crawl.js';
import type { EndpointContext } from './endpoint-context.js';
import { normalizeResearchVideos } from './normalize.js';
import type { CrawlOptions } from './options.js';
import {
  normalizeUserRef,
  SOCIAL_GRAPH_ENDPOINTS,
  socialGraphPageSchema,
} from './social-graph-wire.js';
import { asUnavailable } from './unavailable-error.js';
import {
  likedVideosPageSchema,
  pinnedVideosPageSchema,
  USER_VIDEO_DEFAULT_FIELDS,
  USER_VIDEO_FIELDS,
  type UserVideoField,
} from './user-videos-wire.js';
import { validateUsername } from './username.js';
import { validateFields, validateMaxCount, validateOnCheckpoint } from './validate-options.js';
import { type CrawlPage, parsePage, sentList } from './wire.js';

/** Options of `likedVideos`. */
export interface LikedVideosOptions extends CrawlOptions {
  /** Default: every documented field but `favorites_count` (see `USER_VIDEO_FIELDS`). */
  fields?: readonly UserVideoField[];
  /** `max_count` per request, 1–100; default 100. */
  maxCount?: number;
}

/** Options of `pinnedVideos` (one page: no cursor, no count). */
export interface PinnedVideosOptions extends CrawlOptions {
  /** Default: every documented field but `favorites_count`. */
  fields?: readonly UserVideoField[];
}

/** Options of `followers` and `following` (no `fields`: entries are username and display name). */
export interface SocialGraphOptions extends CrawlOptions {
  /** `max_count` per request, 1–100; default 100. */
  maxCount?: number;
}

/** What one user list endpoint is: its checkpoint kind, what it asks, how it reads a page. */
interface UserListSpec<T> {
  kind: ResearchCrawlKind;
  /** For messages: "the liked videos of x". */
  what: string;
  path: string;
  fields?: string[];
  maxCount?: number;
  social?: boolean;
  idOf?: (item: T) => string;
  readPage: (body: unknown, cursor: number) => CrawlPage<T>;
}

/**
 * One user's list as a resumable crawl of one window. A timestamp cursor (liked videos,
 * followers, following) is left out of the first request, so the API starts at "now"; after
 * that it is handed back exactly as the API sent it. An unknown or private user fails the
 * stream with `not_found` / `forbidden`, never an empty list.
 */
function userList<T>(
  context: EndpointContext,
  username: string,
  options: CrawlOptions,
  spec: UserListSpec<T>,
): Observable<T> {
  const { baseUrl, tokens, socialGraphRequester, policy } = context.setUp();
  const query = spec.fields === undefined ? '' : `?fields=${spec.fields.join(',')}`;
  const url = `${baseUrl}${spec.path}${query}`;
  const key = crawlKey({ username, fields: spec.fields, maxCount: spec.maxCount });
  const checkpoint =
    options.checkpoint === undefined
      ? undefined
      : readCheckpoint(options.checkpoint, spec.kind, key);
  return crawl<T>({
    kind: spec.kind,
    key,
    done: checkpoint?.done ?? [],
    windows: checkpoint?.windows ?? [{ cursor: 0, seenIds: [] }],
    concurrency: 1,
    emit: context.emit,
    onCheckpoint: options.onCheckpoint,
    policy,
    ...(spec.idOf === undefined ? {} : { idOf: spec.idOf }),
    fetchPage: (_window, { cursor }) => {
      const body = {
        username,
        ...(spec.maxCount === undefined ? {} : { max_count: spec.maxCount }),
        ...(cursor === 0 ? {} : { cursor }),
      };
      return context
        .post(url, body, tokens, spec.social === true ? socialGraphRequester : undefined)
        .pipe(
          map((response) => spec.readPage(response.body, cursor)),
          catchError((error: unknown) =>
            throwError(() =>
              isTikrxError(error) ? asUnavailable(error, `${spec.what} of ${username}`) : error,
            ),
          ),
        );
    },
  });
}

function checkedUserOptions(username: string, options: CrawlOptions, method: string): string {
  const name = validateUsername(username, 'username');
  validateOptionsObject(options, `${method} options`);
  validateOnCheckpoint(options.onCheckpoint);
  return name;
}

/** `likedVideos(username)`: the videos a user liked, newest like first. */
export function likedVideosEndpoint(context: EndpointContext) {
  return (username: string, options: LikedVideosOptions = {}): Observable<Video> =>
    defer(() => {
      const name = checkedUserOptions(username, options, 'likedVideos');
      return userList<Video>(context, name, options, {
        kind: 'liked_videos',
        what: 'the liked videos',
        path: '/v2/research/user/liked_videos/',
        fields: validateFields(options.fields, USER_VIDEO_FIELDS, USER_VIDEO_DEFAULT_FIELDS),
        maxCount: validateMaxCount(options.maxCount),
        readPage: (body) => {
          const page = parsePage(likedVideosPageSchema, body, 'liked videos');
          return {
            items: normalizeResearchVideos(
              page.data.user_liked_videos ?? [],
              sentList(body, 'user_liked_videos'),
            ),
            next:
              page.data.has_more && page.data.cursor !== undefined
                ? { cursor: page.data.cursor }
                : undefined,
          };
        },
      });
    });
}

/** `pinnedVideos(username)`: the videos a user pinned to their profile (one page). */
export function pinnedVideosEndpoint(context: EndpointContext) {
  return (username: string, options: PinnedVideosOptions = {}): Observable<Video> =>
    defer(() => {
      const name = checkedUserOptions(username, options, 'pinnedVideos');
      return userList<Video>(context, name, options, {
        kind: 'pinned_videos',
        what: 'the pinned videos',
        path: '/v2/research/user/pinned_videos/',
        fields: validateFields(options.fields, USER_VIDEO_FIELDS, USER_VIDEO_DEFAULT_FIELDS),
        readPage: (body) => {
          const page = parsePage(pinnedVideosPageSchema, body, 'pinned videos');
          return {
            items: normalizeResearchVideos(
              page.data.pinned_videos_list ?? [],
              sentList(body, 'pinned_videos_list'),
            ),
            next: undefined,
          };
        },
      });
    });
}

/** `followers(username)` / `following(username)`: a user's list, newest first. */
export function socialGraphEndpoint(context: EndpointContext, relation: UserRelation) {
  const { path, listKey } = SOCIAL_GRAPH_ENDPOINTS[relation];
  const method = relation === 'follower' ? 'followers' : 'following';
  return (username: string, options: SocialGraphOptions = {}): Observable<UserRef> =>
    defer(() => {
      const name = checkedUserOptions(username, options, method);
      return userList<UserRef>(context, name, options, {
        kind: method,
        what: `the ${method} list`,
        path,
        maxCount: validateMaxCount(options.maxCount),
        social: true,
        idOf: (ref) => ref.username,
        readPage: (body) => {
          const page = parsePage(socialGraphPageSchema, body, method);
          const sent = sentList(body, listKey);
          return {
            items: (page.data[listKey] ?? []).map((record, index) =>
              normalizeUserRef(record, relation, name, sent[index]),
            ),
            next:
              page.data.has_more && page.data.cursor !== undefined
                ? { cursor: page.data.cursor }
                : undefined,
          };
        },
      });
    });
}
