import { hashMixed, hashString, mixSeed } from './hash.js';
import { int64Decimal } from './json-bytes.js';
import type { SimulatorQuirks, SimVideo } from './types.js';
import { ADJECTIVES, EMOJI, HASHTAGS, LABELS, NOUNS, REGIONS, WORDS } from './vocabulary.js';

/** 2023-01-01T00:00:00Z: the first second of every dataset. */
export const DATASET_START_SEC = 1_672_531_200;
export const MAX_SIZE = 10_000_000;
/** Creator name spellings (see `Dataset.creatorNameShape`): `adjective_noun` (the featured one). */
export const NAME_PLAIN = 0;
/** `adjective.noun123`. */
export const NAME_DOTTED = 1;
/** `adjective_noun_123`. */
export const NAME_NUMBERED = 2;
const DAY_SEC = 86_400;
/** Videos hidden by a moderation sweep come in runs this long. */
const SWEEP_LENGTH = 300;
const SWEEP_BLOCK = 5_000;
/** Effects videos use. */
const EFFECT_COUNT = 200;

/**
 * Everything that decides one video, as numbers (indices into the vocabulary, creator and music
 * numbers, counts): what {@link Dataset.draw} derives from (seed, index). `Dataset.video` turns
 * it into a `SimVideo`; the Research page writer writes JSON from it directly. Reusable, so a
 * page of 100 videos allocates nothing per video.
 */
export class VideoDraw {
  index = 0;
  creator = 0;
  createTime = 0;
  /** The id's high 32 bits: a second 18-48 s before `createTime` (quirk idTimeSkew), else it. */
  idHigh = 0;
  /** The id's low 32 bits: rank in its second, the skew, then a hash (the id is idHigh << 32 | idLow). */
  idLow = 0;
  keyedVideoId = false;
  /** WORDS numbers of the title, `wordCount` of them (2 to 7). */
  readonly words = new Int32Array(7);
  wordCount = 0;
  /** EMOJI number after the title, or -1. */
  emoji = -1;
  /** HASHTAGS numbers, distinct, `tagCount` of them (0 to 5). */
  readonly tags = new Int32Array(5);
  tagCount = 0;
  music = 0;
  /** Effect numbers (an effect may come twice), `effectCount` of them (0 to 2). */
  readonly effects = new Int32Array(2);
  effectCount = 0;
  /** The creator mentioned, or -1. */
  mention = -1;
  /** The creator's playlist number (0 to 2), or -1. */
  playlist = -1;
  /** Voice-to-text is "so today" and the title's first three words. */
  hasVoiceToText = false;
  /** LABELS number, or -1. */
  label = -1;
  isStemVerified = false;
  durationSec = 0;
  width = 0;
  height = 0;
  views = 0;
  likes = 0;
  comments = 0;
  shares = 0;
  favourites = 0;
  pinned = false;
  isAd = false;
}

export interface DatasetOptions {
  seed: number;
  size: number;
  quirks: Pick<SimulatorQuirks, 'shortPages' | 'emptyPages'> &
    Partial<Pick<SimulatorQuirks, 'idTimeSkew'>>;
}

/**
 * The simulator's world, derived from (seed, index) alone.
 *
 * Layout: index → create_time is strictly increasing (at least one second apart up to
 * 10 million videos), so a date range is an index range and "decreasing id order" is
 * decreasing index order. Ids are TikTok-like: a second in the high 32 bits (create_time, or
 * 18-48 s before it with the idTimeSkew quirk, as recorded ids are: then id order is not
 * create_time order), and the low bits start with the video's rank inside its second and the
 * skew, so ids are unique and map back to their video.
 */
export class Dataset {
  readonly seed: number;
  /** `mixSeed(seed)`, once: every property is a hash of the seed and a few integers. */
  private readonly mixedSeed: number;
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
  // Small caches of derived strings, bounded by the dataset's constants: at most creatorCount
  // names, musicCount music ids, 200 effect ids, one id per hashtag. Allocated at full length
  // (filled in on first use): an array filled at scattered indices would turn into a slow
  // dictionary.
  private readonly nameCache: Array<string | undefined>;
  private readonly musicIdCache: Array<string | undefined>;
  private readonly effectIdCache: Array<string | undefined> = new Array(EFFECT_COUNT).fill(
    undefined,
  );
  private readonly hashtagIdCache = new Map<string, string>();
  private sweepBlock = -1;
  private sweepStart = -1;
  /** For the query predicates that read one video's hashtags. */
  private readonly tagScratch = new Int32Array(5);
  // Per creator, filled on first use (0 = not yet): REGIONS number + 1, and 1 public / 2 private.
  private readonly regionCache: Uint8Array;
  private readonly privateCache: Uint8Array;

