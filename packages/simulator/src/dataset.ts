import { hash32, hashString, unit } from './hash.js';
import type { SimulatorQuirks, SimVideo } from './types.js';
import { ADJECTIVES, EMOJI, HASHTAGS, LABELS, NOUNS, REGIONS, WORDS } from './vocabulary.js';

/** 2023-01-01T00:00:00Z: the first second of every dataset. */
export const DATASET_START_SEC = 1_672_531_200;
export const MAX_SIZE = 10_000_000;
const DAY_SEC = 86_400;
/** Videos hidden by a moderation sweep come in runs this long. */
const SWEEP_LENGTH = 300;
const SWEEP_BLOCK = 5_000;

export interface DatasetOptions {
  seed: number;
  size: number;
  quirks: Pick<SimulatorQuirks, 'shortPages' | 'emptyPages'>;
}

/**
 * The simulator's world, derived from (seed, index) alone.
 *
 * Layout: index → create_time is strictly increasing (at least one second apart up to
 * 10 million videos), so a date range is an index range and "decreasing id order" is
 * decreasing index order. Ids are TikTok-like: create_time in the high 32 bits, and the
 * low bits start with the video's rank inside its second, so ids are unique and monotonic.
 */
export class Dataset {
  readonly seed: number;
  readonly size: number;
  readonly spanDays: number;
  readonly spanSec: number;
  readonly creatorCount: number;
  readonly musicCount: number;
  readonly featuredCount: number;
  readonly featuredCreator: string;
  private readonly quirks: DatasetOptions['quirks'];
  private names: Map<string, number> | undefined;
  private readonly creatorVideoCache = new Map<number, number[]>();
  // Small caches of derived strings: at most creatorCount names, musicCount music ids.
  private readonly nameCache: Array<string | undefined> = [];
  private readonly musicIdCache = new Map<number, string>();
  private readonly hashtagIdCache = new Map<string, string>();

  constructor(options: DatasetOptions) {
    if (!Number.isInteger(options.size) || options.size < 1 || options.size > MAX_SIZE) {
      throw new RangeError(`size must be an integer from 1 to ${MAX_SIZE}, got ${options.size}`);
    }
    this.seed = options.seed;
    this.size = options.size;
    this.quirks = options.quirks;
    this.spanDays = Math.min(2_000, Math.max(90, Math.ceil(this.size / 5_000)));
    this.spanSec = this.spanDays * DAY_SEC;
    this.creatorCount = Math.min(100_000, Math.max(40, Math.floor(this.size / 150)));
    this.musicCount = Math.min(20_000, Math.max(50, Math.floor(this.size / 40)));
    this.featuredCount = Math.min(this.size, 30 + (hash32(this.seed, 1, 1) % 31));
    this.featuredCreator = this.creatorName(0);
  }

  /** Unix seconds of the last second of the dataset. */
  get endSec(): number {
    return DATASET_START_SEC + this.spanSec - 1;
  }

  createTime(index: number): number {
    return DATASET_START_SEC + Math.floor((index * this.spanSec) / this.size);
  }

  /** The smallest index whose create_time is at or after `sec` (size when none). */
  firstIndexAtOrAfter(sec: number): number {
    const offset = sec - DATASET_START_SEC;
    if (offset <= 0) return 0;
    if (offset >= this.spanSec) return this.size;
    return Math.min(this.size, Math.ceil((offset * this.size) / this.spanSec));
  }

  idOf(index: number): string {
    const createTime = this.createTime(index);
    const rank = index - this.firstIndexAtOrAfter(createTime);
    const low = ((rank << 22) | (hash32(this.seed, index, 2) & 0x3fffff)) >>> 0;
    return ((BigInt(createTime) << 32n) | BigInt(low)).toString();
  }

  /** The index of a video id, or -1 when no video of the dataset has it. */
  indexOfId(id: string): number {
    if (!/^\d{1,20}$/.test(id)) return -1;
    const value = BigInt(id);
    const createTime = Number(value >> 32n);
    const rank = Number(value & 0xffffffffn) >>> 22;
    const index = this.firstIndexAtOrAfter(createTime) + rank;
    if (index < 0 || index >= this.size || this.createTime(index) !== createTime) return -1;
    return this.idOf(index) === id ? index : -1;
  }

  private featuredIndex(k: number): number {
    return Math.floor(((2 * k + 1) * this.size) / (2 * this.featuredCount));
  }

  creatorOf(index: number): number {
    const k = Math.floor((index * this.featuredCount) / this.size);
    if (this.featuredIndex(k) === index) return 0;
    return 1 + (hash32(this.seed, index, 3) % (this.creatorCount - 1));
  }

  creatorName(creator: number): string {
    let name = this.nameCache[creator];
    if (name === undefined) {
      name = this.makeCreatorName(creator);
      this.nameCache[creator] = name;
    }
    return name;
  }

