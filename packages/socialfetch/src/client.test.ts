import { fetchTransport, type TikrxError, type TikrxEvent } from '@tikrx/core';
import { collect, expectNoSecrets, failure as failureOf } from '@tikrx/testing';
import nock from 'nock';
import { lastValueFrom, type Observable, tap, toArray } from 'rxjs';
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

const failure = (source: Observable<unknown>) => failureOf<TikrxError>(source);
const expectNoSecret = (error: TikrxError, secret: string) => expectNoSecrets(error, [secret]);

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

  it('reports a checkpoint after each page, once its videos were emitted; its cursor resumes', async () => {
    nock(HOST)
      .get('/v1/tiktok/profiles/creator/videos')
      .query({ sortBy: 'latest' })
      .reply(200, documentedPage(['1', '2'], { nextCursor: 'c-2', hasMore: true }))
      .get('/v1/tiktok/profiles/creator/videos')
      .query({ sortBy: 'latest', cursor: 'c-2' })
      .reply(200, documentedPage(['3'], { nextCursor: null, hasMore: false }));
    const log: unknown[] = [];
    const sf = createSocialFetchClient({
      apiKey: KEY,
      ...fast,
      onEvent: (event) => {
        if (event.type === 'checkpoint') log.push({ event: event.checkpoint });
      },
    });
    await lastValueFrom(
      sf
        .profileVideos('creator', {
          sortBy: 'latest',
          onCheckpoint: (checkpoint) => log.push({ onCheckpoint: checkpoint }),
        })
        .pipe(
          tap((video) => log.push(video.id)),
          toArray(),
        ),
    );
    const first = { version: 1, done: false, cursor: 'c-2' };
    const last = { version: 1, done: true };
    expect(log).toEqual([
      '1',
      '2',
      { onCheckpoint: first },
      { event: first },
      '3',
      { onCheckpoint: last },
      { event: last },
    ]);
    nock(HOST)
      .get('/v1/tiktok/profiles/creator/videos')
      .query({ sortBy: 'latest', cursor: 'c-2' })
      .reply(200, documentedPage(['3'], { nextCursor: null, hasMore: false }));
    const resumed = await collect(
      sf.profileVideos('creator', { sortBy: 'latest', cursor: first.cursor }),
    );
    expect(resumed.map((video) => video.id)).toEqual(['3']);
  });

  it('sends a lower-case region upper-case', async () => {
    nock(HOST)
      .get('/v1/tiktok/profiles/creator/videos')
      .query({ region: 'JP' })
      .reply(200, documentedPage(['1'], { nextCursor: null, hasMore: false }));
    const sf = createSocialFetchClient({ apiKey: KEY, ...fast });
    expect(await collect(sf.profileVideos('creator', { region: 'jp' }))).toHaveLength(1);
  });

  it('fails the stream with what onEvent threw, without crashing the process', async () => {
    nock(HOST)
      .get('/v1/tiktok/profiles/creator/videos')
      .reply(200, documentedPage(['1'], { nextCursor: null, hasMore: false }));
    const sf = createSocialFetchClient({
      apiKey: KEY,
      ...fast,
      onEvent: (event) => {
        if (event.type === 'credits') throw new Error('listener bug');
      },
    });
    await expect(collect(sf.profileVideos('creator'))).rejects.toThrow('listener bug');
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
    ['an apiKey with CR/LF', `${KEY}\r\nX-Injected: 1`, 'creator', {}],
    ['an apiKey with a space', `${KEY} `, 'creator', {}],
    ['an apiKey that is not a string', 42, 'creator', {}],
    ['options that are not an object', KEY, 'creator', 'latest'],
    ['options null', KEY, 'creator', null],
    ['checkProfile a string', KEY, 'creator', { checkProfile: 'yes' }],
    ['trim a string', KEY, 'creator', { trim: 'yes' }],
    ['a region that is a country name', KEY, 'creator', { region: 'Japan' }],
    ['a three-letter region', KEY, 'creator', { region: 'JPN' }],
    ['a region with digits', KEY, 'creator', { region: 'J1' }],
    ['an empty userId', KEY, 'creator', { userId: '' }],
    ['a userId with a newline', KEY, 'creator', { userId: '67\n89' }],
    ['a numeric cursor', KEY, 'creator', { cursor: 5 }],
    ['an onCheckpoint that is not a function', KEY, 'creator', { onCheckpoint: true }],
  ] as const)('%s', async (_name, apiKey, handle, options) => {
    const sf = createSocialFetchClient({ apiKey: apiKey as string, ...fast });
    const error = await failure(sf.profileVideos(handle, options as ProfileVideosOptions));
    expect(error.kind).toBe('bad_request');
    if (handle !== 'creator') {
      expect((await failure(sf.profile(handle))).kind).toBe('bad_request');
    }
  });

  it.each([
    ['factory options that are not an object', 'sfk_x'],
    ['factory options undefined', undefined],
    ['a negative timeoutMs', { apiKey: KEY, ...fast, timeoutMs: -1 }],
    ['a string retry', { apiKey: KEY, ...fast, retry: 'always' }],
    ['a negative retry.maxRetries', { apiKey: KEY, ...fast, retry: { maxRetries: -1 } }],
    ['a transport that is not a function', { apiKey: KEY, transport: 'undici' }],
    ['an onEvent that is not a function', { apiKey: KEY, ...fast, onEvent: 'console' }],
    ['a limiter without acquire', { apiKey: KEY, ...fast, limiter: {} }],
    ['a baseUrl with a query string', { apiKey: KEY, ...fast, baseUrl: `${HOST}/?x=1` }],
    ['a baseUrl with a fragment', { apiKey: KEY, ...fast, baseUrl: `${HOST}/#x` }],
    [
      'a baseUrl with credentials',
      { apiKey: KEY, ...fast, baseUrl: 'https://u:p@api.socialfetch.dev' },
    ],
    ['a file: baseUrl', { apiKey: KEY, ...fast, baseUrl: 'file:///etc/passwd' }],
    ['a negative creditsPerRequest', { apiKey: KEY, ...fast, creditsPerRequest: -5 }],
  ])('refuses %s on subscribe, for profileVideos and profile alike', async (_name, options) => {
    // Built without a throw; refused on subscribe.
    const sf = createSocialFetchClient(options as never);
    expect((await failure(sf.profileVideos('creator'))).kind).toBe('bad_request');
    expect((await failure(sf.profile('creator'))).kind).toBe('bad_request');
  });

  it('names apiKey and never quotes it', async () => {
    const sf = createSocialFetchClient({ apiKey: `${KEY}\r\nX-Injected: 1`, ...fast });
    const error = await failure(sf.profileVideos('creator'));
    expect(error.message).toMatch(/^apiKey /);
    expectNoSecret(error, KEY);
  });
});
