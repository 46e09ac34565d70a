import { type Comment, isTikrxError } from '@tikrx/core';
import { badRequest, validateOptionsObject } from '@tikrx/core/internal';
import { catchError, defer, map, type Observable, throwError } from 'rxjs';
import { crawlKey, readCheckpoint } from './checkpoint.js';
import {
  COMMENT_FIELDS,
  type CommentField,
  commentsPageSchema,
  MAX_COMMENTS_PER_VIDEO,
  normalizeComment,
} from './comments-wire.js';
import { crawl } from './crawl.js';
import type { EndpointContext } from './endpoint-context.js';
import type { CrawlOptions } from './options.js';
import { validateResearchId } from './research-id.js';
import { asUnavailable } from './unavailable-error.js';
import { unavailableReason } from './user-unavailable.js';
import {
  positiveInteger,
  validateFields,
  validateMaxCount,
  validateOnCheckpoint,
} from './validate-options.js';
import { parsePage, sentList } from './wire.js';

/** Videos whose comments are read at once by default, in a crawl over several. */
export const DEFAULT_COMMENTS_CONCURRENCY = 4;

/** Options of `comments`. */
export interface CommentsOptions extends CrawlOptions {
  /** Default: every documented field. */
  fields?: readonly CommentField[];
  /** `max_count` per request, 1–100; default 100. */
  maxCount?: number;
  /** Videos read at once, with several; default 4. */
  concurrency?: number;
  /**
   * A video the API will not give comments of (unknown, or "not allowed to be disclosed"):
   * `'error'` fails the stream with `not_found` / `forbidden`; `'skip'` goes on to the next
   * video and reports a `warning` event. Default: `'error'` for one video, `'skip'` for several.
   */
  unavailable?: 'error' | 'skip';
}

/**
 * `comments(videoId | videoIds)`: the comments of one video or of many, as one crawl (its
 * checkpoint lists each video's cursor), at most the top 1,000 per video.
 */
export function commentsEndpoint(context: EndpointContext) {
  return (
    videoIds: string | readonly string[],
    options: CommentsOptions = {},
  ): Observable<Comment> =>
    defer(() => {
      const { baseUrl, tokens, policy } = context.setUp();
      const request = validateCommentsOptions(videoIds, options);
      const url = `${baseUrl}/v2/research/video/comment/list/?fields=${request.fields.join(',')}`;
      const key = crawlKey({
        videoIds: request.videoIds,
        fields: request.fields,
        maxCount: request.maxCount,
      });
      const checkpoint =
        options.checkpoint === undefined
          ? undefined
          : readCheckpoint(options.checkpoint, 'comments', key);
      return crawl<Comment>({
        kind: 'comments',
        key,
        done: checkpoint?.done ?? [],
        windows:
          checkpoint?.windows ??
          request.videoIds.map((videoId) => ({ target: videoId, cursor: 0, seenIds: [] })),
        concurrency: request.concurrency,
        emit: context.emit,
        onCheckpoint: options.onCheckpoint,
        policy,
        endsWindowOnly: (error, { target }) => {
          if (request.unavailable !== 'skip' || unavailableReason(error) === undefined)
            return false;
          context.emit({
            type: 'warning',
            source: 'research',
            code: 'comments_unavailable',
            message: `no comments of video ${target}: ${error.apiMessage ?? error.message}`,
          });
          return true;
        },
        fetchPage: ({ target }, { cursor }) => {
          const videoId = target as string;
          // cursor + max_count may not pass the cap (the older document's rule).
          const maxCount = Math.min(request.maxCount, MAX_COMMENTS_PER_VIDEO - cursor);
          const body = { video_id: BigInt(videoId), max_count: maxCount, cursor };
          return context.post(url, body, tokens).pipe(
            map((response) => {
              const page = parsePage(commentsPageSchema, response.body, 'video comments');
              const sent = sentList(response.body, 'comments');
              const comments = (page.data.comments ?? []).map((record, index) =>
                normalizeComment(record, videoId, sent[index]),
              );
              const next = page.data.has_more ? page.data.cursor : undefined;
              if (next !== undefined && next >= MAX_COMMENTS_PER_VIDEO) {
                context.emit({
                  type: 'warning',
                  source: 'research',
                  code: 'comments_capped',
                  message: `video ${videoId} has more comments than the ${MAX_COMMENTS_PER_VIDEO} the API lets one read`,
                });
              }
              // A page without a cursor ends the video (tiktok-library does the same).
              return {
                items: comments,
                next:
                  next === undefined || next >= MAX_COMMENTS_PER_VIDEO
                    ? undefined
                    : { cursor: next },
              };
            }),
            catchError((error: unknown) =>
              throwError(() =>
                isTikrxError(error)
                  ? asUnavailable(error, `the comments of video ${videoId}`)
                  : error,
              ),
            ),
          );
        },
      });
    });
}

interface ValidatedComments {
  videoIds: string[];
  fields: string[];
  maxCount: number;
  concurrency: number;
  unavailable: 'error' | 'skip';
}

function validateCommentsOptions(
  videoIds: string | readonly string[],
  options: CommentsOptions,
): ValidatedComments {
  const list = typeof videoIds === 'string' ? [videoIds] : videoIds;
  if (!Array.isArray(list) || list.length === 0) {
    throw badRequest('comments needs a video id or a non-empty list of video ids');
  }
  const ids = [
    ...new Set(
      list.map((id, at) =>
        validateResearchId(id, typeof videoIds === 'string' ? 'videoId' : `videoIds[${at}]`),
      ),
    ),
  ];
  validateOptionsObject(options, 'comments options');
  validateOnCheckpoint(options.onCheckpoint);
  const { unavailable } = options;
  if (unavailable !== undefined && unavailable !== 'error' && unavailable !== 'skip') {
    throw badRequest("unavailable must be 'error' or 'skip'");
  }
  return {
    videoIds: ids,
    fields: validateFields(options.fields, COMMENT_FIELDS),
    maxCount: validateMaxCount(options.maxCount),
    concurrency: positiveInteger(options.concurrency, DEFAULT_COMMENTS_CONCURRENCY, 'concurrency'),
    unavailable: unavailable ?? (ids.length > 1 ? 'skip' : 'error'),
  };
}
