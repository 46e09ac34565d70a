import { fetchTransport, TikrxError, type TikrxEvent, type Video } from '@tikrx/core';
import nock from 'nock';
import { lastValueFrom, type Observable, toArray } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSocialFetchClient, type ProfileVideosOptions } from './client.js';

const HOST = 'https://api.socialfetch.dev';
const KEY = 'sfk_live_secret_key_123';
const fast = { transport: fetchTransport(), retry: { baseDelayMs: 1, maxDelayMs: 5 } };

/**
 * A page built field by field from the document's "Response fields" (it has no example body):
 * every required field, nullable ones both set and null, `details` on the first video only.
 */
function documentedPage(
  ids: string[],
  page: { nextCursor: string | null; hasMore: boolean },
  creditsCharged = 1,
) {
  return {
    data: {
      videos: ids.map((id, i) => ({
        id,
        caption: i === 0 ? 'first caption #fyp' : null,
        createdAt: i === 0 ? '2024-03-01T12:00:00.000Z' : null,
        url: i === 0 ? `https://www.tiktok.com/@creator/video/${id}` : null,
        thumbnailUrl: i === 0 ? 'https://cdn.example/thumb.jpeg' : null,
        durationMs: i === 0 ? 15_500 : null,
        pinned: i === 0,
        isAd: false,
        stats: { views: 1000 + i, likes: 100, comments: 10, shares: 5, saves: 2 },
        media: {
          downloadUrl: i === 0 ? 'https://cdn.example/wm.mp4' : null,
          downloadWithoutWatermarkUrl: i === 0 ? 'https://cdn.example/nwm.mp4' : null,
        },
        ...(i === 0 ? { details: { author: { uniqueId: 'creator' }, music: { id: '1' } } } : {}),
      })),
      page,
    },
    meta: { requestId: `req-${ids[0] ?? 'empty'}`, creditsCharged, version: 'v1' },
  };
}

const collect = (source: Observable<Video>) => lastValueFrom(source.pipe(toArray()));
async function failure(source: Observable<unknown>): Promise<TikrxError> {
  try {
    await lastValueFrom(source);
  } catch (error) {
    if (error instanceof TikrxError) return error;
    throw error;
  }
  throw new Error('expected the stream to fail');
}
function expectNoSecret(error: TikrxError, secret: string) {
  for (const text of [error.message, String(error), JSON.stringify(error), error.stack ?? '']) {
    expect(text).not.toContain(secret);
  }
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});
afterAll(() => nock.enableNetConnect());

