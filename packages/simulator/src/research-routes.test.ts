import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from './simulator.js';
import { pageResearch, postJson, researchToken, videoIdOf } from './test-http.js';
import type { ResearchQuery } from './types.js';

const QUERY_PATH = '/v2/research/video/query/';

// The request of research-video-query.txt's curl example, verbatim.
const DOC_EXAMPLE_BODY = {
  query: {
    and: [
      { operation: 'IN', field_name: 'region_code', field_values: ['JP', 'US'] },
      { operation: 'EQ', field_name: 'hashtag_name', field_values: ['animal'] },
    ],
    not: [{ operation: 'EQ', field_name: 'video_length', field_values: ['SHORT'] }],
  },
  max_count: 100,
  cursor: 0,
  start_date: '20230101',
  end_date: '20230115',
};

describe('Research video query', () => {
  let sim: Simulator;
  let token: string;
  const post = (body: unknown, fields = 'id,create_time', auth?: string) =>
    postJson(`${sim.url}${QUERY_PATH}?fields=${fields}`, body, {
      authorization: auth ?? `Bearer ${token}`,
    });

  beforeAll(async () => {
    sim = await startSimulator({ seed: 7, limits: { research: { perDay: 100_000 } } });
    token = await researchToken(sim.url);
  });
  afterAll(() => sim.close());

  it("answers the document's example request in the documented shape", async () => {
    const result = await post(DOC_EXAMPLE_BODY, 'id,video_description,create_time');
    expect(result.status).toBe(200);
    const { data, error } = result.json;
    expect(error).toEqual({
      code: 'ok',
      message: '',
      log_id: expect.stringMatching(/^\d{14}[0-9A-F]{20}$/),
    });
    expect(data).toEqual({
      videos: expect.any(Array),
      cursor: expect.any(Number),
      has_more: expect.any(Boolean),
      search_id: expect.stringMatching(/^\d{19}$/),
    });
    expect(data.videos.length).toBeGreaterThan(0);
    for (const video of data.videos) {
      expect(Object.keys(video).sort()).toEqual(
        expect.arrayContaining(['create_time', 'video_description']),
      );
      expect(video.video_description).toMatch(/#animal/);
      expect(video.create_time).toBeGreaterThanOrEqual(Date.UTC(2023, 0, 1) / 1000);
      expect(video.create_time).toBeLessThan(Date.UTC(2023, 0, 16) / 1000);
    }
    const expected = sim.expected.research({
      query: DOC_EXAMPLE_BODY.query,
      startDate: '20230101',
      endDate: '20230115',
    });
    expect(data.videos.map(videoIdOf).sort()).toEqual(expected);
  });

  it('writes ids and music ids as bare JSON numbers above 2^53', async () => {
    const result = await post({ ...DOC_EXAMPLE_BODY, max_count: 5 }, 'id,music_id');
    expect(result.text).toMatch(/"(id|video_id)":7\d{18}[,}]/);
    expect(result.text).toMatch(/"music_id":\d{19}[,}]/);
    const id = videoIdOf(result.json.data.videos[0]);
    expect(BigInt(id) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    // JSON.parse loses digits; that is the point of the quirk.
    const naive = JSON.parse(result.text).data.videos[0];
    expect(String(naive.id ?? naive.video_id)).not.toBe(id);
  });

  it('returns videos in decreasing id order and only the requested fields', async () => {
    const result = await post(
      { ...DOC_EXAMPLE_BODY, max_count: 50 },
      'id, create_time,region_code',
    );
    expect(result.status).toBe(200);
    const ids: string[] = result.json.data.videos.map(videoIdOf);
    const sorted = [...ids].sort((a, b) => (BigInt(b) > BigInt(a) ? 1 : -1));
    expect(ids).toEqual(sorted);
    for (const video of result.json.data.videos) {
      expect(
        Object.keys(video)
          .filter((k) => k !== 'id' && k !== 'video_id')
          .sort(),
      ).toEqual(['create_time', 'region_code']);
    }
  });

  it('accepts spaces after commas in fields, as the Python wrapper sends them', async () => {
    const result = await post(
      DOC_EXAMPLE_BODY,
      'id, video_description, create_time, favourites_count',
    );
    expect(result.status).toBe(200);
    expect(result.json.data.videos[0]).toHaveProperty('favourites_count');
  });

  it('keys some videos video_id instead of id', async () => {
    const { ids } = await pageResearch(sim.url, token, {
      query: { and: [{ field_name: 'region_code', operation: 'EQ', field_values: ['US'] }] },
      start_date: '20230201',
      end_date: '20230203',
      max_count: 100,
    });
    expect(ids.length).toBeGreaterThan(20);
    const result = await post({
      query: { and: [{ field_name: 'region_code', operation: 'EQ', field_values: ['US'] }] },
      start_date: '20230201',
      end_date: '20230203',
      max_count: 100,
    });
    const keys = result.json.data.videos.map((v: Record<string, unknown>) =>
      'id' in v ? 'id' : 'video_id',
    );
    expect(keys).toContain('id');
    expect(keys).toContain('video_id');
  });

  it.each([
    ['an unknown field', { ...DOC_EXAMPLE_BODY }, 'id,nonsense', /nonsense/],
    ['a missing fields list', { ...DOC_EXAMPLE_BODY }, '', /fields/],
    [
      'a malformed start_date',
      { ...DOC_EXAMPLE_BODY, start_date: '2023-01-01' },
      'id',
      /start_date/,
    ],
    ['an impossible end_date', { ...DOC_EXAMPLE_BODY, end_date: '20230230' }, 'id', /end_date/],
    [
      'end_date before start_date',
      { ...DOC_EXAMPLE_BODY, start_date: '20230110', end_date: '20230101' },
      'id',
      /end_date/,
    ],
    [
      'a window over 30 days',
      { ...DOC_EXAMPLE_BODY, start_date: '20230101', end_date: '20230201' },
      'id',
      /30 days/,
    ],
    [
      'max_count over 100',
      { ...DOC_EXAMPLE_BODY, max_count: 101 },
      'id',
      /Invalid count or cursor/,
    ],
    ['max_count 0', { ...DOC_EXAMPLE_BODY, max_count: 0 }, 'id', /Invalid count or cursor/],
    ['a negative cursor', { ...DOC_EXAMPLE_BODY, cursor: -1 }, 'id', /Invalid count or cursor/],
    ['a missing query', { start_date: '20230101', end_date: '20230102' }, 'id', /query/],
    ['an empty query', { ...DOC_EXAMPLE_BODY, query: {} }, 'id', /condition/],
    [
      'an unknown field_name',
      {
        ...DOC_EXAMPLE_BODY,
        query: { and: [{ field_name: 'country', operation: 'EQ', field_values: ['US'] }] },
      },
      'id',
      /field_name/,
    ],
    [
      'an unknown operation',
      {
        ...DOC_EXAMPLE_BODY,
        query: { and: [{ field_name: 'region_code', operation: 'NE', field_values: ['US'] }] },
      },
      'id',
      /operation/,
    ],
    [
      'GT on a field without order',
      {
        ...DOC_EXAMPLE_BODY,
        query: { and: [{ field_name: 'region_code', operation: 'GT', field_values: ['US'] }] },
      },
      'id',
      /GT/,
    ],
    [
      'empty field_values',
      {
        ...DOC_EXAMPLE_BODY,
        query: { and: [{ field_name: 'region_code', operation: 'IN', field_values: [] }] },
      },
      'id',
      /field_values/,
    ],
    [
      'a bad video_length',
      {
        ...DOC_EXAMPLE_BODY,
        query: { or: [{ field_name: 'video_length', operation: 'EQ', field_values: ['TINY'] }] },
      },
      'id',
      /video_length/,
    ],
    ['cursor > 0 without search_id', { ...DOC_EXAMPLE_BODY, cursor: 100 }, 'id', /search_id/],
    ['a body that is not JSON', '{"query":', 'id', /JSON/],
  ])('rejects %s with 400 invalid_params', async (_name, body, fields, message) => {
    const result = await post(body, fields as string);
    expect(result.status).toBe(400);
    expect(result.json).toEqual({
      error: {
        code: 'invalid_params',
        message: expect.stringMatching(message as RegExp),
        log_id: expect.any(String),
      },
    });
  });

  it('rejects a missing or unknown token with 401 access_token_invalid', async () => {
    const missing = await postJson(`${sim.url}${QUERY_PATH}?fields=id`, DOC_EXAMPLE_BODY);
    expect(missing.status).toBe(401);
    expect(missing.json.error.code).toBe('access_token_invalid');
    const wrong = await post(DOC_EXAMPLE_BODY, 'id', 'Bearer clt.not-a-token');
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.code).toBe('access_token_invalid');
  });

  it('rejects a Display token with 401 scope_not_authorized, as the field reports', async () => {
    const result = await post(DOC_EXAMPLE_BODY, 'id', 'Bearer act.sim-display-token-0001');
    expect(result.status).toBe(401);
    expect(result.json.error.code).toBe('scope_not_authorized');
  });

  const QUERIES: Array<[string, ResearchQuery, string, string]> = [
    [
      'a hashtag',
      { and: [{ field_name: 'hashtag_name', operation: 'EQ', field_values: ['cat'] }] },
      '20230105',
      '20230130',
    ],
    [
      'or/not of keyword and regions',
      {
        or: [
          { field_name: 'keyword', operation: 'EQ', field_values: ['coffee'] },
          { field_name: 'keyword', operation: 'IN', field_values: ['sunset', 'rainy'] },
        ],
        not: [{ field_name: 'region_code', operation: 'IN', field_values: ['US', 'GB'] }],
      },
      '20230201',
      '20230303',
    ],
    [
      'create_date bounds and video length',
      {
        and: [
          { field_name: 'create_date', operation: 'GTE', field_values: ['20230310'] },
          { field_name: 'create_date', operation: 'LT', field_values: ['20230315'] },
          { field_name: 'video_length', operation: 'IN', field_values: ['LONG', 'EXTRA_LONG'] },
        ],
      },
      '20230301',
      '20230331',
    ],
  ];

  it.each(QUERIES)(
    'yields exactly expected() when paged exhaustively: %s',
    async (_name, query, start, end) => {
      const { ids, pages } = await pageResearch(sim.url, token, {
        query,
        start_date: start,
        end_date: end,
        max_count: 20,
      });
      expect(ids.length).toBeGreaterThan(0);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual(
        sim.expected.research({ query, startDate: start, endDate: end }),
      );
      // The cursor advances by max_count even when a page holds fewer videos.
      for (let k = 0; k < pages.length - 1; k++) expect(pages[k]!.cursor).toBe(20 * (k + 1));
    },
  );

  it('serves short and empty pages with has_more true and still loses nothing', async () => {
    // A broad query over days containing a moderation sweep (a run of hidden videos).
    const query: ResearchQuery = {
      and: [{ field_name: 'region_code', operation: 'IN', field_values: ['US', 'GB', 'JP', 'DE'] }],
    };
    const { ids, pages } = await pageResearch(sim.url, token, {
      query,
      start_date: '20230101',
      end_date: '20230131',
      max_count: 20,
    });
    expect(pages.some((p) => p.hasMore && p.count < 20 && p.count > 0)).toBe(true);
    expect(pages.some((p) => p.hasMore && p.count === 0)).toBe(true);
    expect([...ids].sort()).toEqual(
      sim.expected.research({ query, startDate: '20230101', endDate: '20230131' }),
    );
  });

  it('rejects a search_id that does not belong to the query as invalid or expired (HTTP 400, as the field reports)', async () => {
    const first = await post({ ...DOC_EXAMPLE_BODY, max_count: 5 });
    const searchId = first.json.data.search_id;
    const otherQuery = {
      ...DOC_EXAMPLE_BODY,
      start_date: '20230102',
      max_count: 5,
      cursor: 5,
      search_id: searchId,
    };
    const result = await post(otherQuery);
    expect(result.status).toBe(400);
    expect(result.json.error).toEqual({
      code: 'invalid_params',
      message: `Search Id ${searchId} is invalid or expired`,
      log_id: expect.any(String),
    });
    const unknown = await post({
      ...DOC_EXAMPLE_BODY,
      max_count: 5,
      cursor: 5,
      search_id: '7354367454467855403',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.message).toMatch(/is invalid or expired/);
  });

  it('rejects a cursor past the end of the result set with Invalid count or cursor', async () => {
    const first = await post({ ...DOC_EXAMPLE_BODY, max_count: 5 });
    const result = await post({
      ...DOC_EXAMPLE_BODY,
      max_count: 5,
      cursor: 100_000,
      search_id: first.json.data.search_id,
    });
    expect(result.status).toBe(400);
    expect(result.json.error.message).toBe('Invalid count or cursor');
  });

  it('returns up to max_count random videos with is_random', async () => {
    const result = await post({ ...DOC_EXAMPLE_BODY, max_count: 5, is_random: true });
    expect(result.status).toBe(200);
    expect(result.json.data.videos.length).toBe(5);
    expect(result.json.data.has_more).toBe(false);
    const all = new Set(
      sim.expected.research({
        query: DOC_EXAMPLE_BODY.query,
        startDate: '20230101',
        endDate: '20230115',
      }),
    );
    for (const video of result.json.data.videos) expect(all.has(videoIdOf(video))).toBe(true);
  });

  it('renders every documented video field', async () => {
    const fields =
      'id,video_description,create_time, region_code,share_count,view_count,like_count,comment_count, music_id,hashtag_names, username,effect_ids,playlist_id,voice_to_text, is_stem_verified, favourites_count, video_duration,hashtag_info_list,video_mention_list,video_label';
    const result = await post(
      {
        query: { and: [{ field_name: 'region_code', operation: 'EQ', field_values: ['US'] }] },
        start_date: '20230101',
        end_date: '20230131',
        max_count: 100,
      },
      fields,
    );
    expect(result.status).toBe(200);
    const seen = new Set(result.json.data.videos.flatMap((v: object) => Object.keys(v)));
    for (const key of fields
      .split(',')
      .map((f) => f.trim())
      .filter((f) => f !== 'id'))
      expect(seen).toContain(key);
    const video = result.json.data.videos.find(
      (v: Record<string, unknown>) => v['playlist_id'] !== undefined,
    );
    expect(result.text).toMatch(new RegExp(`"playlist_id":${video.playlist_id}[,}]`));
  });

  it('finds a video by video_id and by username', async () => {
    const target = sim.dataset.video(12_345);
    const day = new Date(target.createTime * 1000).toISOString().slice(0, 10).replaceAll('-', '');
    const byId = await post({
      query: { and: [{ field_name: 'video_id', operation: 'EQ', field_values: [target.id] }] },
      start_date: day,
      end_date: day,
    });
    expect(byId.json.data.videos.map(videoIdOf)).toEqual(target.hidden ? [] : [target.id]);
    const featured = sim.dataset.featuredCreator;
    const query: ResearchQuery = {
      and: [{ field_name: 'username', operation: 'EQ', field_values: [featured] }],
    };
    const windows = [
      ['20230101', '20230131'],
      ['20230201', '20230303'],
      ['20230304', '20230331'],
    ] as const;
    const ids: string[] = [];
    for (const [start, end] of windows) {
      ids.push(
        ...(
          await pageResearch(sim.url, token, {
            query,
            start_date: start,
            end_date: end,
            max_count: 100,
          })
        ).ids,
      );
    }
    expect(ids.sort()).toEqual(
      sim.expected.research({ query, startDate: '20230101', endDate: '20230331' }),
    );
    expect(ids.sort()).toEqual(sim.expected.display());
  });
});

