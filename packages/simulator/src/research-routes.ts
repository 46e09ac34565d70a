import {
  apiError,
  bearerToken,
  isRecord,
  jsonReply,
  optionalInteger,
  parseJsonBody,
  type Reply,
  type Route,
  type SimContext,
  type SimRequest,
} from './context.js';
import { parseFieldList, RESEARCH_QUERY_FIELDS, RESEARCH_REPOST_FIELDS } from './fields.js';
import { hash32, hashString } from './hash.js';
import { type ResearchRenderOptions, renderResearchVideo } from './render.js';
import { compileQuery, parseDay, ResultSet } from './research-query.js';

const RESEARCH = { api: 'research' } as const;
const MAX_WINDOW_DAYS = 30;
export const INVALID_COUNT_OR_CURSOR = 'Invalid count or cursor';

/** Authentication, rate limit and daily quota shared by both Research endpoints; a Reply when refused. */
function admit(ctx: SimContext, request: SimRequest): Reply | undefined {
  const token = bearerToken(request);
  const info = token === undefined ? undefined : ctx.tokens.lookup(token);
  if (info === undefined) {
    return apiError(
      ctx,
      RESEARCH,
      401,
      'access_token_invalid',
      'The access token is invalid or not found in the request.',
    );
  }
  if (info.kind !== 'client') {
    return apiError(
      ctx,
      RESEARCH,
      403,
      'scope_not_authorized',
      'The user did not authorize the scope required for completing this request.',
    );
  }
  const now = ctx.now();
  const retryAfterSec = ctx.limits.research.take('research', now);
  if (retryAfterSec > 0) {
    ctx.stats.limited++;
    return apiError(
      ctx,
      RESEARCH,
      429,
      'rate_limit_exceeded',
      'API rate limit was exceeded, please try again later.',
      { 'retry-after': String(retryAfterSec) },
    );
  }
  if (!ctx.limits.researchDaily.take(now)) {
    ctx.stats.limited++;
    return apiError(
      ctx,
      RESEARCH,
      429,
      'daily_quota_limit_exceeded',
      'Daily quota limit exceeded. The quota resets at 00:00 UTC.',
    );
  }
  return undefined;
}

function renderOptions(
  ctx: SimContext,
  favouritesDefault: ResearchRenderOptions['favouritesKey'],
): ResearchRenderOptions {
  const favourites = ctx.quirks.favouritesKey;
  return {
    bigintIds: ctx.quirks.bigintIds,
    videoIdKey: ctx.quirks.videoIdKey,
    favouritesKey: favourites === 'both' ? favouritesDefault : favourites,
  };
}

function invalid(ctx: SimContext, message: string): Reply {
  return apiError(ctx, RESEARCH, 400, 'invalid_params', message);
}

/** `POST /v2/research/video/query/` */
export const researchVideoQuery: Route = {
  endpoint: 'research.video.query',
  api: 'research',
  handle(ctx, request) {
    const refused = admit(ctx, request);
    if (refused !== undefined) return refused;
    const fields = parseFieldList(request.query.get('fields'), RESEARCH_QUERY_FIELDS);
    if (typeof fields === 'string') return invalid(ctx, fields);
    const body = parseJsonBody(request.body);
    if (!isRecord(body)) return invalid(ctx, 'Invalid request body: expected a JSON object');

    if (body['start_date'] === undefined || body['end_date'] === undefined) {
      return invalid(ctx, 'Invalid params: start_date and end_date are required');
    }
    const firstDay = parseDay(body['start_date']);
    const lastDay = parseDay(body['end_date']);
    if (firstDay === undefined) return invalid(ctx, 'Invalid start_date: expected format YYYYMMDD');
    if (lastDay === undefined) return invalid(ctx, 'Invalid end_date: expected format YYYYMMDD');
    if (lastDay < firstDay)
      return invalid(ctx, 'Invalid params: end_date must not be earlier than start_date');
    if (lastDay - firstDay > MAX_WINDOW_DAYS) {
      return invalid(ctx, 'Invalid params: end_date must be no more than 30 days after start_date');
    }
    const maxCount = optionalInteger(body['max_count'], 20);
    const cursor = optionalInteger(body['cursor'], 0);
    if (maxCount === undefined || maxCount < 1 || maxCount > 100)
      return invalid(ctx, INVALID_COUNT_OR_CURSOR);
    if (cursor === undefined || cursor < 0) return invalid(ctx, INVALID_COUNT_OR_CURSOR);
    const isRandom = body['is_random'];
    if (isRandom !== undefined && typeof isRandom !== 'boolean') {
      return invalid(ctx, 'Invalid params: is_random must be a boolean');
    }
    if (body['query'] === undefined) return invalid(ctx, 'Invalid params: query is required');
    const query = compileQuery(body['query'], ctx.dataset);
    if (typeof query === 'string') return invalid(ctx, query);

    // The API fails more often the larger the window (issue reports: 500s on long ranges).
    const windowRate = ctx.quirks.windowErrorRate * ((lastDay - firstDay + 1) / MAX_WINDOW_DAYS);
    if (windowRate > 0 && ctx.windowErrorDraw() < windowRate) {
      ctx.stats.faults['window-500'] = (ctx.stats.faults['window-500'] ?? 0) + 1;
      return apiError(
        ctx,
        RESEARCH,
        500,
        'internal_error',
        'Something went wrong. Please try again later.',
      );
    }

    const options = renderOptions(ctx, 'favourites_count');
    const key = `${JSON.stringify(body['query'])}|${firstDay}|${lastDay}`;

    if (isRandom === true) {
      const all = new ResultSet(ctx.dataset, query, firstDay, lastDay)
        .all()
        .filter((i) => !ctx.dataset.isHidden(i));
      const picked: number[] = [];
      const h = hashString(ctx.dataset.seed, key);
      for (let k = 0; k < all.length && picked.length < Math.min(maxCount, all.length); k++) {
        const index = all[hash32(h, k, picked.length) % all.length]!;
        if (!picked.includes(index)) picked.push(index);
      }
      return page(ctx, picked, fields, options, picked.length, false, '');
    }

    const searchIdValue = body['search_id'];
    const searchId =
      typeof searchIdValue === 'string' || typeof searchIdValue === 'number'
        ? String(searchIdValue)
        : '';
    let state = searchId === '' ? undefined : ctx.searches.get(searchId);
    if (searchId !== '' && (state === undefined || state.key !== key)) {
      // What TikTok does: HTTP 500, internal_error. A client recovers by restarting the window.
      return apiError(
        ctx,
        RESEARCH,
        500,
        'internal_error',
        `Search Id ${searchId} is invalid or expired`,
      );
    }
    if (state === undefined) {
      if (cursor > 0)
        return invalid(ctx, 'Invalid params: search_id is required when cursor is not 0');
      state = { key, results: new ResultSet(ctx.dataset, query, firstDay, lastDay) };
    }
    const hasMore = state.results.hasMoreThan(cursor + maxCount);
    const total = state.results.matched.length;
    if (cursor > total) return invalid(ctx, INVALID_COUNT_OR_CURSOR);
    const id = searchId === '' ? ctx.ids.searchId() : searchId;
    if (searchId === '') ctx.searches.set(id, state);
    const slice = state.results.matched.slice(cursor, cursor + maxCount);
    const visible = slice.filter((i) => !ctx.dataset.isHidden(i));
    return page(ctx, visible, fields, options, Math.min(cursor + maxCount, total), hasMore, id);
  },
};