describe('GET /v1/tiktok/profiles/{handle}/videos', () => {
  it('sends x-api-key and every documented query parameter, and follows nextCursor to the end', async () => {
    nock(HOST, { reqheaders: { 'x-api-key': KEY, accept: 'application/json' } })
      .get('/v1/tiktok/profiles/creator/videos')
      .query({ sortBy: 'latest', userId: '6789', region: 'JP', trim: 'false' })
      .reply(
        200,
        documentedPage(['7300000000000000001', '7300000000000000002'], {
          nextCursor: 'c-2',
          hasMore: true,
        }),
      )
      .get('/v1/tiktok/profiles/creator/videos')
      .query({ sortBy: 'latest', cursor: 'c-2', userId: '6789', region: 'JP', trim: 'false' })
      .reply(200, documentedPage(['7300000000000000003'], { nextCursor: null, hasMore: false }, 2));
    const events: TikrxEvent[] = [];
    const sf = createSocialFetchClient({ apiKey: KEY, ...fast, onEvent: (e) => events.push(e) });
    const videos = await collect(
      sf.profileVideos('creator', { sortBy: 'latest', userId: '6789', region: 'JP', trim: false }),
    );
    expect(videos.map((video) => video.id)).toEqual([
      '7300000000000000001',
      '7300000000000000002',
      '7300000000000000003',
    ]);
    expect(events.filter((e) => e.type === 'credits')).toEqual([
      { type: 'credits', source: 'socialfetch', credits: 1 },
      { type: 'credits', source: 'socialfetch', credits: 2 },
    ]);
    expect(JSON.stringify(events)).not.toContain(KEY);
  });

  it('normalizes a documented video: durationMs → durationSec, createdAt → createTime, stats, media, details in raw', async () => {
    const page = documentedPage(['7300000000000000001', '7300000000000000002'], {
      nextCursor: null,
      hasMore: false,
    });
    nock(HOST).get('/v1/tiktok/profiles/creator/videos').reply(200, page);
    const [first, second] = await collect(
      createSocialFetchClient({ apiKey: KEY, ...fast }).profileVideos('creator'),
    );
    expect(first).toEqual({
      id: '7300000000000000001',
      source: 'socialfetch',
      createTime: Date.UTC(2024, 2, 1, 12) / 1000,
      username: 'creator',
      description: 'first caption #fyp',
      url: 'https://www.tiktok.com/@creator/video/7300000000000000001',
      coverImageUrl: 'https://cdn.example/thumb.jpeg',
      durationSec: 15.5,
      pinned: true,
      isAd: false,
      stats: { views: 1000, likes: 100, comments: 10, shares: 5, saves: 2 },
      media: {
        downloadUrl: 'https://cdn.example/wm.mp4',
        downloadUrlNoWatermark: 'https://cdn.example/nwm.mp4',
      },
      raw: page.data.videos[0],
    });
    expect((first!.raw as { details?: unknown }).details).toEqual({
      author: { uniqueId: 'creator' },
      music: { id: '1' },
    });
    // Nulls are absent, never invented.
    expect(Object.keys(second ?? {}).sort()).toEqual(
      ['id', 'source', 'username', 'pinned', 'isAd', 'stats', 'raw'].sort(),
    );
  });

  it('percent-encodes the handle as one path segment', async () => {
    nock(HOST)
      .get('/v1/tiktok/profiles/%40na%C3%AFve.user_1/videos')
      .reply(200, documentedPage([], { nextCursor: null, hasMore: false }, 0));
    expect(
      await collect(
        createSocialFetchClient({ apiKey: KEY, ...fast }).profileVideos('@naïve.user_1'),
      ),
    ).toEqual([]);
  });

  it.each([
    [401, 'unauthorized', 'auth', false],
    [400, 'bad_request', 'bad_request', false],
    [402, 'insufficient_credits', 'quota_exhausted', false],
  ] as const)('maps HTTP %s %s to %s, never retried', async (status, code, kind, retryable) => {
    nock(HOST)
      .get('/v1/tiktok/profiles/creator/videos')
      .reply(status, { error: { code, message: `${code} happened` }, meta: { requestId: 'rq-9' } });
    const error = await failure(
      createSocialFetchClient({ apiKey: KEY, ...fast }).profileVideos('creator'),
    );
    expect(error).toMatchObject({ kind, code, status, retryable, requestId: 'rq-9' });
    expectNoSecret(error, KEY);
  });

  it.each([
    [503, 'temporarily_unavailable'],
    [500, 'internal_error'],
    [502, 'lookup_failed'],
  ] as const)('retries HTTP %s %s and resumes the same page', async (status, code) => {
    nock(HOST)
      .get('/v1/tiktok/profiles/creator/videos')
      .reply(status, { error: { code, message: 'try later' } })
      .get('/v1/tiktok/profiles/creator/videos')
      .reply(200, documentedPage(['1'], { nextCursor: null, hasMore: false }));
    const videos = await collect(
      createSocialFetchClient({ apiKey: KEY, ...fast }).profileVideos('creator'),
    );
    expect(videos.map((video) => video.id)).toEqual(['1']);
  });

  it('stops with quota_exhausted on a 402 mid-stream, after every video already paid for', async () => {
    nock(HOST)
      .get('/v1/tiktok/profiles/creator/videos')
      .reply(200, documentedPage(['1', '2'], { nextCursor: 'c2', hasMore: true }))
      .get('/v1/tiktok/profiles/creator/videos')
      .query({ cursor: 'c2' })
      .reply(402, { error: { code: 'insufficient_credits', message: 'Out of credits' } });
    const seen: string[] = [];
    const stream = createSocialFetchClient({ apiKey: KEY, ...fast }).profileVideos('creator');
    const error = await new Promise<TikrxError>((resolve) =>
      stream.subscribe({ next: (v) => seen.push(v.id), error: resolve }),
    );
    expect(seen).toEqual(['1', '2']);
    expect(error).toMatchObject({
      kind: 'quota_exhausted',
      code: 'insufficient_credits',
      status: 402,
    });
  });

  it('maxCredits: does not send a page it cannot pay for, and fails with max_credits', async () => {
    nock(HOST)
      .get('/v1/tiktok/profiles/creator/videos')
      .reply(200, documentedPage(['1'], { nextCursor: 'c2', hasMore: true }, 2))
      .get('/v1/tiktok/profiles/creator/videos')
      .query({ cursor: 'c2' })
      .reply(200, documentedPage(['2'], { nextCursor: 'c3', hasMore: true }, 2));
    // A third page (cursor c3) would be answered by nothing: net connect is off.
    const seen: string[] = [];
    const stream = createSocialFetchClient({ apiKey: KEY, ...fast }).profileVideos('creator', {
      maxCredits: 5,
    });
    const error = await new Promise<TikrxError>((resolve) =>
      stream.subscribe({ next: (v) => seen.push(v.id), error: resolve }),
    );
    expect(seen).toEqual(['1', '2']);
    expect(error).toMatchObject({ kind: 'quota_exhausted', code: 'max_credits', retryable: false });
  });
});