  private makeCreatorName(creator: number): string {
    const h = hash32(this.seed, creator, 4);
    const adjective = ADJECTIVES[h % ADJECTIVES.length]!;
    const noun = NOUNS[(h >>> 8) % NOUNS.length]!;
    if (creator === 0) return `${adjective}_${noun}`;
    return (h >>> 16) % 3 === 0
      ? `${adjective}.${noun}${creator}`
      : `${adjective}_${noun}_${creator}`;
  }

  /** The creator number of a username, or -1. */
  creatorByName(username: string): number {
    if (this.names === undefined) {
      this.names = new Map();
      for (let c = 0; c < this.creatorCount; c++) this.names.set(this.creatorName(c), c);
    }
    return this.names.get(username) ?? -1;
  }

  creators(): string[] {
    const names: string[] = [];
    for (let c = 0; c < this.creatorCount; c++) names.push(this.creatorName(c));
    return names;
  }

  /** About one creator in 25 has a private account (never the featured one). */
  isPrivate(creator: number): boolean {
    return creator !== 0 && hash32(this.seed, creator, 5) % 25 === 0;
  }

  regionOf(creator: number): string {
    const u = unit(this.seed, creator, 6);
    if (u < 0.3) return REGIONS[0];
    return REGIONS[1 + Math.floor(((u - 0.3) / 0.7) * (REGIONS.length - 1))]!;
  }

  userIdOf(creator: number): string {
    return (
      6_800_000_000_000_000_000n +
      BigInt(hash32(this.seed, creator, 7)) * 1_000_003n
    ).toString();
  }

  /** Deleted, private or swept by moderation: the video keeps its slot but no API shows it. */
  isHidden(index: number): boolean {
    if (this.isPrivate(this.creatorOf(index))) return true;
    if (this.quirks.shortPages && hash32(this.seed, index, 8) % 1000 < 30) return true;
    if (this.quirks.emptyPages) {
      const block = Math.floor(index / SWEEP_BLOCK);
      const h = hash32(this.seed, block, 9);
      // Block 0 always has a sweep, so every dataset has one early on.
      if (block === 0 || h % 3 === 0) {
        const start = block * SWEEP_BLOCK + ((h >>> 8) % (SWEEP_BLOCK - SWEEP_LENGTH));
        if (index >= start && index < start + SWEEP_LENGTH) return true;
      }
    }
    return false;
  }

  musicIdOf(music: number): string {
    let id = this.musicIdCache.get(music);
    if (id === undefined) {
      id = this.makeMusicId(music);
      this.musicIdCache.set(music, id);
    }
    return id;
  }

  private makeMusicId(music: number): string {
    const createTime = 1_500_000_000 + (hash32(this.seed, music, 10) % 170_000_000);
    const low = hash32(this.seed, music, 11);
    return ((BigInt(createTime) << 32n) | BigInt(low)).toString();
  }

  effectIdOf(effect: number): string {
    return (
      1_000_000_000_000_000_000n +
      BigInt(hash32(this.seed, effect, 12)) * 2_000_000_029n
    ).toString();
  }

  hashtagIdOf(tag: string): string {
    let id = this.hashtagIdCache.get(tag);
    if (id === undefined) {
      id = (
        7_000_000_000_000_000_000n +
        BigInt(hashString(this.seed, tag)) * 536_870_909n
      ).toString();
      this.hashtagIdCache.set(tag, id);
    }
    return id;
  }

  /** The fields a query condition reads, each derived on its own (no full video needed). */
  usernameAt(index: number): string {
    return this.creatorName(this.creatorOf(index));
  }

  regionAt(index: number): string {
    return this.regionOf(this.creatorOf(index));
  }

  musicIdAt(index: number): string {
    return this.musicIdOf(Math.floor(unit(this.seed, index, 22) ** 2 * this.musicCount));
  }

  durationAt(index: number): number {
    const h2 = hash32(this.seed, index, 17);
    const bucket = unit(this.seed, index, 19);
    if (bucket < 0.35) return 3 + (h2 % 12);
    if (bucket < 0.8) return 15 + (h2 % 45);
    if (bucket < 0.97) return 61 + (h2 % 240);
    return 301 + (h2 % 600);
  }

  private playlistIdOf(creator: number, playlist: number): string {
    return (
      7_100_000_000_000_000_000n +
      BigInt(hash32(this.seed, creator, playlist, 13)) * 97n
    ).toString();
  }

  hashtagsOf(index: number): string[] {
    const count = hash32(this.seed, index, 14) % 6;
    const tags: string[] = [];
    for (let k = 0; k < count; k++) {
      const u = unit(this.seed, index, 15, k);
      const tag = HASHTAGS[Math.floor(u * u * HASHTAGS.length)]!;
      if (!tags.includes(tag)) tags.push(tag);
    }
    return tags;
  }