  constructor(options: DatasetOptions) {
    if (!Number.isInteger(options.size) || options.size < 1 || options.size > MAX_SIZE) {
      throw new RangeError(`size must be an integer from 1 to ${MAX_SIZE}, got ${options.size}`);
    }
    this.seed = options.seed;
    this.mixedSeed = mixSeed(options.seed);
    this.size = options.size;
    this.quirks = options.quirks;
    this.spanDays = Math.min(2_000, Math.max(90, Math.ceil(this.size / 5_000)));
    this.spanSec = this.spanDays * DAY_SEC;
    this.creatorCount = Math.min(100_000, Math.max(40, Math.floor(this.size / 150)));
    this.musicCount = Math.min(20_000, Math.max(50, Math.floor(this.size / 40)));
    this.featuredCount = Math.min(this.size, 30 + (this.hash(1, 1) % 31));
    this.nameCache = new Array(this.creatorCount).fill(undefined);
    this.musicIdCache = new Array(this.musicCount).fill(undefined);
    this.regionCache = new Uint8Array(this.creatorCount);
    this.privateCache = new Uint8Array(this.creatorCount);
    this.featuredCreator = this.creatorName(0);
  }

  /** `hash32(seed, a, b, c)`. */
  private hash(a: number, b = 0, c = 0): number {
    return hashMixed(this.mixedSeed, a, b, c);
  }

  /** `unit(seed, a, b, c)`: uniform in [0, 1). */
  private unit(a: number, b = 0, c = 0): number {
    return hashMixed(this.mixedSeed, a, b, c) / 0x100000000;
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
    return int64Decimal(createTime - this.idSkewOf(index), this.idLowOf(index, createTime));
  }

  /** Seconds the id's high bits lie before create_time: 18-48 with the idTimeSkew quirk, else 0. */
  idSkewOf(index: number): number {
    return this.quirks.idTimeSkew === true ? 18 + (this.hash(index, 4) % 31) : 0;
  }

  /**
   * The low 32 bits of a video's id: rank in its second (10 bits), then a hash (22 bits), of
   * which the top 6 hold the skew under the idTimeSkew quirk (so an id maps back to its video).
   */
  idLowOf(index: number, createTime: number): number {
    const rank = index - this.firstIndexAtOrAfter(createTime);
    const hash = this.hash(index, 2);
    const rest =
      this.quirks.idTimeSkew === true
        ? (this.idSkewOf(index) << 16) | (hash & 0xffff)
        : hash & 0x3fffff;
    return ((rank << 22) | rest) >>> 0;
  }

  /** The index of a video id, or -1 when no video of the dataset has it. */
  indexOfId(id: string): number {
    if (!/^\d{1,20}$/.test(id)) return -1;
    const value = BigInt(id);
    const low = Number(value & 0xffffffffn);
    const skew = this.quirks.idTimeSkew === true ? (low >>> 16) & 0x3f : 0;
    const createTime = Number(value >> 32n) + skew;
    const rank = low >>> 22;
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
    return 1 + (this.hash(index, 3) % (this.creatorCount - 1));
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
    const shape = this.creatorNameShape(creator);
    const adjective = ADJECTIVES[shape & 0xff]!;
    const noun = NOUNS[(shape >>> 8) & 0xff]!;
    switch (shape >>> 16) {
      case NAME_PLAIN:
        return `${adjective}_${noun}`;
      case NAME_DOTTED:
        return `${adjective}.${noun}${creator}`;
      default:
        return `${adjective}_${noun}_${creator}`;
    }
  }

  /**
   * How a creator's name is spelled: ADJECTIVES number | NOUNS number << 8 | NAME_* << 16.
   * (The Research writer spells names from this rather than copying the cached string.)
   */
  creatorNameShape(creator: number): number {
    const h = this.hash(creator, 4);
    const style = creator === 0 ? NAME_PLAIN : (h >>> 16) % 3 === 0 ? NAME_DOTTED : NAME_NUMBERED;
    return (h % ADJECTIVES.length) | (((h >>> 8) % NOUNS.length) << 8) | (style << 16);
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
    let cached = this.privateCache[creator]!;
    if (cached === 0) {
      cached = creator !== 0 && this.hash(creator, 5) % 25 === 0 ? 2 : 1;
      this.privateCache[creator] = cached;
    }
    return cached === 2;
  }

  regionOf(creator: number): string {
    return REGIONS[this.regionNumberOf(creator)]!;
  }

  /** The REGIONS number of a creator's region. */
  regionNumberOf(creator: number): number {
    let cached = this.regionCache[creator]!;
    if (cached === 0) {
      const u = this.unit(creator, 6);
      const region = u < 0.3 ? 0 : 1 + Math.floor(((u - 0.3) / 0.7) * (REGIONS.length - 1));
      cached = region + 1;
      this.regionCache[creator] = cached;
    }
    return cached - 1;
  }

