/**
 * One comment on a TikTok video (Research API video comments). Ids are exact decimal strings;
 * a field the API did not send is absent, never invented.
 */
export interface Comment {
  /** The comment id, an exact decimal string (int64). */
  id: string;
  /** The video commented on: the record's `video_id`, else the video whose comments were asked for. */
  videoId: string;
  /**
   * The comment this one replies to. The API sends the video id here for a top-level comment;
   * it is kept as sent.
   */
  parentCommentId?: string;
  /** The text; the API masks phone, e-mail and card numbers with `*`. */
  text?: string;
  likeCount?: number;
  replyCount?: number;
  /** Unix seconds, UTC. */
  createTime?: number;
  /** The record as the API sent it. */
  raw?: unknown;
}