describe('GET /v1/tiktok/profiles/{handle}', () => {
  it.each(['found', 'private', 'not_found'] as const)('reads lookupStatus %s', async (status) => {
    nock(HOST, { reqheaders: { 'x-api-key': KEY } })
      .get('/v1/tiktok/profiles/someone')
      .reply(200, {
        data: { lookupStatus: status },
        meta: { requestId: 'r', creditsCharged: 1, version: 'v1' },
      });
    const profile = await lastValueFrom(
      createSocialFetchClient({ apiKey: KEY, ...fast }).profile('someone'),
    );
    expect(profile).toMatchObject({ handle: 'someone', lookupStatus: status });
  });

  it.each([
    ['private', 'forbidden', 'private_profile'],
    ['not_found', 'not_found', 'not_found'],
  ] as const)(
    'checkProfile turns a %s profile into %s instead of an empty stream',
    async (status, kind, code) => {
      nock(HOST)
        .get('/v1/tiktok/profiles/someone')
        .reply(200, {
          data: { lookupStatus: status },
          meta: { requestId: 'r', creditsCharged: 1, version: 'v1' },
        });
      const error = await failure(
        createSocialFetchClient({ apiKey: KEY, ...fast }).profileVideos('someone', {
          checkProfile: true,
        }),
      );
      expect(error).toMatchObject({ kind, code });
    },
  );

  it('checkProfile lists the videos of a found profile', async () => {
    nock(HOST)
      .get('/v1/tiktok/profiles/someone')
      .reply(200, {
        data: { lookupStatus: 'found' },
        meta: { requestId: 'r', creditsCharged: 1, version: 'v1' },
      })
      .get('/v1/tiktok/profiles/someone/videos')
      .reply(200, documentedPage(['9'], { nextCursor: null, hasMore: false }));
    const videos = await collect(
      createSocialFetchClient({ apiKey: KEY, ...fast }).profileVideos('someone', {
        checkProfile: true,
      }),
    );
    expect(videos.map((video) => video.id)).toEqual(['9']);
  });
});

describe('bad input fails with bad_request before any request', () => {
  // Net connect is off for api.socialfetch.dev: a request would fail with `network` instead.
  it.each([
    ['an empty handle', KEY, '', {}],
    ['a 65-character handle', KEY, 'a'.repeat(65), {}],
    ['a handle with a slash', KEY, 'a/../../admin', {}],
    ['a handle with ..', KEY, '..', {}],
    ['a handle of one dot', KEY, '.', {}],
    ['a handle with ?', KEY, 'user?x=1', {}],
    ['a handle with #', KEY, 'user#x', {}],
    ['a handle with a backslash', KEY, 'a\\b', {}],
    ['a handle with a newline', KEY, 'a\nb', {}],
    ['an unknown sortBy', KEY, 'creator', { sortBy: 'oldest' }],
    ['an empty cursor', KEY, 'creator', { cursor: '' }],
    ['a negative maxCredits', KEY, 'creator', { maxCredits: -1 }],
    ['a missing apiKey', '', 'creator', {}],
  ] as const)('%s', async (_name, apiKey, handle, options) => {
    const sf = createSocialFetchClient({ apiKey, ...fast });
    const error = await failure(sf.profileVideos(handle, options as ProfileVideosOptions));
    expect(error.kind).toBe('bad_request');
    if (handle !== 'creator') {
      expect((await failure(sf.profile(handle))).kind).toBe('bad_request');
    }
  });
});
