import {
  isRecord,
  optionalInteger,
  parseJsonBody,
  type Route,
  type SimContext,
} from './context.js';
import { parseFieldList, RESEARCH_COMMENT_FIELDS } from './fields.js';
import { admit, INVALID_COUNT_OR_CURSOR, invalid } from './research-routes.js';
import { okReply } from './research-user-routes.js';
import type { SimComment } from './social-data.js';

/** Only the top 1,000 comments of a video are served (cursor + max_count ≤ 1000). */
export const COMMENTS_CAP = 1_000;
export const COMMENTS_NOT_DISCLOSED = 'The comments of this video are not allowed to be disclosed';

/**
 * An int64 member of the raw body, every digit kept (`JSON.parse` would round it): a bare
 * number or a decimal string. Undefined when absent, null when not an id.
 */
export function rawIdMember(body: string, key: string): string | undefined | null {
  const match = new RegExp(`"${key}"\\s*:\\s*("?)(-?\\d+)\\1\\s*[,}]`).exec(body);
  if (match === null) return new RegExp(`"${key}"\\s*:`).test(body) ? null : undefined;
  return match[2]!.startsWith('-') ? null : match[2]!;
}

/** The video indices that are servable, or why not. */
function videoIndexOf(ctx: SimContext, videoId: string): number | string {
  const index = ctx.dataset.indexOfId(videoId);
  if (index < 0 || ctx.dataset.isHidden(index)) {
    return `Invalid params: video_id ${videoId} is invalid: cannot find the video`;
  }
  if (ctx.social.commentsDisabled(index)) return COMMENTS_NOT_DISCLOSED;
  return index;
}

function commentJson(comment: SimComment, fields: readonly string[], bigint: boolean): string {
  const id = (value: string) => (bigint ? value : `"${value}"`);
  const parts: string[] = [];
  for (const field of fields) {
    switch (field) {
      case 'id':
        parts.push(`"id":${id(comment.id)}`);
        break;
      case 'video_id':
        parts.push(`"video_id":${id(comment.videoId)}`);
        break;
      case 'parent_comment_id':
        // A top-level comment's parent is its video (the codebook; tiktok-library's fixture).
        parts.push(`"parent_comment_id":${id(comment.videoId)}`);
        break;
      case 'text':
        parts.push(`"text":${JSON.stringify(comment.text)}`);
        break;
      case 'like_count':
        parts.push(`"like_count":${comment.likeCount}`);
        break;
      case 'reply_count':
        parts.push(`"reply_count":${comment.replyCount}`);
        break;
      case 'create_time':
        parts.push(`"create_time":${comment.createTime}`);
        break;
    }
  }
  return `{${parts.join(',')}}`;
}

/** `POST /v2/research/video/comment/list/`: an offset cursor, top 1,000 comments at most. */
export const researchVideoComments: Route = {
  endpoint: 'research.video.comment.list',
  api: 'research',
  handle(ctx, request) {
    const refused = admit(ctx, request);
    if (refused !== undefined) return refused;
    const fields = parseFieldList(request.query.get('fields'), RESEARCH_COMMENT_FIELDS);
    if (typeof fields === 'string') return invalid(ctx, fields);
    const body = parseJsonBody(request.body);
    if (!isRecord(body)) return invalid(ctx, 'Invalid request body: expected a JSON object');
    const videoId = rawIdMember(request.body, 'video_id');
    const commentId = rawIdMember(request.body, 'comment_id');
    if (videoId === null || commentId === null) return invalid(ctx, 'Invalid params: bad id');
    if ((videoId === undefined) === (commentId === undefined)) {
      return invalid(ctx, 'Invalid params: send exactly one of video_id and comment_id');
    }
    const maxCount = optionalInteger(body['max_count'], 10);
    const cursor = optionalInteger(body['cursor'], 0);
    if (maxCount === undefined || maxCount < 1 || maxCount > 100) {
      return invalid(ctx, INVALID_COUNT_OR_CURSOR);
    }
    if (cursor === undefined || cursor < 0 || cursor + maxCount > COMMENTS_CAP) {
      return invalid(ctx, INVALID_COUNT_OR_CURSOR);
    }
    if (videoId === undefined) {
      // Replies are not simulated: no comment has any.
      return okReply(ctx, `{"comments":[],"cursor":${cursor},"has_more":false}`);
    }
    const index = videoIndexOf(ctx, videoId);
    if (typeof index === 'string') return invalid(ctx, index);
    const total = Math.min(ctx.social.commentCount(index), COMMENTS_CAP);
    const end = Math.min(cursor + maxCount, total);
    const comments: string[] = [];
    for (let k = cursor; k < end; k++) {
      comments.push(commentJson(ctx.social.comment(index, k), fields, ctx.quirks.bigintIds));
    }
    // has_more says what the video holds, even past the cap (a client must stop at it).
    const hasMore = end < ctx.social.commentCount(index);
    return okReply(
      ctx,
      `{"comments":[${comments.join(',')}],"cursor":${end},"has_more":${hasMore}}`,
    );
  },
};

/** `POST /v2/research/playlist/info/`: a flat `data`, an offset cursor over the video ids. */
export const researchPlaylistInfo: Route = {
  endpoint: 'research.playlist.info',
  api: 'research',
  handle(ctx, request) {
    const refused = admit(ctx, request);
    if (refused !== undefined) return refused;
    const body = parseJsonBody(request.body);
    if (!isRecord(body)) return invalid(ctx, 'Invalid request body: expected a JSON object');
    const playlistId = rawIdMember(request.body, 'playlist_id');
    if (playlistId === undefined || playlistId === null) {
      return invalid(ctx, 'Invalid params: playlist_id is required');
    }
    const maxCount = optionalInteger(body['max_count'], 10);
    const cursor = optionalInteger(body['cursor'], 0);
    if (maxCount === undefined || maxCount < 1 || maxCount > 100) {
      return invalid(ctx, INVALID_COUNT_OR_CURSOR);
    }
    if (cursor === undefined || cursor < 0) return invalid(ctx, INVALID_COUNT_OR_CURSOR);
    const found = ctx.social.playlistOf(playlistId);
    if (found === undefined || ctx.dataset.isPrivate(found.creator)) {
      return invalid(ctx, `Invalid params: playlist_id ${playlistId} is invalid`);
    }
    const all = ctx.social
      .playlistVideos(found.creator, found.playlist)
      .filter((index) => !ctx.dataset.isHidden(index));
    if (cursor > all.length) return invalid(ctx, INVALID_COUNT_OR_CURSOR);
    const page = all.slice(cursor, cursor + maxCount);
    const id = (value: string) => (ctx.quirks.bigintIds ? value : `"${value}"`);
    const videoIds = page.map((index) => id(ctx.dataset.idOf(index))).join(',');
    const lastUpdated = all.length === 0 ? 0 : ctx.dataset.createTime(all.at(-1)!);
    const name = JSON.stringify(
      `${ctx.dataset.creatorName(found.creator)} mix ${found.playlist + 1}`,
    );
    ctx.stats.videosServed += page.length;
    return okReply(
      ctx,
      `{"playlist_id":${id(playlistId)},"playlist_name":${name},"playlist_video_ids":[${videoIds}],"playlist_item_total":${all.length},"playlist_last_updated":${lastUpdated},"cursor":${cursor + page.length},"has_more":${cursor + page.length < all.length}}`,
    );
  },
};
