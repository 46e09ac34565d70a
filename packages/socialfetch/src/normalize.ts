import { idString, type Video } from '@tikrx/core';
import { withoutUndefined } from '@tikrx/core/internal';
import type { SocialFetchVideoRecord } from './schema.js';

/**
 * One Social Fetch video → Video (DESIGN.md's table). `username` is the profile's handle;
 * `details` stays in `raw`. Nullable fields that are `null` are absent.
 */
export function normalizeSocialFetchVideo(record: SocialFetchVideoRecord, handle: string): Video {
  const createdMs = record.createdAt === null ? Number.NaN : Date.parse(record.createdAt);
  const media = withoutUndefined({
    downloadUrl: record.media.downloadUrl ?? undefined,
    downloadUrlNoWatermark: record.media.downloadWithoutWatermarkUrl ?? undefined,
  });
  return {
    id: idString(record.id),
    source: 'socialfetch',
    ...withoutUndefined({
      createTime: Number.isNaN(createdMs) ? undefined : Math.floor(createdMs / 1000),
      username: handle,
      description: record.caption ?? undefined,
      url: record.url ?? undefined,
      coverImageUrl: record.thumbnailUrl ?? undefined,
      durationSec: record.durationMs === null ? undefined : record.durationMs / 1000,
    }),
    pinned: record.pinned,
    isAd: record.isAd,
    stats: {
      views: record.stats.views,
      likes: record.stats.likes,
      comments: record.stats.comments,
      shares: record.stats.shares,
      saves: record.stats.saves,
    },
    ...(Object.keys(media).length === 0 ? {} : { media }),
    raw: record,
  };
}
