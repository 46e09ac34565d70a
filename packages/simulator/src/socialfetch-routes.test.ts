import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIMULATOR_CREDENTIALS } from './credentials.js';
import { type Simulator, startSimulator } from './simulator.js';
import { http } from './test-http.js';

describe('Social Fetch', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 5 });
  });
  afterAll(() => sim.close());
  const get = (path: string, key: string = SIMULATOR_CREDENTIALS.apiKey) =>
    http(`${sim.url}${path}`, { headers: { 'x-api-key': key } });

  async function pageAll(handle: string, sortBy?: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const query = new URLSearchParams({
        ...(sortBy ? { sortBy } : {}),
        ...(cursor ? { cursor } : {}),
      });
      const result = await get(`/v1/tiktok/profiles/${encodeURIComponent(handle)}/videos?${query}`);
      expect(result.status).toBe(200);
      ids.push(...result.json.data.videos.map((v: { id: string }) => v.id));
      if (!result.json.data.page.hasMore) {
        expect(result.json.data.page.nextCursor).toBeNull();
        break;
      }
      cursor = result.json.data.page.nextCursor;
    }
    return ids;
  }

  it('lists profile videos in the documented shape, with credits in meta', async () => {
    const result = await get(
      `/v1/tiktok/profiles/${sim.dataset.featuredCreator}/videos?sortBy=latest`,
    );
    expect(result.status).toBe(200);
    expect(result.json.meta).toEqual({
      requestId: expect.any(String),
      creditsCharged: 1,
      version: 'v1',
    });
    const video = result.json.data.videos[0];
    expect(video).toEqual({
      id: expect.stringMatching(/^\d{19}$/),
      caption: expect.any(String),
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      url: expect.stringContaining('/video/'),
      thumbnailUrl: expect.any(String),
      durationMs: expect.any(Number),
      pinned: expect.any(Boolean),
      isAd: expect.any(Boolean),
      stats: {
        views: expect.any(Number),
        likes: expect.any(Number),
        comments: expect.any(Number),
        shares: expect.any(Number),
        saves: expect.any(Number),
      },
      media: { downloadUrl: expect.any(String), downloadWithoutWatermarkUrl: expect.any(String) },
      details: expect.objectContaining({ author: expect.any(Object) }),
    });
    const trimmed = await get(
      `/v1/tiktok/profiles/${sim.dataset.featuredCreator}/videos?trim=true`,
    );
    expect(trimmed.json.data.videos[0]).not.toHaveProperty('details');
  });

  it.each([['latest'], ['popular'], [undefined]])(
    'pages (sortBy %s) to exactly expected.socialfetch()',
    async (sortBy) => {
      const handle = sim.dataset.featuredCreator;
      const ids = await pageAll(handle, sortBy);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.sort()).toEqual(sim.expected.socialfetch(handle));
    },
  );

  it('orders popular by views', async () => {
    const result = await get(
      `/v1/tiktok/profiles/${sim.dataset.featuredCreator}/videos?sortBy=popular`,
    );
    const views = result.json.data.videos.map((v: { stats: { views: number } }) => v.stats.views);
    expect(views).toEqual([...views].sort((a, b) => b - a));
  });

  it('accepts a leading @ and a percent-encoded handle', async () => {
    const result = await get(
      `/v1/tiktok/profiles/${encodeURIComponent(`@${sim.dataset.featuredCreator}`)}/videos`,
    );
    expect(result.json.data.videos.length).toBeGreaterThan(0);
  });

  it('answers profile lookups found, private and not_found; the videos route gives an empty list for the last two', async () => {
    const found = await get(`/v1/tiktok/profiles/${sim.dataset.featuredCreator}`);
    expect(found.json.data).toMatchObject({
      lookupStatus: 'found',
      profile: {
        handle: sim.dataset.featuredCreator,
        userId: expect.any(String),
        followers: expect.any(Number),
      },
    });
    const privateHandle = sim.dataset
      .creators()
      .find(
        (name) =>
          sim.expected.socialfetch(name).length === 0 && name !== sim.dataset.featuredCreator,
      )!;
    const priv = await get(`/v1/tiktok/profiles/${privateHandle}`);
    expect(priv.json.data.lookupStatus).toBe('private');
    expect((await get(`/v1/tiktok/profiles/${privateHandle}/videos`)).json.data.videos).toEqual([]);
    const missing = await get('/v1/tiktok/profiles/no_such_creator_here');
    expect(missing.json.data).toEqual({ lookupStatus: 'not_found' });
    const missingVideos = await get('/v1/tiktok/profiles/no_such_creator_here/videos');
    expect(missingVideos.status).toBe(200);
    expect(missingVideos.json.data).toEqual({
      videos: [],
      page: { nextCursor: null, hasMore: false },
    });
  });

  it.each([
    [
      'a handle over 64 characters',
      `/v1/tiktok/profiles/${'a'.repeat(65)}/videos`,
      400,
      'bad_request',
    ],
    ['an empty handle', '/v1/tiktok/profiles//videos', 400, 'bad_request'],
    ['a bad sortBy', '/v1/tiktok/profiles/x/videos?sortBy=oldest', 400, 'bad_request'],
    ['an empty cursor', '/v1/tiktok/profiles/x/videos?cursor=', 400, 'bad_request'],
    ['a forged cursor', '/v1/tiktok/profiles/x/videos?cursor=abc', 400, 'bad_request'],
    ['a non-boolean trim', '/v1/tiktok/profiles/x/videos?trim=yes', 400, 'bad_request'],
  ])('rejects %s', async (_name, path, status, code) => {
    const result = await get(path);
    expect(result.status).toBe(status);
    expect(result.json).toEqual({
      error: { code, message: expect.any(String) },
      meta: { requestId: expect.any(String) },
    });
  });

  it('accepts a 64-character handle', async () => {
    expect((await get(`/v1/tiktok/profiles/${'a'.repeat(64)}/videos`)).status).toBe(200);
  });

  it('rejects a missing or wrong x-api-key with 401 unauthorized', async () => {
    const wrong = await get(
      `/v1/tiktok/profiles/${sim.dataset.featuredCreator}/videos`,
      'sfk_wrong',
    );
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.code).toBe('unauthorized');
    const missing = await http(`${sim.url}/v1/tiktok/profiles/x/videos`);
    expect(missing.status).toBe(401);
  });

  it('fails a userId that does not match the handle with 404 lookup_failed', async () => {
    const result = await get(
      `/v1/tiktok/profiles/${sim.dataset.featuredCreator}/videos?userId=123`,
    );
    expect(result.status).toBe(404);
    expect(result.json.error.code).toBe('lookup_failed');
  });

  it('charges credits per request and answers 402 insufficient_credits when they are spent', async () => {
    const poor = await startSimulator({
      seed: 5,
      limits: { socialfetch: { credits: 5, creditsPerRequest: 2 } },
    });
    try {
      const call = () =>
        http(`${poor.url}/v1/tiktok/profiles/${poor.dataset.featuredCreator}/videos`, {
          headers: { 'x-api-key': SIMULATOR_CREDENTIALS.apiKey },
        });
      expect((await call()).json.meta.creditsCharged).toBe(2);
      expect((await call()).status).toBe(200);
      const spent = await call();
      expect(spent.status).toBe(402);
      expect(spent.json.error.code).toBe('insufficient_credits');
      expect(poor.stats().creditsCharged).toBe(4);
      expect(poor.creditsRemaining()).toBe(1);
    } finally {
      await poor.close();
    }
  });
});