  userIdOf(creator: number): string {
    return (6_800_000_000_000_000_000n + BigInt(this.hash(creator, 7)) * 1_000_003n).toString();
  }

  /** Deleted, private or swept by moderation: the video keeps its slot but no API shows it. */
  isHidden(index: number): boolean {
    if (this.isPrivate(this.creatorOf(index))) return true;
    if (this.quirks.shortPages && this.hash(index, 8) % 1000 < 30) return true;
    if (this.quirks.emptyPages) {
      const start = this.sweepStartOf(Math.floor(index / SWEEP_BLOCK));
      if (start >= 0 && index >= start && index < start + SWEEP_LENGTH) return true;
    }
    return false;
  }

  /** Where the sweep of a block of SWEEP_BLOCK videos starts, or -1 when it has none. */
  private sweepStartOf(block: number): number {
    // Pages walk indices in order: the block is nearly always the last one asked about.
    if (block !== this.sweepBlock) {
      const h = this.hash(block, 9);
      // Block 0 always has a sweep, so every dataset has one early on.
      this.sweepStart =
        block === 0 || h % 3 === 0
          ? block * SWEEP_BLOCK + ((h >>> 8) % (SWEEP_BLOCK - SWEEP_LENGTH))
          : -1;
      this.sweepBlock = block;
    }
    return this.sweepStart;
  }

  musicIdOf(music: number): string {
    let id = this.musicIdCache[music];
    if (id === undefined) {
      id = this.makeMusicId(music);
      this.musicIdCache[music] = id;
    }
    return id;
  }

  private makeMusicId(music: number): string {
    const createTime = 1_500_000_000 + (this.hash(music, 10) % 170_000_000);
    return int64Decimal(createTime, this.hash(music, 11));
  }