  video(index: number): SimVideo {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new RangeError(`video index ${index} out of range 0..${this.size - 1}`);
    }
    const seed = this.seed;
    const creator = this.creatorOf(index);
    const h = hash32(seed, index, 16);
    const h2 = hash32(seed, index, 17);
    const hashtags = this.hashtagsOf(index);

    const wordCount = 2 + (h % 6);
    const words: string[] = [];
    for (let k = 0; k < wordCount; k++)
      words.push(WORDS[hash32(seed, index, 18, k) % WORDS.length]!);
    const title = words.join(' ');
    let description = title;
    if ((h >>> 4) % 5 === 0) description += ` ${EMOJI[(h >>> 8) % EMOJI.length]}`;
    for (const tag of hashtags) description += ` #${tag}`;

    const durationSec = this.durationAt(index);

    const views = Math.floor(Math.exp(unit(seed, index, 20) * 13));
    const likeRate = 0.02 + unit(seed, index, 21) * 0.1;
    const likes = Math.floor(views * likeRate);

    const effectIds: string[] = [];
    if ((h >>> 12) % 10 >= 7) {
      effectIds.push(this.effectIdOf((h2 >>> 4) % 200));
      if ((h >>> 12) % 10 === 9) effectIds.push(this.effectIdOf((h2 >>> 12) % 200));
    }
    const mentions: string[] = [];
    if ((h >>> 16) % 10 === 0) {
      mentions.push(this.creatorName(1 + ((h2 >>> 8) % (this.creatorCount - 1))));
    }
    const shape = (h >>> 20) % 20;

    const video: SimVideo = {
      index,
      id: this.idOf(index),
      createTime: this.createTime(index),
      username: this.creatorName(creator),
      regionCode: this.regionOf(creator),
      description,
      title,
      musicId: this.musicIdAt(index),
      hashtags,
      effectIds,
      mentions,
      isStemVerified: (h2 >>> 20) % 50 === 0,
      durationSec,
      width: shape === 0 ? 1920 : shape < 5 ? 720 : 1080,
      height: shape === 0 ? 1080 : shape < 5 ? 1280 : 1920,
      stats: {
        views,
        likes,
        comments: Math.floor(likes * 0.05 * unit(seed, index, 23)),
        shares: Math.floor(likes * 0.03 * unit(seed, index, 24)),
        favourites: Math.floor(likes * 0.1 * unit(seed, index, 25)),
      },
      pinned: (h2 >>> 24) % 50 === 0,
      isAd: (h2 >>> 16) % 200 === 0,
      hidden: this.isHidden(index),
      keyedVideoId: (h >>> 24) % 8 === 0,
    };
    if ((h2 >>> 28) % 10 === 0) video.playlistId = this.playlistIdOf(creator, h % 3);
    if ((h2 >>> 6) % 5 < 2) video.voiceToText = `so today ${words.slice(0, 3).join(' ')}`;
    if ((h2 >>> 2) % 20 === 0) video.label = LABELS[h2 % LABELS.length]!;
    return video;
  }

  /** Indices of a creator's videos (hidden included), ascending. Scans once per creator, then cached. */
  creatorVideos(creator: number): number[] {
    if (creator === 0) {
      return Array.from({ length: this.featuredCount }, (_, k) => this.featuredIndex(k));
    }
    const cached = this.creatorVideoCache.get(creator);
    if (cached !== undefined) return cached;
    const indices: number[] = [];
    const target = creator - 1;
    const modulus = this.creatorCount - 1;
    for (let i = 0; i < this.size; i++) {
      if (hash32(this.seed, i, 3) % modulus === target && this.creatorOf(i) === creator)
        indices.push(i);
    }
    if (this.creatorVideoCache.size >= 256) {
      const oldest = this.creatorVideoCache.keys().next();
      if (oldest.done !== true) this.creatorVideoCache.delete(oldest.value);
    }
    this.creatorVideoCache.set(creator, indices);
    return indices;
  }

  /** Indices of the videos a creator reposted, in the order the API lists them (hidden included). */
  reposts(creator: number): number[] {
    const count =
      creator === 0 ? 12 + (hash32(this.seed, 0, 26) % 10) : hash32(this.seed, creator, 26) % 30;
    const indices: number[] = [];
    for (let k = 0; k < count; k++) {
      const index = hash32(this.seed, creator, k, 27) % this.size;
      if (!indices.includes(index)) indices.push(index);
    }
    return indices;
  }

  /** UTC day number (days since epoch) of a video. */
  dayOf(index: number): number {
    return Math.floor(this.createTime(index) / DAY_SEC);
  }
}

/** 'SHORT' | 'MID' | 'LONG' | 'EXTRA_LONG', as the Research query's video_length. */
export function videoLengthOf(durationSec: number): string {
  if (durationSec < 15) return 'SHORT';
  if (durationSec <= 60) return 'MID';
  if (durationSec <= 300) return 'LONG';
  return 'EXTRA_LONG';
}
