/**
 * A TikTok playlist (Research API playlist info): its name and the ids of its videos, every
 * page of them. Ids are exact decimal strings; a field the API did not send is absent.
 */
export interface Playlist {
  /** The playlist id, an exact decimal string (int64). */
  id: string;
  name?: string;
  /** The video ids in the order the API listed them, pages joined. */
  videoIds: string[];
  /** The number of videos the API says the playlist holds. */
  itemTotal?: number;
  /** `playlist_last_updated` as sent (its unit is not documented). */
  lastUpdated?: number;
  /** Each page's `data` as the API sent it. */
  raw?: unknown[];
}
