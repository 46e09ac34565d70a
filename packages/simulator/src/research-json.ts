import { type Dataset, NAME_DOTTED, NAME_PLAIN, VideoDraw } from './dataset.js';
import type { RESEARCH_QUERY_FIELDS } from './fields.js';
import {
  JsonBytes,
  type JsonText,
  jsonChunk,
  jsonStringChunk,
  jsonStringContentChunk,
} from './json-bytes.js';
import { ADJECTIVES, EMOJI, HASHTAGS, LABELS, NOUNS, REGIONS, WORDS } from './vocabulary.js';

/**
 * Research pages (video query and reposted videos) as bytes, written straight from the
 * dataset's numbers: ids must come out as bare int64 numbers (JSON.stringify cannot write
 * them), and the simulator must serve a page of 100 videos far faster than a client reads one.
 *
 * Every fixed piece is encoded once below: keys with their punctuation, the vocabulary as
 * JSON-escaped UTF-8. Per video it computes only numbers (see `Dataset.draw`), then copies
 * bytes. The output is byte for byte what the string renderer wrote before (pinned in
 * research-json.test.ts). Nothing rendered is kept: every page is written from scratch.
 */

export interface ResearchRenderOptions {
  /** Ids as bare numbers (true) or strings. */
  bigintIds: boolean;
  /** Which key `id` goes out as: per video (the quirk), or always one. */
  videoIdKey: 'id' | 'video_id' | 'both';
  /** Key of the favourites count. */
  favouritesKey: 'favourites_count' | 'favorites_count';
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const UNDERSCORE = 0x5f;

/** `,"name":` and friends: each field starts with its comma; the first one becomes the `{`. */
const KEY_ID = jsonChunk(',"id":');
const KEY_VIDEO_ID = jsonChunk(',"video_id":');
const KEY_VIDEO_DESCRIPTION = jsonChunk(',"video_description":"');
const KEY_CREATE_TIME = jsonChunk(',"create_time":');
const KEY_REGION_CODE = jsonChunk(',"region_code":"');
const KEY_SHARE_COUNT = jsonChunk(',"share_count":');
const KEY_VIEW_COUNT = jsonChunk(',"view_count":');
const KEY_LIKE_COUNT = jsonChunk(',"like_count":');
const KEY_COMMENT_COUNT = jsonChunk(',"comment_count":');
const KEY_MUSIC_ID = jsonChunk(',"music_id":');
const KEY_HASHTAG_NAMES = jsonChunk(',"hashtag_names":[');
const KEY_USERNAME = jsonChunk(',"username":"');
const KEY_EFFECT_IDS = jsonChunk(',"effect_ids":["');
const KEY_PLAYLIST_ID = jsonChunk(',"playlist_id":');
const KEY_VOICE_TO_TEXT = jsonChunk(',"voice_to_text":"so today ');
const STEM_VERIFIED = jsonChunk(',"is_stem_verified":true');
const STEM_NOT_VERIFIED = jsonChunk(',"is_stem_verified":false');
const KEY_FAVOURITES_COUNT = jsonChunk(',"favourites_count":');
const KEY_FAVORITES_COUNT = jsonChunk(',"favorites_count":');
const KEY_VIDEO_DURATION = jsonChunk(',"video_duration":');
const KEY_HASHTAG_INFO_LIST = jsonChunk(',"hashtag_info_list":[');
const KEY_VIDEO_MENTION_LIST = jsonChunk(',"video_mention_list":["');
const KEY_VIDEO_LABEL = jsonChunk(',"video_label":{"content":"');
const QUOTE_COMMA_QUOTE = jsonChunk('","');
const QUOTE_BRACKET = jsonChunk('"]');
const QUOTE_BRACE = jsonChunk('"}');
const EMPTY_OBJECT = jsonChunk('{}');
const PLAYLIST_ID_START = jsonChunk('7100000');

// The vocabulary, JSON-escaped, with the separator that comes before it where there is one
// (fewer, longer copies).
const WORD_TEXT = WORDS.map((word) => jsonStringContentChunk(word));
const SPACE_WORD_TEXT = WORDS.map((word) => jsonStringContentChunk(` ${word}`));
const SPACE_EMOJI_TEXT = EMOJI.map((emoji) => jsonStringContentChunk(` ${emoji}`));
const SPACE_HASH_TAG_TEXT = HASHTAGS.map((tag) => jsonStringContentChunk(` #${tag}`));
const TAG_LITERAL = HASHTAGS.map((tag) => jsonStringChunk(tag));
const COMMA_TAG_LITERAL = HASHTAGS.map((tag) => jsonChunk(`,${JSON.stringify(tag)}`));
const LABEL_TEXT = LABELS.map((label) => jsonStringContentChunk(label));
const ADJECTIVE_TEXT = ADJECTIVES.map((adjective) => jsonChunk(adjective));
const UNDERSCORE_NOUN_TEXT = NOUNS.map((noun) => jsonChunk(`_${noun}`));
const DOT_NOUN_TEXT = NOUNS.map((noun) => jsonChunk(`.${noun}`));

const QUERY_PAGE_START = jsonChunk('{"data":{"videos":[');
const CURSOR = jsonChunk('],"cursor":');
const HAS_MORE = jsonChunk(',"has_more":true');
const HAS_NO_MORE = jsonChunk(',"has_more":false');
const SEARCH_ID = jsonChunk(',"search_id":"');
const QUERY_PAGE_ERROR = jsonChunk('"},"error":{"code":"ok","message":"","log_id":"');
const REPOSTS_PAGE_ERROR = jsonChunk('},"error":{"code":"ok","message":"ok","log_id":"');
const PAGE_END = jsonChunk('"}}');
const PINNED_PAGE_START = jsonChunk('{"data":{"pinned_videos_list":[');

// Usernames (these lists, digits, `.` and `_`), region codes and ids are written as they are,
// without escaping: nothing in them needs any.
for (const text of [...ADJECTIVES, ...NOUNS, ...REGIONS]) {
  if (!/^[A-Za-z0-9]+$/.test(text)) throw new Error(`vocabulary entry needs escaping: ${text}`);
}

/** What a field writer needs besides the video. */
interface WriteContext {
  out: JsonBytes;
  dataset: Dataset;
  options: ResearchRenderOptions;
  /** `{"hashtag_id":…,"hashtag_name":…,"hashtag_description":…}` per hashtag, for these options. */
  hashtagInfo: Array<Uint8Array | undefined>;
}

/**
 * Writes one field of a video, comma and key first, or nothing when the video has none. One
 * small function per field rather than one big switch: V8 inlines the byte writes into each.
 */
type FieldWriter = (video: VideoDraw, context: WriteContext) => void;

/** A creator's username, spelled as `Dataset.creatorName` does (see its `creatorNameShape`). */
function writeUsername(out: JsonBytes, dataset: Dataset, creator: number): void {
  const shape = dataset.creatorNameShape(creator);
  const style = shape >>> 16;
  out.raw(ADJECTIVE_TEXT[shape & 0xff]!);
  const noun = (shape >>> 8) & 0xff;
  if (style === NAME_PLAIN) {
    out.raw(UNDERSCORE_NOUN_TEXT[noun]!);
  } else if (style === NAME_DOTTED) {
    out.raw(DOT_NOUN_TEXT[noun]!);
    out.uint(creator);
  } else {
    out.raw(UNDERSCORE_NOUN_TEXT[noun]!);
    out.byte(UNDERSCORE);
    out.uint(creator);
  }
}

/** The first `count` words of the title, space-separated. */
function writeWords(out: JsonBytes, video: VideoDraw, count: number): void {
  out.raw(WORD_TEXT[video.words[0]!]!);
  for (let w = 1; w < count; w++) out.raw(SPACE_WORD_TEXT[video.words[w]!]!);
}

function hashtagInfoOf(tag: number, context: WriteContext): Uint8Array {
  let bytes = context.hashtagInfo[tag];
  if (bytes === undefined) {
    const name = HASHTAGS[tag]!;
    const id = context.dataset.hashtagIdOf(name);
    const idText = context.options.bigintIds ? id : `"${id}"`;
    bytes = new Uint8Array(
      Buffer.from(
        `{"hashtag_id":${idText},"hashtag_name":${JSON.stringify(name)},"hashtag_description":${JSON.stringify(`Videos about ${name}`)}}`,
      ),
    );
    context.hashtagInfo[tag] = bytes;
  }
  return bytes;
}

/** The writer of each field, by name. */
const FIELD_WRITERS: Readonly<Record<(typeof RESEARCH_QUERY_FIELDS)[number], FieldWriter>> = {
  id: (video, { out, options }) => {
    const keyed =
      options.videoIdKey === 'both' ? video.keyedVideoId : options.videoIdKey === 'video_id';
    out.raw(keyed ? KEY_VIDEO_ID : KEY_ID);
    if (options.bigintIds) {
      out.uint64(video.idHigh, video.idLow);
    } else {
      out.byte(QUOTE);
      out.uint64(video.idHigh, video.idLow);
      out.byte(QUOTE);
    }
  },
  video_description: (video, { out }) => {
    out.raw(KEY_VIDEO_DESCRIPTION);
    writeWords(out, video, video.wordCount);
    if (video.emoji >= 0) out.raw(SPACE_EMOJI_TEXT[video.emoji]!);
    for (let t = 0; t < video.tagCount; t++) out.raw(SPACE_HASH_TAG_TEXT[video.tags[t]!]!);
    out.byte(QUOTE);
  },
  create_time: (video, { out }) => {
    out.raw(KEY_CREATE_TIME);
    out.uint(video.createTime);
  },
  region_code: (video, { out, dataset }) => {
    out.raw(KEY_REGION_CODE);
    out.ascii(dataset.regionOf(video.creator));
    out.byte(QUOTE);
  },
  share_count: (video, { out }) => {
    out.raw(KEY_SHARE_COUNT);
    out.uint(video.shares);
  },
  view_count: (video, { out }) => {
    out.raw(KEY_VIEW_COUNT);
    out.uint(video.views);
  },
  like_count: (video, { out }) => {
    out.raw(KEY_LIKE_COUNT);
    out.uint(video.likes);
  },
  comment_count: (video, { out }) => {
    out.raw(KEY_COMMENT_COUNT);
    out.uint(video.comments);
  },
  music_id: (video, { out, dataset, options }) => {
    out.raw(KEY_MUSIC_ID);
    if (options.bigintIds) {
      out.ascii(dataset.musicIdOf(video.music));
    } else {
      out.byte(QUOTE);
      out.ascii(dataset.musicIdOf(video.music));
      out.byte(QUOTE);
    }
  },
  hashtag_names: (video, { out }) => {
    // Absent, not [], on a video without hashtags (as in the documents' examples).
    if (video.tagCount === 0) return;
    out.raw(KEY_HASHTAG_NAMES);
    out.raw(TAG_LITERAL[video.tags[0]!]!);
    for (let t = 1; t < video.tagCount; t++) out.raw(COMMA_TAG_LITERAL[video.tags[t]!]!);
    out.byte(CLOSE_BRACKET);
  },
  username: (video, { out, dataset }) => {
    out.raw(KEY_USERNAME);
    writeUsername(out, dataset, video.creator);
    out.byte(QUOTE);
  },
  effect_ids: (video, { out, dataset }) => {
    // Strings even when other ids are bare.
    if (video.effectCount === 0) return;
    out.raw(KEY_EFFECT_IDS);
    for (let e = 0; e < video.effectCount; e++) {
      if (e > 0) out.raw(QUOTE_COMMA_QUOTE);
      out.ascii(dataset.effectIdOf(video.effects[e]!));
    }
    out.raw(QUOTE_BRACKET);
  },
  playlist_id: (video, { out, dataset, options }) => {
    if (video.playlist < 0) return;
    out.raw(KEY_PLAYLIST_ID);
    if (!options.bigintIds) out.byte(QUOTE);
    // What dataset.playlistIdOf spells: 7100000 then the offset in 12 digits.
    out.raw(PLAYLIST_ID_START);
    out.digits(dataset.playlistOffsetOf(video.creator, video.playlist), 12);
    if (!options.bigintIds) out.byte(QUOTE);
  },
  voice_to_text: (video, { out }) => {
    if (!video.hasVoiceToText) return;
    out.raw(KEY_VOICE_TO_TEXT);
    writeWords(out, video, Math.min(3, video.wordCount));
    out.byte(QUOTE);
  },
  is_stem_verified: (video, { out }) => {
    out.raw(video.isStemVerified ? STEM_VERIFIED : STEM_NOT_VERIFIED);
  },
  favourites_count: (video, { out, options }) => {
    const british = options.favouritesKey === 'favourites_count';
    out.raw(british ? KEY_FAVOURITES_COUNT : KEY_FAVORITES_COUNT);
    out.uint(video.favourites);
  },
  video_duration: (video, { out }) => {
    out.raw(KEY_VIDEO_DURATION);
    out.uint(video.durationSec);
  },
  hashtag_info_list: (video, context) => {
    if (video.tagCount === 0) return;
    const out = context.out;
    out.raw(KEY_HASHTAG_INFO_LIST);
    for (let t = 0; t < video.tagCount; t++) {
      if (t > 0) out.byte(COMMA);
      out.rawBytes(hashtagInfoOf(video.tags[t]!, context));
    }
    out.byte(CLOSE_BRACKET);
  },
  video_mention_list: (video, { out, dataset }) => {
    if (video.mention < 0) return;
    out.raw(KEY_VIDEO_MENTION_LIST);
    writeUsername(out, dataset, video.mention);
    out.raw(QUOTE_BRACKET);
  },
  video_label: (video, { out }) => {
    if (video.label < 0) return;
    out.raw(KEY_VIDEO_LABEL);
    out.raw(LABEL_TEXT[video.label]!);
    out.raw(QUOTE_BRACE);
  },
};

/** A `fields` list compiled for the writer: the field writers, in the order asked. */
export type ResearchFieldPlan = readonly FieldWriter[];

/** Compiles canonical field names (see `parseFieldList`) into a plan. */
export function researchFieldPlan(fields: readonly string[]): ResearchFieldPlan {
  return fields.map((field) => {
    const writer = (FIELD_WRITERS as Record<string, FieldWriter | undefined>)[field];
    if (writer === undefined) throw new RangeError(`not a Research field: ${field}`);
    return writer;
  });
}

/**
 * Writes Research pages for one dataset. One per simulator; reuses its memory page after page
 * (release each page once it is written to the socket).
 */
export class ResearchJson {
  private readonly out = new JsonBytes();
  private readonly draw = new VideoDraw();
  /** Hashtag info objects with bare ids, and with quoted ones. */
  private readonly hashtagInfo: [Array<Uint8Array | undefined>, Array<Uint8Array | undefined>] = [
    new Array(HASHTAGS.length).fill(undefined),
    new Array(HASHTAGS.length).fill(undefined),
  ];

