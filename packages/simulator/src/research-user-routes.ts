import {
  isRecord,
  jsonReply,
  jsonTextReply,
  optionalInteger,
  parseJsonBody,
  type Reply,
  type Route,
  type SimContext,
  type SimRequest,
} from './context.js';
import {
  parseFieldList,
  RESEARCH_QUERY_FIELDS,
  RESEARCH_USER_INFO_FIELDS,
  RESEARCH_USER_VIDEO_FIELDS,
} from './fields.js';
import { researchFieldPlan } from './research-json.js';
import { admit, INVALID_COUNT_OR_CURSOR, invalid, renderOptions } from './research-routes.js';
import { type SocialPage, socialPage, userProfileOf } from './social-lists.js';

/** What the API says of a user it cannot find (tiktok-library's notebooks). */
export const USER_NOT_FOUND = (username: string) =>
  `\`username: ${username}\` is invalid: cannot find the user`;
/** What it says of a user it will not return (tiktok-library's RefusedUsernameError). */
export const USER_REFUSED = "API cannot return this user's information";
/** What it says of hidden likes (traktok matches `information.cannot.be.returned`). */
export const LIKES_HIDDEN = "The user's liked videos information cannot be returned";

type UserBody = { creator: number; username: string; body: Record<string, unknown> };

/** Admits the request and finds the user of its body; a Reply when refused. */
function userRequest(
  ctx: SimContext,
  request: SimRequest,
  daily: 'general' | 'socialGraph' = 'general',
): UserBody | Reply {
  const refused = admit(ctx, request, daily);
  if (refused !== undefined) return refused;
  const body = parseJsonBody(request.body);
  if (!isRecord(body)) return invalid(ctx, 'Invalid request body: expected a JSON object');
  const username = body['username'];
  if (typeof username !== 'string' || username.trim() === '') {
    return invalid(ctx, 'Invalid params: username is required');
  }
  const creator = ctx.dataset.creatorByName(username.trim().toLowerCase());
  if (creator < 0) return invalid(ctx, USER_NOT_FOUND(username));
  if (ctx.dataset.isPrivate(creator)) return invalid(ctx, USER_REFUSED);
  return { creator, username, body };
}

function isReply(value: UserBody | Reply): value is Reply {
  return 'status' in value;
}

/** `{"data":…,"error":{ok}}` around a data object written as text. */
export function okReply(ctx: SimContext, data: string): Reply {
  ctx.stats.pagesServed++;
  return jsonReply(
    200,
    `{"data":${data},"error":{"code":"ok","message":"ok","log_id":"${ctx.ids.logId()}"}}`,
  );
}

/** `POST /v2/research/user/info/` */
export const researchUserInfo: Route = {
  endpoint: 'research.user.info',
  api: 'research',
  handle(ctx, request) {
    const fields = parseFieldList(request.query.get('fields'), RESEARCH_USER_INFO_FIELDS);
    const found = userRequest(ctx, request);
    if (isReply(found)) return found;
    if (typeof fields === 'string') return invalid(ctx, fields);
    const profile = userProfileOf(ctx, found.creator);
    const data: Record<string, unknown> = {};
    for (const field of fields) {
      const value = profile[field as keyof typeof profile];
      if (value !== undefined) data[field] = value;
    }
    return okReply(ctx, JSON.stringify(data));
  },
};

/** Reads `max_count` (default 20, at most 100) and a timestamp `cursor` (default: now). */
function timedPaging(ctx: SimContext, body: Record<string, unknown>) {
  const maxCount = optionalInteger(body['max_count'], 20);
  const cursor = optionalInteger(body['cursor'], Math.floor(ctx.now() / 1000));
  if (maxCount === undefined || maxCount < 1 || maxCount > 100) return undefined;
  if (cursor === undefined) return undefined;
  return { maxCount, cursor };
}

function listReply(ctx: SimContext, listKey: string, page: SocialPage): Reply {
  ctx.stats.pagesServed++;
  return jsonReply(
    200,
    `{"data":{"${listKey}":${page.items},"cursor":${page.cursor},"has_more":${page.hasMore}},"error":{"code":"ok","message":"ok","log_id":"${ctx.ids.logId()}"}}`,
  );
}

/** `POST /v2/research/user/followers/` and `/following/`: no `fields`, their own quota. */
function socialGraphRoute(relation: 'followers' | 'following'): Route {
  return {
    endpoint: `research.user.${relation}`,
    api: 'research',
    handle(ctx, request) {
      const found = userRequest(ctx, request, 'socialGraph');
      if (isReply(found)) return found;
      if (relation === 'following' && ctx.social.followingHidden(found.creator)) {
        return invalid(ctx, USER_REFUSED);
      }
      const paging = timedPaging(ctx, found.body);
      if (paging === undefined) return invalid(ctx, INVALID_COUNT_OR_CURSOR);
      const page = socialPage(ctx, relation, found.creator, paging.cursor, paging.maxCount);
      return listReply(ctx, relation === 'followers' ? 'user_followers' : 'user_following', page);
    },
  };
}

export const researchFollowers = socialGraphRoute('followers');
export const researchFollowing = socialGraphRoute('following');

/** The `fields` of a liked or pinned request, as a plan of the fields the dataset has. */
function userVideoPlan(request: SimRequest) {
  const fields = parseFieldList(request.query.get('fields'), RESEARCH_USER_VIDEO_FIELDS);
  if (typeof fields === 'string') return fields;
  // Stickers, effect info and video tags: documented, but no video of the dataset has any.
  const known: readonly string[] = RESEARCH_QUERY_FIELDS;
  return researchFieldPlan(fields.filter((field) => known.includes(field)));
}

/** `POST /v2/research/user/liked_videos/`: a timestamp cursor, newest like first. */
export const researchLikedVideos: Route = {
  endpoint: 'research.user.liked_videos',
  api: 'research',
  handle(ctx, request) {
    const plan = userVideoPlan(request);
    const found = userRequest(ctx, request);
    if (isReply(found)) return found;
    if (typeof plan === 'string') return invalid(ctx, plan);
    if (!ctx.social.likesVisible(found.creator)) return invalid(ctx, LIKES_HIDDEN);
    const paging = timedPaging(ctx, found.body);
    if (paging === undefined) return invalid(ctx, INVALID_COUNT_OR_CURSOR);
    const page = socialPage(ctx, 'likes', found.creator, paging.cursor, paging.maxCount);
    ctx.stats.pagesServed++;
    ctx.stats.videosServed += page.indices.length;
    return jsonTextReply(
      ctx.researchJson.repostsPage(
        'user_liked_videos',
        page.indices,
        plan,
        renderOptions(ctx, 'favorites_count'),
        page.cursor,
        page.hasMore,
        ctx.ids.logId(),
      ),
    );
  },
};

/** `POST /v2/research/user/pinned_videos/`: one list, no paging. */
export const researchPinnedVideos: Route = {
  endpoint: 'research.user.pinned_videos',
  api: 'research',
  handle(ctx, request) {
    const plan = userVideoPlan(request);
    const found = userRequest(ctx, request);
    if (isReply(found)) return found;
    if (typeof plan === 'string') return invalid(ctx, plan);
    const indices = ctx.social.pinned(found.creator).filter((i) => !ctx.dataset.isHidden(i));
    ctx.stats.pagesServed++;
    ctx.stats.videosServed += indices.length;
    return jsonTextReply(
      ctx.researchJson.pinnedPage(
        indices,
        plan,
        renderOptions(ctx, 'favorites_count'),
        ctx.ids.logId(),
      ),
    );
  },
};
