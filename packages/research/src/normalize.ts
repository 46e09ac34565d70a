import { type Video, withoutUndefined } from '@tikrx/core';
import type { ResearchVideoRecord } from './schema.js';

/** A validated Research video record as a `Video` (DESIGN.md's table); the record is kept as `raw`. */
export function normalizeResearchVideo(record: ResearchVideoRecord): Video {
  const stats = withoutUndefined({
    views: record.view_count,
    likes: record.like_count,
    comments: record.comment_count,
    shares: record.share_count,
    saves: record.favourites_count ?? record.favorites_count,
  });
  const video = withoutUndefined({
    createTime: record.create_time,
    username: record.username,
    description: record.video_description,
    durationSec: record.video_duration,
    regionCode: record.region_code,
    musicId: record.music_id,
    hashtags: record.hashtag_names,
    effectIds: record.effect_ids,
    mentions: record.video_mention_list,
    playlistId: record.playlist_id,
    voiceToText: record.voice_to_text,
    isStemVerified: record.is_stem_verified,
  });
  return {
    // The schema refuses a record with neither key.
    id: (record.id ?? record.video_id) as string,
    source: 'research',
    ...video,
    ...(Object.keys(stats).length > 0 ? { stats } : {}),
    raw: record,
  };
}