  constructor(private readonly dataset: Dataset) {}

  /** The body of a `/v2/research/video/query/` page. */
  queryPage(
    indices: readonly number[],
    plan: ResearchFieldPlan,
    options: ResearchRenderOptions,
    nextCursor: number,
    hasMore: boolean,
    searchId: string,
    logId: string,
  ): JsonText {
    const out = this.out;
    out.begin();
    out.raw(QUERY_PAGE_START);
    this.videos(indices, plan, options);
    out.raw(CURSOR);
    out.uint(nextCursor);
    out.raw(hasMore ? HAS_MORE : HAS_NO_MORE);
    out.raw(SEARCH_ID);
    out.raw(jsonChunk(searchId));
    out.raw(QUERY_PAGE_ERROR);
    out.ascii(logId);
    out.raw(PAGE_END);
    return out.finish();
  }

  /**
   * The body of a `/v2/research/user/reposted_videos/` page (its message is "ok"), and of a
   * liked videos page (`user_liked_videos`), which has the same shape.
   */
  repostsPage(
    listKey: 'reposted_videos' | 'user_reposted_videos' | 'user_liked_videos',
    indices: readonly number[],
    plan: ResearchFieldPlan,
    options: ResearchRenderOptions,
    nextCursor: number,
    hasMore: boolean,
    logId: string,
  ): JsonText {
    const out = this.out;
    out.begin();
    out.raw(jsonChunk(`{"data":{"${listKey}":[`));
    this.videos(indices, plan, options);
    out.raw(CURSOR);
    out.uint(nextCursor);
    out.raw(hasMore ? HAS_MORE : HAS_NO_MORE);
    out.raw(REPOSTS_PAGE_ERROR);
    out.ascii(logId);
    out.raw(PAGE_END);
    return out.finish();
  }

