/**
 * The field names each API documents, and the parsing of a `fields` list.
 *
 * The client packages hold the same lists, on purpose: the simulator is a second, independent
 * reading of the API documents (and may not depend on the clients). Were the lists shared, a
 * wrong field name would pass the clients' integration tests on both sides at once.
 */

export const RESEARCH_QUERY_FIELDS = [
  'id',
  'video_description',
  'create_time',
  'region_code',
  'share_count',
  'view_count',
  'like_count',
  'comment_count',
  'music_id',
  'hashtag_names',
  'username',
  'effect_ids',
  'playlist_id',
  'voice_to_text',
  'is_stem_verified',
  'favourites_count',
  'video_duration',
  'hashtag_info_list',
  'video_mention_list',
  'video_label',
] as const;

export const RESEARCH_REPOST_FIELDS = [
  'id',
  'create_time',
  'username',
  'region_code',
  'video_description',
  'music_id',
  'like_count',
  'comment_count',
  'share_count',
  'view_count',
  'hashtag_names',
  'is_stem_verified',
  'favourites_count',
  'video_duration',
] as const;

/** Liked and pinned videos (the documents' object table, with the field-list spelling of favourites). */
export const RESEARCH_USER_VIDEO_FIELDS = [
  'id',
  'create_time',
  'username',
  'region_code',
  'video_description',
  'music_id',
  'like_count',
  'comment_count',
  'share_count',
  'view_count',
  'hashtag_names',
  'hashtag_info_list',
  'sticker_info_list',
  'effect_info_list',
  'video_mention_list',
  'video_label',
  'video_duration',
  'is_stem_verified',
  'video_tag',
  'favourites_count',
] as const;

export const RESEARCH_COMMENT_FIELDS = [
  'id',
  'video_id',
  'text',
  'like_count',
  'reply_count',
  'parent_comment_id',
  'create_time',
] as const;

export const RESEARCH_USER_INFO_FIELDS = [
  'display_name',
  'bio_description',
  'avatar_url',
  'is_verified',
  'follower_count',
  'following_count',
  'likes_count',
  'video_count',
  'bio_url',
] as const;

export const DISPLAY_FIELDS = [
  'id',
  'create_time',
  'cover_image_url',
  'share_url',
  'video_description',
  'duration',
  'height',
  'width',
  'title',
  'embed_html',
  'embed_link',
  'like_count',
  'comment_count',
  'share_count',
  'view_count',
] as const;

/** Spellings accepted as the same field (the documents use both). */
const ALIASES: Record<string, string> = { favorites_count: 'favourites_count' };

/**
 * Parses a comma-separated `fields` list. Spaces around names are accepted (TikTok's own
 * Python wrapper sends "id, create_time"). Returns the canonical names, or the error message.
 */
export function parseFieldList(text: string | null, allowed: readonly string[]): string[] | string {
  if (text === null || text.trim() === '') return 'Invalid fields: fields is required';
  return checkFields(text.split(','), allowed);
}

export function checkFields(
  names: readonly unknown[],
  allowed: readonly string[],
): string[] | string {
  const fields: string[] = [];
  for (const raw of names) {
    if (typeof raw !== 'string')
      return `Invalid fields: ${JSON.stringify(raw)} is not a field name`;
    const trimmed = raw.trim();
    const name = ALIASES[trimmed] ?? trimmed;
    if (!allowed.includes(name)) {
      return `Invalid fields: ${trimmed === '' ? '(empty)' : trimmed} is not one of ${allowed.join(',')}`;
    }
    if (!fields.includes(name)) fields.push(name);
  }
  if (fields.length === 0) return 'Invalid fields: fields is required';
  return fields;
}
