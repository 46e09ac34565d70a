/** Where a video was collected. */
export type VideoSource = 'display' | 'socialfetch' | 'research';

/** Every source, in a stable order (used for `sources` lists and CLI choices). */
export const VIDEO_SOURCES: readonly VideoSource[] = ['display', 'socialfetch', 'research'];

/** Engagement counts. A count the source did not send is absent, never 0. */
export interface VideoStats {
  views?: number;
  likes?: number;
  comments?: number;
  shares?: number;
  /** Saves / favourites / collections. */
  saves?: number;
}

/** Download links (Social Fetch only). */
export interface VideoMedia {
  downloadUrl?: string;
  downloadUrlNoWatermark?: string;
}

/**
 * One TikTok video, normalized across the three APIs. Flat and serializable; a field the
 * source does not provide is absent, never invented.
 */
export interface Video {
  /** The video id as an exact decimal string (int64 ids do not fit a JS number). */
  id: string;
  source: VideoSource;
  /** Unix seconds, UTC. */
  createTime?: number;
  username?: string;
  description?: string;
  title?: string;
  url?: string;
  coverImageUrl?: string;
  embedUrl?: string;
  embedHtml?: string;
  durationSec?: number;
  width?: number;
  height?: number;
  regionCode?: string;
  /** Exact decimal string. */
  musicId?: string;
  hashtags?: string[];
  effectIds?: string[];
  mentions?: string[];
  /** Exact decimal string. */
  playlistId?: string;
  voiceToText?: string;
  isStemVerified?: boolean;
  pinned?: boolean;
  isAd?: boolean;
  stats?: VideoStats;
  media?: VideoMedia;
  /** The validated source record, as the API sent it (ids as decimal strings). */
  raw?: unknown;
}
