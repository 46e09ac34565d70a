import {
  apiError,
  bearerToken,
  isRecord,
  jsonTextReply,
  optionalInteger,
  parseJsonBody,
  type Reply,
  type Route,
  type SimContext,
  type SimRequest,
} from './context.js';
import { parseFieldList, RESEARCH_QUERY_FIELDS, RESEARCH_REPOST_FIELDS } from './fields.js';
import { hash32, hashString } from './hash.js';
import {
  type ResearchFieldPlan,
  type ResearchRenderOptions,
  researchFieldPlan,
} from './research-json.js';
import { compileQuery, indexLagAt, parseDay, ResultSet } from './research-query.js';

const RESEARCH = { api: 'research' } as const;
const MAX_WINDOW_DAYS = 30;
export const INVALID_COUNT_OR_CURSOR = 'Invalid count or cursor';

/**
 * `fields` lists parsed and compiled, by the text sent: a crawl sends the same one with every
 * page. Bounded (a client sending ever new lists only empties it now and then).
 */
class FieldPlans {
  private readonly byText = new Map<string, ResearchFieldPlan | string>();
  constructor(private readonly allowed: readonly string[]) {}

  /** The plan of a `fields` parameter, or the API's error message. */
  get(text: string | null): ResearchFieldPlan | string {
    const key = text ?? '';
    let found = this.byText.get(key);
    if (found === undefined) {
      const fields = parseFieldList(text, this.allowed);
      found = typeof fields === 'string' ? fields : researchFieldPlan(fields);
      if (this.byText.size >= 64) this.byText.clear();
      this.byText.set(key, found);
    }
    return found;
  }
}

const QUERY_FIELD_PLANS = new FieldPlans(RESEARCH_QUERY_FIELDS);
const REPOST_FIELD_PLANS = new FieldPlans(RESEARCH_REPOST_FIELDS);

/**
 * Authentication, rate limit and daily quota shared by every Research endpoint; a Reply when
 * refused. Runs before injected faults, so a fault spends the quota like the field's 500s do.
 * Followers and following spend their own daily quota (`daily: 'socialGraph'`).
 */
