import { idString, type Video, type VideoStats } from '@tikrx/core';
import type { ResearchVideoRecord } from './schema.js';

/**
 * A validated Research video record as a `Video` (DESIGN.md's table). `raw` is the record as
 * the API sent it (`options.raw`: the validated copy drops members), else the record itself. Written as plain assignments: it runs for every video of every page, and building
 * throwaway objects to drop their undefined keys cost more than the schema check itself.
 */
export function normalizeResearchVideo(
  record: ResearchVideoRecord,
  options: { raw?: unknown } = {},
): Video {
  // The schema refuses a record with neither key.
  const video: Video = { id: idString(record.id ?? record.video_id ?? ''), source: 'research' };
  if (record.create_time !== undefined) video.createTime = record.create_time;
  if (record.username !== undefined) video.username = record.username;
  if (record.video_description !== undefined) video.description = record.video_description;
  if (record.video_duration !== undefined) video.durationSec = record.video_duration;
  if (record.region_code !== undefined) video.regionCode = record.region_code;
  if (record.music_id !== undefined) video.musicId = idString(record.music_id);
  if (record.hashtag_names !== undefined) video.hashtags = record.hashtag_names;
  if (record.effect_ids !== undefined) video.effectIds = record.effect_ids;
  if (record.video_mention_list !== undefined) video.mentions = record.video_mention_list;
  if (record.playlist_id !== undefined) video.playlistId = idString(record.playlist_id);
  if (record.voice_to_text !== undefined) video.voiceToText = record.voice_to_text;
  if (record.is_stem_verified !== undefined) video.isStemVerified = record.is_stem_verified;

  // The query document spells it favourites_count, the reposted videos one favorites_count.
  const saves = record.favourites_count ?? record.favorites_count;
  const { view_count: views, like_count: likes, comment_count: comments } = record;
  const shares = record.share_count;
  if (
    views !== undefined ||
    likes !== undefined ||
    comments !== undefined ||
    shares !== undefined ||
    saves !== undefined
  ) {
    const stats: VideoStats = {};
    if (views !== undefined) stats.views = views;
    if (likes !== undefined) stats.likes = likes;
    if (comments !== undefined) stats.comments = comments;
    if (shares !== undefined) stats.shares = shares;
    if (saves !== undefined) stats.saves = saves;
    video.stats = stats;
  }

  video.raw = options.raw ?? record;
  return video;
}

/** A page's validated records as Videos, each with its record as sent kept as `raw`. */
export function normalizeResearchVideos(
  records: readonly ResearchVideoRecord[],
  sent: readonly unknown[],
): Video[] {
  return records.map((record, index) => normalizeResearchVideo(record, { raw: sent[index] }));
}
