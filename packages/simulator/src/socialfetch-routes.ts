import {
  apiError,
  jsonReply,
  type Reply,
  type Route,
  type SimContext,
  type SimRequest,
} from './context.js';
import { hash32 } from './hash.js';
import { renderSocialFetchVideo } from './render.js';

const SF = { api: 'socialfetch' } as const;
export const SOCIALFETCH_PAGE_SIZE = 20;

/** The handle of a `/v1/tiktok/profiles/{handle}` path, percent-decoded, without a leading "@". */
function handleOf(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function admit(
  ctx: SimContext,
  request: SimRequest,
  rawHandle: string,
): { handle: string } | Reply {
  const key = request.headers['x-api-key'];
  if (typeof key !== 'string' || key !== ctx.credentials.apiKey) {
    return apiError(ctx, SF, 401, 'unauthorized', 'Missing or invalid API key (x-api-key).');
  }
  const handle = handleOf(rawHandle);
  if (handle === undefined) {
    return apiError(ctx, SF, 400, 'bad_request', 'handle is not a valid percent-encoded string');
  }
  if (handle.length < 1 || handle.length > 64) {
    return apiError(ctx, SF, 400, 'bad_request', 'handle must be between 1 and 64 characters');
  }
  const retryAfterSec = ctx.limits.socialfetch.take(key, ctx.now());
  if (retryAfterSec > 0) {
    ctx.stats.limited++;
    return apiError(ctx, SF, 429, 'rate_limited', 'Too many requests, slow down.', {
      'retry-after': String(retryAfterSec),
    });
  }
  if (ctx.credits.remaining < ctx.credits.perRequest) {
    return apiError(
      ctx,
      SF,
      402,
      'insufficient_credits',
      'Your account has no credits left for this request.',
    );
  }
  return { handle: handle.replace(/^@/, '').toLowerCase() };
}

function charge(ctx: SimContext): number {
  ctx.credits.remaining -= ctx.credits.perRequest;
  ctx.stats.creditsCharged += ctx.credits.perRequest;
  return ctx.credits.perRequest;
}

function meta(ctx: SimContext, credits: number): string {
  return `"meta":{"requestId":"${ctx.ids.requestId()}","creditsCharged":${credits},"version":"v1"}`;
}

function optionalParam(request: SimRequest, name: string): string | undefined | null {
  const value = request.query.get(name);
  if (value === null) return undefined;
  return value.length === 0 ? null : value;
}

/** A creator's visible videos in the order `sortBy` asks for. */
export function socialFetchOrder(
  ctx: SimContext,
  creator: number,
  sortBy: string | undefined,
): number[] {
  const all = ctx.dataset.creatorVideos(creator).slice().reverse();
  if (sortBy === 'popular') {
    const views = new Map(all.map((i) => [i, ctx.dataset.video(i).stats.views]));
    return all.sort((a, b) => views.get(b)! - views.get(a)! || b - a);
  }
  if (sortBy === undefined) {
    // The default ordering: pinned videos first, then latest.
    const pinned = all.filter((i) => ctx.dataset.video(i).pinned);
    return [...pinned, ...all.filter((i) => !pinned.includes(i))];
  }
  return all;
}

function encodeCursor(offset: number, sortBy: string): string {
  return Buffer.from(`sf1:${sortBy}:${offset}`).toString('base64url');
}

function decodeCursor(cursor: string, sortBy: string): number | undefined {
  const match = /^sf1:([a-z]+):(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (match === null || match[1] !== sortBy) return undefined;
  return Number(match[2]);
}

/** `GET /v1/tiktok/profiles/{handle}/videos` */
export function socialFetchVideos(rawHandle: string): Route {
  return {
    endpoint: 'socialfetch.profile.videos',
    api: 'socialfetch',
    handle(ctx, request) {
      const admitted = admit(ctx, request, rawHandle);
      if (!('handle' in admitted)) return admitted;
      const sortBy = optionalParam(request, 'sortBy');
      if (
        sortBy === null ||
        (sortBy !== undefined && sortBy !== 'latest' && sortBy !== 'popular')
      ) {
        return apiError(ctx, SF, 400, 'bad_request', 'sortBy must be one of: latest, popular');
      }
      const cursorText = optionalParam(request, 'cursor');
      const userId = optionalParam(request, 'userId');
      const region = optionalParam(request, 'region');
      const trim = optionalParam(request, 'trim');
      if (cursorText === null)
        return apiError(ctx, SF, 400, 'bad_request', 'cursor must be at least 1 character');
      if (userId === null)
        return apiError(ctx, SF, 400, 'bad_request', 'userId must be at least 1 character');
      if (region === null)
        return apiError(ctx, SF, 400, 'bad_request', 'region must be at least 1 character');
      if (trim !== undefined && trim !== 'true' && trim !== 'false') {
        return apiError(ctx, SF, 400, 'bad_request', 'trim must be a boolean (true or false)');
      }
      const order = sortBy ?? 'default';
      const offset = cursorText === undefined ? 0 : decodeCursor(cursorText, order);
      if (offset === undefined)
        return apiError(ctx, SF, 400, 'bad_request', 'cursor is invalid for this request');

      const creator = ctx.dataset.creatorByName(admitted.handle);
      if (creator >= 0 && userId !== undefined && userId !== ctx.dataset.userIdOf(creator)) {
        return apiError(
          ctx,
          SF,
          404,
          'lookup_failed',
          `userId ${userId} does not belong to @${admitted.handle}`,
        );
      }
      // Unknown and private profiles answer an empty list, as the document warns.
      const videos =
        creator < 0 || ctx.dataset.isPrivate(creator) ? [] : socialFetchOrder(ctx, creator, sortBy);
      const slice = videos.slice(offset, offset + SOCIALFETCH_PAGE_SIZE);
      const next = offset + SOCIALFETCH_PAGE_SIZE;
      const hasMore = next < videos.length;
      const userIdOfCreator = creator < 0 ? '' : ctx.dataset.userIdOf(creator);
      const rendered = slice
        .filter((i) => !ctx.dataset.isHidden(i))
        .map((i) =>
          renderSocialFetchVideo(
            ctx.dataset,
            ctx.dataset.video(i),
            userIdOfCreator,
            trim === 'true',
          ),
        );
      ctx.stats.pagesServed++;
      ctx.stats.videosServed += rendered.length;
      const credits = charge(ctx);
      return jsonReply(
        200,
        `{"data":{"videos":[${rendered.join(',')}],"page":{"nextCursor":${hasMore ? `"${encodeCursor(next, order)}"` : 'null'},"hasMore":${hasMore}}},${meta(ctx, credits)}}`,
      );
    },
  };
}

/** `GET /v1/tiktok/profiles/{handle}` */
export function socialFetchProfile(rawHandle: string): Route {
  return {
    endpoint: 'socialfetch.profile',
    api: 'socialfetch',
    handle(ctx, request) {
      const admitted = admit(ctx, request, rawHandle);
      if (!('handle' in admitted)) return admitted;
      const creator = ctx.dataset.creatorByName(admitted.handle);
      const credits = charge(ctx);
      if (creator < 0)
        return jsonReply(200, `{"data":{"lookupStatus":"not_found"},${meta(ctx, credits)}}`);
      const isPrivate = ctx.dataset.isPrivate(creator);
      const h = hash32(ctx.dataset.seed, creator, 40);
      const videoCount = isPrivate
        ? 0
        : ctx.dataset.creatorVideos(creator).filter((i) => !ctx.dataset.isHidden(i)).length;
      const profile = {
        handle: admitted.handle,
        userId: ctx.dataset.userIdOf(creator),
        displayName: admitted.handle.replace(/[._]\d*$/, '').replace(/[._]/g, ' '),
        bio: isPrivate ? '' : `Simulated creator from ${ctx.dataset.regionOf(creator)}`,
        avatarUrl: `https://p16-sign.tiktokcdn.com/obj/tos-sim/avatar-${creator}.jpeg`,
        verified: h % 20 === 0,
        private: isPrivate,
        region: ctx.dataset.regionOf(creator),
        followers: h % 2_000_000,
        following: (h >>> 8) % 2_000,
        likes: (h >>> 4) % 50_000_000,
        videoCount,
      };
      return jsonReply(
        200,
        `{"data":{"lookupStatus":"${isPrivate ? 'private' : 'found'}","profile":${JSON.stringify(profile)}},${meta(ctx, credits)}}`,
      );
    },
  };
}
