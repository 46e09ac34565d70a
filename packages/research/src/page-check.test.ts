import { describe, expect, it } from 'vitest';
import { checkedPageData, isResearchVideoRecord } from './page-check.js';
import { repostedVideosPageSchema, researchVideoSchema, videoQueryPageSchema } from './schema.js';
import { readVideoQueryPage } from './wire.js';

/** A video as the query document's example sends it, every member the schema reads. */
const VIDEO = {
  id: '7301234567890123456',
  video_id: 702874395068494,
  create_time: 1633823999,
  username: 'creator',
  region_code: 'CA',
  video_description: 'lol #pov',
  music_id: '703847506349838790',
  like_count: 10,
  comment_count: 2,
  share_count: 1,
  view_count: 1050,
  favourites_count: 3,
  favorites_count: 3,
  effect_ids: ['0'],
  hashtag_names: ['pov'],
  video_mention_list: ['@a'],
  playlist_id: 7300000000000,
  voice_to_text: 'hi',
  is_stem_verified: false,
  video_duration: 12.5,
  hashtag_info_list: [{ hashtag_id: '7012345678901234567' }],
  video_label: { content: 'x' },
};

/** Values of every JSON type (and those JSON parsing can give: Infinity from 1e400). */
const ODD_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  2 ** 53,
  Number.POSITIVE_INFINITY,
  '',
  '12a',
  '-1',
  '123',
  'text',
  [],
  ['a'],
  [1],
  ['a', null],
  {},
  { code: 'ok' },
];

/** Every record `VIDEO` becomes with one member replaced by an odd value, or removed. */
function mutatedVideos(): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [];
  for (const key of Object.keys(VIDEO)) {
    const { [key]: _removed, ...without } = VIDEO as Record<string, unknown>;
    records.push(without);
    for (const value of ODD_VALUES) records.push({ ...VIDEO, [key]: value });
  }
  records.push({}, { id: '1' }, { video_id: 1 }, { username: 'a' });
  return records;
}

describe('isResearchVideoRecord', () => {
  it('accepts the documented record, as the schema does', () => {
    expect(researchVideoSchema.safeParse(VIDEO).success).toBe(true);
    expect(isResearchVideoRecord(VIDEO)).toBe(true);
  });

  it('never accepts a record the schema refuses, over every member replaced or removed', () => {
    const records = mutatedVideos();
    let refused = 0;
    for (const record of records) {
      const schema = researchVideoSchema.safeParse(record).success;
      if (!schema) refused++;
      if (isResearchVideoRecord(record))
        expect({ record, schema }).toEqual({ record, schema: true });
    }
    // The mutations reach the refusals the check must mirror.
    expect(refused).toBeGreaterThan(200);
  });

  it('accepts what the schema accepts among those records (so the schema is the exception)', () => {
    const missed = mutatedVideos().filter(
      (record) => researchVideoSchema.safeParse(record).success && !isResearchVideoRecord(record),
    );
    expect(missed).toEqual([]);
  });

  it('refuses non-objects as the schema does', () => {
    for (const value of [null, [], [VIDEO], 'video', 1]) {
      expect(isResearchVideoRecord(value)).toBe(false);
      expect(researchVideoSchema.safeParse(value).success).toBe(false);
    }
  });
});

describe('checkedPageData', () => {
  const page = (data: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    data: {
      videos: [VIDEO],
      cursor: 100,
      has_more: true,
      search_id: '7201388525814961198',
      ...data,
    },
    error: { code: 'ok', message: '', log_id: '2023' },
    ...extra,
  });

  it('hands back the data of a documented page with the records as sent', () => {
    const body = page({});
    expect(checkedPageData(body, ['videos'])).toBe(body.data);
    expect(checkedPageData(page({ videos: undefined, search_id: 7 }), ['videos'])).toBeDefined();
  });

  it('never accepts a page the schemas refuse', () => {
    const pages: unknown[] = [null, [], {}, { data: null }, { data: [] }];
    for (const key of ['videos', 'cursor', 'has_more', 'search_id']) {
      for (const value of ODD_VALUES) pages.push(page({ [key]: value }));
    }
    for (const value of ODD_VALUES) {
      pages.push(page({}, { error: value }));
      pages.push(page({}, { error: { code: 'ok', message: value } }));
      pages.push(page({}, { error: { code: 'ok', log_id: value } }));
      pages.push(page({ videos: [VIDEO, value] }));
    }
    for (const body of pages) {
      if (checkedPageData(body, ['videos']) !== undefined) {
        expect({ body, schema: videoQueryPageSchema.safeParse(body).success }).toEqual({
          body,
          schema: true,
        });
      }
      const reposts =
        body !== null && typeof body === 'object' && 'data' in body
          ? { ...body, data: { ...(body.data as object), reposted_videos: [VIDEO] } }
          : body;
      if (checkedPageData(reposts, ['reposted_videos', 'user_reposted_videos']) !== undefined) {
        expect(repostedVideosPageSchema.safeParse(reposts).success).toBe(true);
      }
    }
  });
});

describe('readVideoQueryPage', () => {
  it('reports a page off the documented shape as the schema words it', () => {
    const body = { data: { videos: [{ ...VIDEO, view_count: '1050' }], has_more: false } };
    expect(() => readVideoQueryPage(body, { cursor: 0 }, 100)).toThrow(
      /The Research video query page is not the documented shape \(data\.videos\.0\.view_count: /,
    );
  });

  it('reads a documented page the same through the check as through the schema', () => {
    const body = page100();
    const checked = readVideoQueryPage(body, { cursor: 0 }, 100);
    const parsed = videoQueryPageSchema.parse(body);
    expect(checked.items.map((video) => video.raw)).toEqual(body.data.videos);
    expect(checked.items.map((video) => video.id)).toEqual(
      (parsed.data.videos ?? []).map((record) => String(record.id ?? record.video_id)),
    );
    expect(checked.next).toEqual({ cursor: 100, searchId: '42' });
  });
});

function page100() {
  const videos = Array.from({ length: 100 }, (_, index) => ({
    ...VIDEO,
    id: String(1000 + index),
  }));
  return { data: { videos, cursor: 100, has_more: true, search_id: 42 } };
}
