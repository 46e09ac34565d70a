import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIMULATOR_CREDENTIALS } from './credentials.js';
import { type Simulator, startSimulator } from './simulator.js';
import { http, postJson } from './test-http.js';

const ALL_FIELDS = [
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
];

describe('Display API', () => {
  let sim: Simulator;
  let now = Date.UTC(2024, 5, 1, 12);
  beforeAll(async () => {
    sim = await startSimulator({
      seed: 11,
      now: () => now,
      limits: { display: { perMinute: 1_000 } },
    });
  });
  afterAll(() => sim.close());
  const v1 = (body: unknown, token: string = SIMULATOR_CREDENTIALS.displayAccessToken) =>
    postJson(`${sim.url}/video/list/?access_token=${encodeURIComponent(token)}`, body);
  const v2 = (
    body: unknown,
    fields = 'id,create_time',
    token: string = SIMULATOR_CREDENTIALS.displayAccessToken,
  ) =>
    postJson(`${sim.url}/v2/video/list/?fields=${fields}`, body, {
      authorization: `Bearer ${token}`,
    });

  it("v1 answers the document's example request in the documented shape", async () => {
    const result = await v1({ fields: ['id', 'embed_link', 'title'] });
    expect(result.status).toBe(200);
    expect(result.json).toEqual({
      data: {
        video_list: expect.any(Array),
        cursor: expect.any(Number),
        has_more: true,
        err_code: 0,
        error_code: 0,
      },
      extra: { error_detail: '', logid: expect.any(String) },
    });
    const list = result.json.data.video_list;
    expect(list.length).toBeLessThanOrEqual(10);
    for (const video of list) {
      expect(Object.keys(video).sort()).toEqual(['embed_link', 'id', 'title']);
      expect(typeof video.id).toBe('string');
      expect(video.embed_link).toContain(`id=${video.id}`);
    }
  });

  it('v1 renders every documented field; ids are strings', async () => {
    const result = await v1({ fields: ALL_FIELDS, max_count: 20 });
    expect(result.status).toBe(200);
    for (const video of result.json.data.video_list)
      expect(Object.keys(video).sort()).toEqual([...ALL_FIELDS].sort());
    expect(result.text).toMatch(/"id":"\d{19}"/);
  });

  it('v1 pages newest first by a millisecond cursor to exactly expected.display()', async () => {
    const ids: string[] = [];
    let cursor = 0;
    let lastTime = Number.POSITIVE_INFINITY;
    for (;;) {
      const result = await v1({ fields: ['id', 'create_time'], cursor, max_count: 7 });
      expect(result.status).toBe(200);
      for (const video of result.json.data.video_list) {
        expect(video.create_time).toBeLessThan(lastTime);
        lastTime = video.create_time;
        ids.push(video.id);
      }
      if (!result.json.data.has_more) break;
      cursor = result.json.data.cursor;
      expect(cursor).toBeGreaterThan(1_600_000_000_000);
    }
    expect(ids.sort()).toEqual(sim.expected.display());
    expect(ids.length).toBeGreaterThanOrEqual(25);
  });

  it('v2 pages to the same ids as v1', async () => {
    const ids: string[] = [];
    let cursor: number | undefined;
    for (;;) {
      const result = await v2(
        { max_count: 20, ...(cursor === undefined ? {} : { cursor }) },
        'id, create_time,title',
      );
      expect(result.status).toBe(200);
      expect(result.json.error).toEqual({ code: 'ok', message: '', log_id: expect.any(String) });
      ids.push(...result.json.data.videos.map((v: { id: string }) => v.id));
      if (!result.json.data.has_more) break;
      cursor = result.json.data.cursor;
    }
    expect(ids.sort()).toEqual(sim.expected.display());
  });

  it('v1 reports errors in data.error_code and extra.error_detail', async () => {
    const badToken = await v1({ fields: ['id'] }, 'act.nope');
    expect(badToken.status).toBe(401);
    expect(badToken.json).toEqual({
      data: { error_code: 10002, err_code: 10002, description: expect.any(String) },
      extra: { error_detail: expect.stringMatching(/access token/), logid: expect.any(String) },
    });
    const overMax = await v1({ fields: ['id'], max_count: 21 });
    expect(overMax.status).toBe(400);
    expect(overMax.json.data.error_code).toBe(10001);
    const noFields = await v1({ max_count: 5 });
    expect(noFields.json.data.error_code).toBe(10001);
    const unknownField = await v1({ fields: ['id', 'music_id'] });
    expect(unknownField.json.extra.error_detail).toMatch(/music_id/);
  });

  it('v2 reports errors in the error object', async () => {
    const badToken = await v2({}, 'id', 'act.nope');
    expect(badToken.status).toBe(401);
    expect(badToken.json.error.code).toBe('access_token_invalid');
    const overMax = await v2({ max_count: 21 });
    expect(overMax.status).toBe(400);
    expect(overMax.json.error.code).toBe('invalid_params');
    const noFields = await v2({}, '');
    expect(noFields.status).toBe(400);
  });

  it('issued Display tokens expire on the clock (access_token_invalid) and refresh with the refresh token', async () => {
    const other = sim.dataset.creators()[5]!;
    const issued = sim.issueDisplayToken(other, { ttlSec: 60 });
    expect((await v2({}, 'id', issued.accessToken)).status).toBe(200);
    now += 61_000;
    const expired = await v2({}, 'id', issued.accessToken);
    expect(expired.status).toBe(401);
    expect(expired.json.error.code).toBe('access_token_invalid');
    const refreshed = await http(`${sim.url}/v2/oauth/token/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_key: SIMULATOR_CREDENTIALS.clientKey,
        grant_type: 'refresh_token',
        refresh_token: issued.refreshToken,
      }).toString(),
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.json).toMatchObject({
      token_type: 'Bearer',
      expires_in: 7200,
      open_id: expect.any(String),
    });
    expect(refreshed.json.access_token).toMatch(/^act\./);
    const again = await v2({ max_count: 20 }, 'id', refreshed.json.access_token);
    expect(again.status).toBe(200);
    expect(sim.expected.display(refreshed.json.access_token)).toEqual(
      sim.expected.socialfetch(other),
    );
  });

  it('limits requests per minute per token with 429 and Retry-After', async () => {
    const limited = await startSimulator({
      seed: 11,
      limits: { display: { perMinute: 2 } },
      now: () => Date.UTC(2024, 0, 1, 0, 0, 30),
    });
    try {
      const call = () =>
        postJson(
          `${limited.url}/v2/video/list/?fields=id`,
          {},
          { authorization: `Bearer ${SIMULATOR_CREDENTIALS.displayAccessToken}` },
        );
      expect((await call()).status).toBe(200);
      expect((await call()).status).toBe(200);
      const third = await call();
      expect(third.status).toBe(429);
      expect(third.json.error.code).toBe('rate_limit_exceeded');
      expect(third.headers.get('retry-after')).toBe('30');
    } finally {
      await limited.close();
    }
  });
});
