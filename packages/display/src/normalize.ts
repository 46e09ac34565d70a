import { idString, type Video } from '@tikrx/core';
import { withoutUndefined } from '@tikrx/core/internal';
import type { DisplayVideoRecord } from './schema.js';

/**
 * One Display VideoObject → Video (DESIGN.md's table). The API sends only the fields it was
 * asked for; the others stay absent. `username` is the token's user when the caller knows it
 * (the video/list endpoint does not say whose videos they are).
 */
export function normalizeDisplayVideo(record: DisplayVideoRecord, username?: string): Video {
  const stats = withoutUndefined({
    views: record.view_count ?? undefined,
    likes: record.like_count ?? undefined,
    comments: record.comment_count ?? undefined,
    shares: record.share_count ?? undefined,
  });
  return {
    id: idString(record.id),
    source: 'display',
    ...withoutUndefined({
      createTime: record.create_time ?? undefined,
      username,
      description: record.video_description ?? undefined,
      title: record.title ?? undefined,
      url: record.share_url ?? undefined,
      coverImageUrl: record.cover_image_url ?? undefined,
      embedUrl: record.embed_link ?? undefined,
      embedHtml: record.embed_html ?? undefined,
      durationSec: record.duration ?? undefined,
      width: record.width ?? undefined,
      height: record.height ?? undefined,
    }),
    ...(Object.keys(stats).length === 0 ? {} : { stats }),
    raw: record,
  };
}