function page(
  ctx: SimContext,
  indices: number[],
  fields: string[],
  options: ResearchRenderOptions,
  nextCursor: number,
  hasMore: boolean,
  searchId: string,
): Reply {
  const videos = indices.map((i) =>
    renderResearchVideo(ctx.dataset, ctx.dataset.video(i), fields, options),
  );
  ctx.stats.pagesServed++;
  ctx.stats.videosServed += videos.length;
  return jsonReply(
    200,
    `{"data":{"videos":[${videos.join(',')}],"cursor":${nextCursor},"has_more":${hasMore},"search_id":"${searchId}"},"error":{"code":"ok","message":"","log_id":"${ctx.ids.logId()}"}}`,
  );
}

/** `POST /v2/research/user/reposted_videos/` */
export const researchRepostedVideos: Route = {
  endpoint: 'research.user.reposted_videos',
  api: 'research',
  handle(ctx, request) {
    const refused = admit(ctx, request);
    if (refused !== undefined) return refused;
    const fields = parseFieldList(request.query.get('fields'), RESEARCH_REPOST_FIELDS);
    if (typeof fields === 'string') return invalid(ctx, fields);
    const body = parseJsonBody(request.body);
    if (!isRecord(body)) return invalid(ctx, 'Invalid request body: expected a JSON object');
    const username = body['username'];
    if (typeof username !== 'string' || username.trim() === '') {
      return invalid(ctx, 'Invalid params: username is required');
    }
    const maxCount = optionalInteger(body['max_count'], 20);
    const cursor = optionalInteger(body['cursor'], 0);
    if (maxCount === undefined || maxCount < 1 || maxCount > 100)
      return invalid(ctx, INVALID_COUNT_OR_CURSOR);
    if (cursor === undefined || cursor < 0) return invalid(ctx, INVALID_COUNT_OR_CURSOR);
    const creator = ctx.dataset.creatorByName(username.trim().toLowerCase());
    if (creator < 0) return invalid(ctx, `Invalid params: the user ${username} does not exist`);
    const all = ctx.dataset.isPrivate(creator) ? [] : ctx.dataset.reposts(creator);
    if (cursor > all.length) return invalid(ctx, INVALID_COUNT_OR_CURSOR);
    const slice = all.slice(cursor, cursor + maxCount).filter((i) => !ctx.dataset.isHidden(i));
    const options = renderOptions(ctx, 'favorites_count');
    const videos = slice.map((i) =>
      renderResearchVideo(ctx.dataset, ctx.dataset.video(i), fields, options),
    );
    const mode = ctx.quirks.repostedKey;
    const listKey =
      mode === 'both'
        ? hashString(ctx.dataset.seed, username) % 2 === 0
          ? 'reposted_videos'
          : 'user_reposted_videos'
        : mode;
    ctx.stats.pagesServed++;
    ctx.stats.videosServed += videos.length;
    const next = Math.min(cursor + maxCount, all.length);
    // The document's example answers message "ok" here (the video query says "").
    return jsonReply(
      200,
      `{"data":{"${listKey}":[${videos.join(',')}],"cursor":${next},"has_more":${next < all.length}},"error":{"code":"ok","message":"ok","log_id":"${ctx.ids.logId()}"}}`,
    );
  },
};