describe('Research reposted videos', () => {
  let sim: Simulator;
  let token: string;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 3 });
    token = await researchToken(sim.url);
  });
  afterAll(() => sim.close());
  const path = '/v2/research/user/reposted_videos/';

  it("answers the document's example request (fields without spaces) in the documented shape", async () => {
    const username = sim.dataset.featuredCreator;
    const result = await postJson(
      `${sim.url}${path}?fields=id,create_time,region_code,music_id,like_count,comment_count,share_count,view_count,hashtag_names`,
      { username, max_count: 6 },
      { authorization: `Bearer ${token}` },
    );
    expect(result.status).toBe(200);
    const { data, error } = result.json;
    expect(error).toEqual({ code: 'ok', message: 'ok', log_id: expect.any(String) });
    const list = data.reposted_videos ?? data.user_reposted_videos;
    expect(list.length).toBeLessThanOrEqual(6);
    expect(data.cursor).toBe(6);
    expect(data.has_more).toBe(true);
    expect(result.text).toMatch(/"music_id":\d{19}[,}]/);
  });

  it('pages to exactly expected.reposts(), under either list key, with favorites_count', async () => {
    const keys = new Set<string>();
    for (const username of sim.dataset.creators().slice(0, 12)) {
      const ids: string[] = [];
      let cursor = 0;
      for (;;) {
        const result = await postJson(
          `${sim.url}${path}?fields=id, favourites_count`,
          { username, max_count: 5, cursor },
          { authorization: `Bearer ${token}` },
        );
        expect(result.status).toBe(200);
        const key =
          'reposted_videos' in result.json.data ? 'reposted_videos' : 'user_reposted_videos';
        keys.add(key);
        for (const video of result.json.data[key]) {
          ids.push(videoIdOf(video));
          expect(video).toHaveProperty('favorites_count');
        }
        if (!result.json.data.has_more) break;
        cursor = result.json.data.cursor;
      }
      expect(ids.sort()).toEqual(sim.expected.reposts(username));
    }
    expect(keys).toEqual(new Set(['reposted_videos', 'user_reposted_videos']));
  });

  it('rejects max_count over 100, a missing username, an unknown field', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const over = await postJson(
      `${sim.url}${path}?fields=id`,
      { username: sim.dataset.featuredCreator, max_count: 101 },
      auth,
    );
    expect(over.status).toBe(400);
    expect(over.json.error.code).toBe('invalid_params');
    const missing = await postJson(`${sim.url}${path}?fields=id`, { max_count: 5 }, auth);
    expect(missing.status).toBe(400);
    const field = await postJson(
      `${sim.url}${path}?fields=id,effect_ids`,
      { username: sim.dataset.featuredCreator },
      auth,
    );
    expect(field.status).toBe(400);
    expect(field.json.error.message).toMatch(/effect_ids/);
  });
});