  /** The body of a `/v2/research/user/pinned_videos/` answer: one list, no cursor. */
  pinnedPage(
    indices: readonly number[],
    plan: ResearchFieldPlan,
    options: ResearchRenderOptions,
    logId: string,
  ): JsonText {
    const out = this.out;
    out.begin();
    out.raw(PINNED_PAGE_START);
    this.videos(indices, plan, options);
    out.byte(CLOSE_BRACKET);
    out.raw(REPOSTS_PAGE_ERROR);
    out.ascii(logId);
    out.raw(PAGE_END);
    return out.finish();
  }

  /** One video object, as text. */
  video(index: number, plan: ResearchFieldPlan, options: ResearchRenderOptions): string {
    this.out.begin();
    this.writeVideo(this.dataset.draw(index, this.draw), plan, this.context(options));
    const text = this.out.finish();
    const json = text.bytes.toString('utf8');
    text.release();
    return json;
  }

  private context(options: ResearchRenderOptions): WriteContext {
    return {
      out: this.out,
      dataset: this.dataset,
      options,
      hashtagInfo: this.hashtagInfo[options.bigintIds ? 0 : 1],
    };
  }

  private videos(
    indices: readonly number[],
    plan: ResearchFieldPlan,
    options: ResearchRenderOptions,
  ): void {
    const context = this.context(options);
    for (let k = 0; k < indices.length; k++) {
      if (k > 0) this.out.byte(COMMA);
      this.writeVideo(this.dataset.draw(indices[k]!, this.draw), plan, context);
    }
  }

  private writeVideo(video: VideoDraw, plan: ResearchFieldPlan, context: WriteContext): void {
    const out = this.out;
    const start = out.length;
    for (let k = 0; k < plan.length; k++) plan[k]!(video, context);
    if (out.length === start) {
      out.raw(EMPTY_OBJECT);
    } else {
      // Every field wrote a comma first; the first one opens the object instead.
      out.replaceByte(start, OPEN_BRACE);
      out.byte(CLOSE_BRACE);
    }
  }
}