  effectIdOf(effect: number): string {
    let id = this.effectIdCache[effect];
    if (id === undefined) {
      id = (1_000_000_000_000_000_000n + BigInt(this.hash(effect, 12)) * 2_000_000_029n).toString();
      this.effectIdCache[effect] = id;
    }
    return id;
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

  /** The REGIONS number of a video's region. */
  regionNumberAt(index: number): number {
    return this.regionNumberOf(this.creatorOf(index));
  }

  musicIdAt(index: number): string {
    return this.musicIdOf(this.musicAt(index));
  }

  /** The music number of a video. */
  musicAt(index: number): number {
    return Math.floor(this.unit(index, 22) ** 2 * this.musicCount);
  }

  durationAt(index: number): number {
    return this.durationOf(index, this.hash(index, 17));
  }

  /** The duration of video `index`, whose hash 17 (`h2` in `draw`) is known. */
  private durationOf(index: number, h2: number): number {
    const bucket = this.unit(index, 19);
    if (bucket < 0.35) return 3 + (h2 % 12);
    if (bucket < 0.8) return 15 + (h2 % 45);
    if (bucket < 0.97) return 61 + (h2 % 240);
    return 301 + (h2 % 600);
  }

  /**
   * 7_100_000_000_000_000_000 + offset, the offset a hash times 97: below 10^12, so it only
   * fills the last 12 of the 19 digits.
   */
  playlistIdOf(creator: number, playlist: number): string {
    return `7100000${String(this.playlistOffsetOf(creator, playlist)).padStart(12, '0')}`;
  }

  playlistOffsetOf(creator: number, playlist: number): number {
    return this.hash(creator, playlist, 13) * 97;
  }

  /** A video's HASHTAGS numbers, distinct, into `out`; returns how many. */
  tagNumbersOf(index: number, out: Int32Array): number {
    const count = this.hash(index, 14) % 6;
    let found = 0;
    for (let k = 0; k < count; k++) {
      const u = this.unit(index, 15, k);
      const tag = Math.floor(u * u * HASHTAGS.length);
      let seen = false;
      for (let j = 0; j < found; j++) if (out[j] === tag) seen = true;
      if (!seen) out[found++] = tag;
    }
    return found;
  }

  hashtagsOf(index: number): string[] {
    const count = this.tagNumbersOf(index, this.tagScratch);
    const tags: string[] = [];
    for (let k = 0; k < count; k++) tags.push(HASHTAGS[this.tagScratch[k]!]!);
    return tags;
  }

  /** Derives video `index` into `into` (no range check: callers pass indices of the dataset). */
  draw(index: number, into: VideoDraw): VideoDraw {
    const creator = this.creatorOf(index);
    const h = this.hash(index, 16);
    const h2 = this.hash(index, 17);
    into.index = index;
    into.creator = creator;
    into.createTime = this.createTime(index);
    into.idHigh = into.createTime - this.idSkewOf(index);
    into.idLow = this.idLowOf(index, into.createTime);
    into.tagCount = this.tagNumbersOf(index, into.tags);

    const wordCount = 2 + (h % 6);
    into.wordCount = wordCount;
    for (let k = 0; k < wordCount; k++) into.words[k] = this.hash(index, 18, k) % WORDS.length;
    into.emoji = (h >>> 4) % 5 === 0 ? (h >>> 8) % EMOJI.length : -1;

    into.durationSec = this.durationOf(index, h2);

    const views = Math.floor(Math.exp(this.unit(index, 20) * 13));
    const likeRate = 0.02 + this.unit(index, 21) * 0.1;
    const likes = Math.floor(views * likeRate);
    into.views = views;
    into.likes = likes;
    into.comments = Math.floor(likes * 0.05 * this.unit(index, 23));
    into.shares = Math.floor(likes * 0.03 * this.unit(index, 24));
    into.favourites = Math.floor(likes * 0.1 * this.unit(index, 25));

    into.effectCount = 0;
    if ((h >>> 12) % 10 >= 7) {
      into.effects[into.effectCount++] = (h2 >>> 4) % EFFECT_COUNT;
      if ((h >>> 12) % 10 === 9) into.effects[into.effectCount++] = (h2 >>> 12) % EFFECT_COUNT;
    }
    into.mention = (h >>> 16) % 10 === 0 ? 1 + ((h2 >>> 8) % (this.creatorCount - 1)) : -1;
    const shape = (h >>> 20) % 20;
    into.width = shape === 0 ? 1920 : shape < 5 ? 720 : 1080;
    into.height = shape === 0 ? 1080 : shape < 5 ? 1280 : 1920;
    into.music = this.musicAt(index);
    into.isStemVerified = (h2 >>> 20) % 50 === 0;
    into.pinned = (h2 >>> 24) % 50 === 0;
    into.isAd = (h2 >>> 16) % 200 === 0;
    into.keyedVideoId = (h >>> 24) % 8 === 0;
    into.playlist = (h2 >>> 28) % 10 === 0 ? h % 3 : -1;
    into.hasVoiceToText = (h2 >>> 6) % 5 < 2;
    into.label = (h2 >>> 2) % 20 === 0 ? h2 % LABELS.length : -1;
    return into;
  }

  video(index: number): SimVideo {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new RangeError(`video index ${index} out of range 0..${this.size - 1}`);
    }
    const draw = this.draw(index, new VideoDraw());
    const words = Array.from(draw.words.subarray(0, draw.wordCount), (word) => WORDS[word]!);
    const hashtags = Array.from(draw.tags.subarray(0, draw.tagCount), (tag) => HASHTAGS[tag]!);
    const title = words.join(' ');
    let description = title;
    if (draw.emoji >= 0) description += ` ${EMOJI[draw.emoji]}`;
    for (const tag of hashtags) description += ` #${tag}`;

    const video: SimVideo = {
      index,
      id: int64Decimal(draw.idHigh, draw.idLow),
      createTime: draw.createTime,
      username: this.creatorName(draw.creator),
      regionCode: this.regionOf(draw.creator),
      description,
      title,
      musicId: this.musicIdOf(draw.music),
      hashtags,
      effectIds: Array.from(draw.effects.subarray(0, draw.effectCount), (effect) =>
        this.effectIdOf(effect),
      ),
      mentions: draw.mention < 0 ? [] : [this.creatorName(draw.mention)],
      isStemVerified: draw.isStemVerified,
      durationSec: draw.durationSec,
      width: draw.width,
      height: draw.height,
      stats: {
        views: draw.views,
        likes: draw.likes,
        comments: draw.comments,
        shares: draw.shares,
        favourites: draw.favourites,
      },
      pinned: draw.pinned,
      isAd: draw.isAd,
      hidden: this.isHidden(index),
      keyedVideoId: draw.keyedVideoId,
    };
    if (draw.playlist >= 0) video.playlistId = this.playlistIdOf(draw.creator, draw.playlist);
    if (draw.hasVoiceToText) video.voiceToText = `so today ${words.slice(0, 3).join(' ')}`;
    if (draw.label >= 0) video.label = LABELS[draw.label]!;
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
      if (this.hash(i, 3) % modulus === target && this.creatorOf(i) === creator) indices.push(i);
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
    const count = creator === 0 ? 12 + (this.hash(0, 26) % 10) : this.hash(creator, 26) % 30;
    const indices: number[] = [];
    for (let k = 0; k < count; k++) {
      const index = this.hash(creator, k, 27) % this.size;
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
