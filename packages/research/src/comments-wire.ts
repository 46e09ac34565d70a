import { type Comment, idString } from '@tikrx/core';
import { z } from 'zod';
import { errorSchema, idValue } from './schema.js';

/** `POST /v2/research/video/comment/list/?fields=…`: the fields its document lists. */
export const COMMENT_FIELDS = [
  'id',
  'video_id',
  'text',
  'like_count',
  'reply_count',
  'parent_comment_id',
  'create_time',
] as const;
/** A field of a comment. */
export type CommentField = (typeof COMMENT_FIELDS)[number];

/**
 * Only the top 1,000 comments of a video can be read: an older copy of the document says
 * cursor + max_count ≤ 1000, and tiktok-library and ResearchTikPy both stop there.
 */
export const MAX_COMMENTS_PER_VIDEO = 1_000;

/** One comment object; every field optional (the API sends what `fields` asked for) but `id`. */
export const commentSchema = z.object({
  id: idValue,
  video_id: idValue.optional(),
  text: z.string().optional(),
  like_count: z.number().optional(),
  reply_count: z.number().optional(),
  parent_comment_id: idValue.optional(),
  create_time: z.number().optional(),
});
/** A validated comment record. */
export type CommentRecord = z.output<typeof commentSchema>;

/** A comments page: `data.comments`, `data.cursor` (the next start index), `data.has_more`. */
export const commentsPageSchema = z.looseObject({
  data: z.looseObject({
    comments: z.array(commentSchema).optional(),
    cursor: z.number().optional(),
    has_more: z.boolean(),
  }),
  error: errorSchema.optional(),
});
/** A validated comments page. */
export type CommentsPage = z.output<typeof commentsPageSchema>;

/**
 * A comment record as a `Comment` of `videoId` (the video asked about, when the record does
 * not say). NUL characters are dropped from the text: real comments carry them, and
 * tiktok-library's users could not load such rows.
 */
export function normalizeComment(record: CommentRecord, videoId: string, raw: unknown): Comment {
  const comment: Comment = {
    id: idString(record.id),
    videoId: record.video_id === undefined ? videoId : idString(record.video_id),
  };
  if (record.parent_comment_id !== undefined) {
    comment.parentCommentId = idString(record.parent_comment_id);
  }
  if (record.text !== undefined) comment.text = record.text.replaceAll('\u0000', '');
  if (record.like_count !== undefined) comment.likeCount = record.like_count;
  if (record.reply_count !== undefined) comment.replyCount = record.reply_count;
  if (record.create_time !== undefined) comment.createTime = record.create_time;
  comment.raw = raw;
  return comment;
}