export function admit(
  ctx: SimContext,
  request: SimRequest,
  daily: 'general' | 'socialGraph' = 'general',
): Reply | undefined {
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
    // The field (TikTok's error page): scope_not_authorized comes with 401, not 403.
    return apiError(
      ctx,
      RESEARCH,
      401,
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
      // The field: no Retry-After (peers wait about 10 s on their own).
      ctx.quirks.rateLimitRetryAfter ? { 'retry-after': String(retryAfterSec) } : undefined,
    );
  }
  const quota =
    daily === 'general' ? ctx.limits.researchDaily : ctx.limits.researchSocialGraphDaily;
  if (!quota.take(now)) {
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

export function renderOptions(
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

/** A video query window answered 500, counted under `fault` in the stats. */
function windowFailed(ctx: SimContext, fault: 'failing-day' | 'window-500'): Reply {
  ctx.stats.faults[fault] = (ctx.stats.faults[fault] ?? 0) + 1;
  return apiError(
    ctx,
    RESEARCH,
    500,
    'internal_error',
    'Something went wrong. Please try again later.',
  );
}

export function invalid(ctx: SimContext, message: string): Reply {
  return apiError(ctx, RESEARCH, 400, 'invalid_params', message);
}

/** `POST /v2/research/video/query/` */
export const researchVideoQuery: Route = {
  endpoint: 'research.video.query',
  api: 'research',
  admit: (ctx, request) => admit(ctx, request),
  handle(ctx, request) {
    const plan = QUERY_FIELD_PLANS.get(request.query.get('fields'));
    if (typeof plan === 'string') return invalid(ctx, plan);
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

    // The field: some date ranges answer 500 every time, for weeks.
    if (ctx.failingDays.some((day) => day >= firstDay && day <= lastDay)) {
      return windowFailed(ctx, 'failing-day');
    }
    // The API fails more often the larger the window (issue reports: 500s on long ranges).
    const windowRate = ctx.quirks.windowErrorRate * ((lastDay - firstDay + 1) / MAX_WINDOW_DAYS);
    if (windowRate > 0 && ctx.windowErrorDraw() < windowRate)
      return windowFailed(ctx, 'window-500');

    const options = renderOptions(ctx, 'favourites_count');
    const key = `${JSON.stringify(body['query'])}|${firstDay}|${lastDay}`;
    const lag = indexLagAt(ctx.now(), ctx.quirks.indexLagDays);

    if (isRandom === true) {
      const all = new ResultSet(ctx.dataset, query, firstDay, lastDay, lag)
        .all()
        .filter((i) => !ctx.dataset.isHidden(i));
      const picked: number[] = [];
      const h = hashString(ctx.dataset.seed, key);
      for (let k = 0; k < all.length && picked.length < Math.min(maxCount, all.length); k++) {
        const index = all[hash32(h, k, picked.length) % all.length]!;
        if (!picked.includes(index)) picked.push(index);
      }
      return page(ctx, picked, plan, options, picked.length, false, '');
    }

    const searchIdValue = body['search_id'];
    const searchId =
      typeof searchIdValue === 'string' || typeof searchIdValue === 'number'
        ? String(searchIdValue)
        : '';
    let state = searchId === '' ? undefined : ctx.searches.get(searchId);
    if (
      searchId !== '' &&
      (state === undefined ||
        state.key !== key ||
        ctx.now() < state.issuedAtMs + ctx.quirks.searchWarmupMs)
    ) {
      // The field: HTTP 400 invalid_params, for an unknown or expired search and for one still
      // warming up ("backend cache to populate"), which is accepted again moments later.
      return invalid(ctx, `Search Id ${searchId} is invalid or expired`);
    }
    if (state === undefined) {
      if (cursor > 0)
        return invalid(ctx, 'Invalid params: search_id is required when cursor is not 0');
      ctx.stats.searchesIssued++;
      state = {
        key,
        results: new ResultSet(ctx.dataset, query, firstDay, lastDay, lag),
        issuedAtMs: ctx.now(),
      };
    }
    const hasMore = state.results.hasMoreThan(cursor + maxCount);
    const total = state.results.size;
    if (cursor > total) return invalid(ctx, INVALID_COUNT_OR_CURSOR);
    const id = searchId === '' ? ctx.ids.searchId() : searchId;
    if (searchId === '') ctx.searches.set(id, state);
    const visible = visibleOf(ctx, state.results.slice(cursor, cursor + maxCount), 0, maxCount);
    const next = Math.min(cursor + maxCount, total);
    return page(ctx, visible, plan, options, next, hasMore, id);
  },
};

/** The indices from..to (exclusive) of `all` that are not hidden. */
export function visibleOf(
  ctx: SimContext,
  all: readonly number[],
  from: number,
  to: number,
): number[] {
  const visible: number[] = [];
  const end = Math.min(to, all.length);
  for (let at = from; at < end; at++) {
    const index = all[at]!;
    if (!ctx.dataset.isHidden(index)) visible.push(index);
  }
  return visible;
}

function page(
  ctx: SimContext,
  indices: number[],
  plan: ResearchFieldPlan,
  options: ResearchRenderOptions,
  nextCursor: number,
  hasMore: boolean,
  searchId: string,
): Reply {
  ctx.stats.pagesServed++;
  ctx.stats.videosServed += indices.length;
  return jsonTextReply(
    ctx.researchJson.queryPage(
      indices,
      plan,
      options,
      nextCursor,
      hasMore,
      searchId,
      ctx.ids.logId(),
    ),
  );
}

/** `POST /v2/research/user/reposted_videos/` */
export const researchRepostedVideos: Route = {
  endpoint: 'research.user.reposted_videos',
  api: 'research',
  admit: (ctx, request) => admit(ctx, request),
  handle(ctx, request) {
    const plan = REPOST_FIELD_PLANS.get(request.query.get('fields'));
    if (typeof plan === 'string') return invalid(ctx, plan);
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
    const visible = visibleOf(ctx, all, cursor, cursor + maxCount);
    const options = renderOptions(ctx, 'favorites_count');
    const mode = ctx.quirks.repostedKey;
    const listKey =
      mode === 'both'
        ? hashString(ctx.dataset.seed, username) % 2 === 0
          ? 'reposted_videos'
          : 'user_reposted_videos'
        : mode;
    ctx.stats.pagesServed++;
    ctx.stats.videosServed += visible.length;
    const next = Math.min(cursor + maxCount, all.length);
    // The document's example answers message "ok" here (the video query says "").
    return jsonTextReply(
      ctx.researchJson.repostsPage(
        listKey,
        visible,
        plan,
        options,
        next,
        next < all.length,
        ctx.ids.logId(),
      ),
    );
  },
};
