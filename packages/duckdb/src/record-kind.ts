import type { RecordKind } from './tables.js';

/**
 * The table a record belongs to, from its shape: a `Comment` has `videoId`, a `UserProfile`
 * `lookupStatus`, a `UserRef` `relation`, a `Playlist` `videoIds`; anything else is a video.
 */
export function recordKindOf(record: object): RecordKind {
  if ('lookupStatus' in record) return 'users';
  if ('relation' in record && 'of' in record) return 'userRelations';
  if ('videoIds' in record) return 'playlists';
  if ('videoId' in record) return 'comments';
  return 'videos';
}
