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
} from './context.js';
import { checkFields, DISPLAY_FIELDS, parseFieldList } from './fields.js';
import { renderDisplayVideo } from './render.js';

const V1 = { api: 'display', variant: 'v1' } as const;
const V2 = { api: 'display', variant: 'v2' } as const;

interface DisplayPage {
  indices: number[];
  cursor: number;
  hasMore: boolean;
}

/**
 * A creator's videos, newest first, created before `cursorMs` (0: no bound). The next cursor
 * is the create time (ms) of the last video of the page, hidden or not, so a short page
 * loses nothing.
 */
export function displayPage(
  ctx: SimContext,
  username: string,
  cursorMs: number,
  maxCount: number,
): DisplayPage {
  const creator = ctx.dataset.creatorByName(username);
  if (creator < 0) return { indices: [], cursor: cursorMs, hasMore: false };
  const all = ctx.dataset.creatorVideos(creator);
  let start = all.length - 1;
  if (cursorMs > 0) {
    while (start >= 0 && ctx.dataset.createTime(all[start]!) * 1000 >= cursorMs) start--;
  }
  const taken: number[] = [];
  for (let k = start; k >= 0 && taken.length < maxCount; k--) taken.push(all[k]!);
  const last = taken[taken.length - 1];
  if (last === undefined) return { indices: [], cursor: cursorMs, hasMore: false };
  return {
    indices: taken.filter((i) => !ctx.dataset.isHidden(i)),
    cursor: ctx.dataset.createTime(last) * 1000,
    hasMore: start - taken.length >= 0,
  };
}

type Variant = typeof V1 | typeof V2;

function authorize(ctx: SimContext, variant: Variant, token: string | undefined): Reply | string {
  const info = token === undefined ? undefined : ctx.tokens.lookup(token);
  if (info === undefined) {
    return apiError(
      ctx,
      variant,
      401,
      'access_token_invalid',
      'The access token is invalid or not found in the request.',
    );
  }
  if (info.kind !== 'display' || info.username === undefined) {
    return apiError(
      ctx,
      variant,
      403,
      'scope_not_authorized',
      'The user did not authorize the scope required for completing this request (video.list).',
    );
  }
  const retryAfterSec = ctx.limits.display.take(token ?? '', ctx.now());
  if (retryAfterSec > 0) {
    ctx.stats.limited++;
    return apiError(
      ctx,
      variant,
      429,
      'rate_limit_exceeded',
      'API rate limit was exceeded, please try again later.',
      { 'retry-after': String(retryAfterSec) },
    );
  }
  return info.username;
}

function readPaging(body: Record<string, unknown>): { cursor: number; maxCount: number } | string {
  const cursor = optionalInteger(body['cursor'], 0);
  const maxCount = optionalInteger(body['max_count'], 10);
  if (cursor === undefined || cursor < 0)
    return 'Invalid params: cursor must be a non-negative int64';
  if (maxCount === undefined || maxCount < 1 || maxCount > 20) {
    return 'Invalid params: max_count must be between 1 and 20';
  }
  return { cursor, maxCount };
}

function render(ctx: SimContext, page: DisplayPage, fields: string[]): string {
  ctx.stats.pagesServed++;
  ctx.stats.videosServed += page.indices.length;
  return page.indices.map((i) => renderDisplayVideo(ctx.dataset.video(i), fields)).join(',');
}

/** `POST /video/list/?access_token=…` (Display API v1). */
export const displayV1VideoList: Route = {
  endpoint: 'display.v1.video.list',
  ...V1,
  handle(ctx, request) {
    const user = authorize(ctx, V1, request.query.get('access_token') ?? undefined);
    if (typeof user !== 'string') return user;
    const body = parseJsonBody(request.body);
    if (!isRecord(body))
      return apiError(
        ctx,
        V1,
        400,
        'invalid_params',
        'Invalid request body: expected a JSON object',
      );
    if (!Array.isArray(body['fields'])) {
      return apiError(
        ctx,
        V1,
        400,
        'invalid_params',
        'Invalid params: fields is required (a list of field names)',
      );
    }
    const fields = checkFields(body['fields'], DISPLAY_FIELDS);
    if (typeof fields === 'string') return apiError(ctx, V1, 400, 'invalid_params', fields);
    const paging = readPaging(body);
    if (typeof paging === 'string') return apiError(ctx, V1, 400, 'invalid_params', paging);
    const page = displayPage(ctx, user, paging.cursor, paging.maxCount);
    return jsonReply(
      200,
      `{"data":{"video_list":[${render(ctx, page, fields)}],"cursor":${page.cursor},"has_more":${page.hasMore},"err_code":0,"error_code":0},"extra":{"error_detail":"","logid":"${ctx.ids.logId()}"}}`,
    );
  },
};

/** `POST /v2/video/list/?fields=…` with a Bearer token (Display API v2). */
export const displayV2VideoList: Route = {
  endpoint: 'display.v2.video.list',
  ...V2,
  handle(ctx, request) {
    const user = authorize(ctx, V2, bearerToken(request));
    if (typeof user !== 'string') return user;
    const fields = parseFieldList(request.query.get('fields'), DISPLAY_FIELDS);
    if (typeof fields === 'string') return apiError(ctx, V2, 400, 'invalid_params', fields);
    const body = parseJsonBody(request.body);
    if (!isRecord(body))
      return apiError(
        ctx,
        V2,
        400,
        'invalid_params',
        'Invalid request body: expected a JSON object',
      );
    const paging = readPaging(body);
    if (typeof paging === 'string') return apiError(ctx, V2, 400, 'invalid_params', paging);
    const page = displayPage(ctx, user, paging.cursor, paging.maxCount);
    return jsonReply(
      200,
      `{"data":{"videos":[${render(ctx, page, fields)}],"cursor":${page.cursor},"has_more":${page.hasMore}},"error":{"code":"ok","message":"","log_id":"${ctx.ids.logId()}"}}`,
    );
  },
};
