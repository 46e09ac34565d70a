import type { Dataset } from './dataset.js';
import { hash32, mixSeed } from './hash.js';
import { WORDS } from './vocabulary.js';

/** Comments a video may have at most (a few videos pass the API's 1,000 cap). */
const MAX_COMMENTS = 1_400;
/** Seconds between two entries of a follower/following/liked list (plus jitter below it). */
const FOLLOW_STEP_SEC = 7_200;
const LIKE_STEP_SEC = 5_400;

/** One comment of the dataset, in the simulator's words. */
export interface SimComment {
  id: string;
  videoId: string;
  text: string;
  likeCount: number;
  replyCount: number;
  createTime: number;
}

/** One entry of a time-ordered list (followers, following, likes): what, and when. */
export interface TimedEntry {
  /** A creator number (followers, following) or a video index (likes). */
  value: number;
  /** Unix seconds; strictly decreasing along a list. */
  time: number;
}

/**
 * Comments, follower graphs, likes, pinned videos and playlists, derived from the same
 * (seed, index) as the videos: nothing is stored but small caches, and every answer is the
 * same on every run.
 */
export class SocialData {
  private readonly mixed: number;
  private playlistsById: Map<string, { creator: number; playlist: number }> | undefined;

  constructor(private readonly dataset: Dataset) {
    this.mixed = mixSeed(dataset.seed ^ 0x50c1a1);
  }

  private hash(a: number, b = 0, c = 0): number {
    return hash32(this.mixed, a, b, c);
  }

  /** How many comments video `index` has; about one video in 97 has more than 1,000. */
  commentCount(index: number): number {
    const h = this.hash(index, 1);
    if (h % 97 === 0) return 1_000 + ((h >>> 8) % (MAX_COMMENTS - 1_000));
    return (h >>> 8) % 25;
  }

  /** About one video in 53 answers "The comments of this video are not allowed to be disclosed". */
  commentsDisabled(index: number): boolean {
    return this.hash(index, 2) % 53 === 0;
  }

  /**
   * Comment `k` of video `index`. Its id is TikTok-like: its create time in the high 32 bits,
   * then the video's index (21 bits) and `k` (11 bits), so ids never collide.
   */
  comment(index: number, k: number): SimComment {
    const videoTime = this.dataset.createTime(index);
    const createTime = videoTime + 30 + k * 41 + (this.hash(index, k, 3) % 40);
    const low = ((index & 0x1fffff) << 11) | k;
    const id = ((BigInt(createTime) << 32n) | BigInt(low >>> 0)).toString();
    const h = this.hash(index, k, 4);
    const words: string[] = [];
    for (let w = 0; w < 2 + (h % 5); w++)
      words.push(WORDS[this.hash(index, k, 5 + w) % WORDS.length]!);
    return {
      id,
      videoId: this.dataset.idOf(index),
      text: words.join(' '),
      likeCount: (h >>> 4) % 500,
      // Replies (the `comment_id` request) are not simulated, so no comment claims any.
      replyCount: 0,
      createTime,
    };
  }

  /** A creator's followers (public and private), newest first. */
  followers(creator: number): TimedEntry[] {
    return this.people(creator, creator === 0 ? 150 : this.hash(creator, 11) % 60, 12);
  }

  /** The accounts a creator follows, newest first. */
  following(creator: number): TimedEntry[] {
    return this.people(creator, creator === 0 ? 90 : this.hash(creator, 13) % 45, 14);
  }

  /** About one creator in five keeps the following list private (never the featured one). */
  followingHidden(creator: number): boolean {
    return creator !== 0 && this.hash(creator, 15) % 5 === 0;
  }

  /** Most users hide their likes: one creator in four (and the featured one) shows them. */
  likesVisible(creator: number): boolean {
    return creator === 0 || this.hash(creator, 16) % 4 === 0;
  }

  /** The videos a creator liked (hidden ones included), newest like first. */
  likes(creator: number): TimedEntry[] {
    const count = creator === 0 ? 130 : this.hash(creator, 17) % 40;
    const seen = new Set<number>();
    const entries: TimedEntry[] = [];
    for (let k = 0; entries.length < count && k < count * 3; k++) {
      const index = this.hash(creator, k, 18) % this.dataset.size;
      if (seen.has(index)) continue;
      seen.add(index);
      const n = entries.length;
      const time =
        this.dataset.endSec -
        (n + 1) * LIKE_STEP_SEC +
        (this.hash(creator, k, 19) % (LIKE_STEP_SEC / 2));
      entries.push({ value: index, time });
    }
    return entries;
  }

  private people(creator: number, count: number, salt: number): TimedEntry[] {
    const total = this.dataset.creatorCount;
    const seen = new Set<number>([creator]);
    const entries: TimedEntry[] = [];
    for (let k = 0; entries.length < count && k < count * 3 && seen.size < total; k++) {
      const other = this.hash(creator, k, salt) % total;
      if (seen.has(other)) continue;
      seen.add(other);
      const n = entries.length;
      const jitter = this.hash(creator, k, salt + 100) % (FOLLOW_STEP_SEC / 2);
      entries.push({
        value: other,
        time: this.dataset.endSec - (n + 1) * FOLLOW_STEP_SEC + jitter,
      });
    }
    return entries;
  }

  /** A creator's pinned videos (hidden included), in profile order. */
  pinned(creator: number): number[] {
    return this.dataset.creatorVideos(creator).filter((index) => this.dataset.video(index).pinned);
  }

  /** The videos of a creator's playlist (hidden included), oldest first. */
  playlistVideos(creator: number, playlist: number): number[] {
    return this.dataset
      .creatorVideos(creator)
      .filter(
        (index) =>
          this.dataset.video(index).playlistId === this.dataset.playlistIdOf(creator, playlist),
      );
  }

  /** The creator and number of a playlist id, or undefined. */
  playlistOf(id: string): { creator: number; playlist: number } | undefined {
    if (this.playlistsById === undefined) {
      this.playlistsById = new Map();
      for (let creator = 0; creator < this.dataset.creatorCount; creator++) {
        for (let playlist = 0; playlist < 3; playlist++) {
          this.playlistsById.set(this.dataset.playlistIdOf(creator, playlist), {
            creator,
            playlist,
          });
        }
      }
    }
    return this.playlistsById.get(id);
  }
}
