import { isDeepStrictEqual } from 'node:util';
import { fetchTransport, type TikrxError, type TikrxEvent, type Video } from '@tikrx/core';
import { fixture } from '@tikrx/testing';
import nock from 'nock';
import { lastValueFrom, type Observable, take, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createResearchClient } from './client.js';
import { q } from './query.js';
import { VIDEO_QUERY_FIELDS } from './schema.js';

const HOST = 'https://open.tiktokapis.com';
const retry = { baseDelayMs: 1, maxDelayMs: 20 };

/** The video query document's own example response. */
const DOC_QUERY_EXAMPLE = `{"data":{"videos":[{"hashtag_names":["avengers","pov"],"region_code":"CA","create_time":1633823999,"effect_ids":["0"],"video_id":702874395068494965,"music_id":703847506349838790,"video_description":"lol #pov #avengers","view_count":1050,"comment_count":2}],"cursor":100,"search_id":"7201388525814961198","has_more":false},"error":{"code":"ok","message":"","log_id":"20230113024658F0D7C5D6CA3A9B79C5B9"}}`;
/** The reposted videos document's own example response. */
const DOC_REPOSTS_EXAMPLE = `{"data":{"cursor":7,"has_more":false,"reposted_videos":[{"comment_count":64,"create_time":1706442860,"id":7777777777777777777,"like_count":11169,"music_id":1111111111111111111,"region_code":"MD","share_count":27,"view_count":148105},{"like_count":717,"share_count":4,"comment_count":12,"hashtag_names":["fyp","example","trainingseason","newsong"],"music_id":9999999999999999999,"region_code":"DO","view_count":56416,"create_time":1706355306,"id":3333333333333333333}]},"error":{"code":"ok","message":"ok","log_id":"202402000999900909990909090999999"}}`;

/** The query of the document's curl example. */
const docQuery = q.query(
  q.and(q.in('region_code', ['JP', 'US']), q.eq('hashtag_name', 'animal')),
  q.not(q.eq('video_length', 'SHORT')),
);

function client(events: TikrxEvent[] = []) {
  return createResearchClient({
    clientKey: 'key-abc',
    clientSecret: 'secret-xyz',
    transport: fetchTransport(),
    retry,
    onEvent: (e) => events.push(e),
  });
}

function tokenScope(times = 1) {
  return nock(HOST)
    .post(
      '/v2/oauth/token/',
      'client_key=key-abc&client_secret=secret-xyz&grant_type=client_credentials',
    )
    .matchHeader('content-type', 'application/x-www-form-urlencoded')
    .times(times)
    .reply(200, {
      access_token: 'clt.example12345Example12345Example',
      expires_in: 7200,
      token_type: 'Bearer',
    });
}

beforeEach(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('video query, as the document pins it', () => {
  it('sends the documented request and maps the example response to Video', async () => {
    tokenScope();
    const page = nock(HOST)
      .post('/v2/research/video/query/', (body: unknown) =>
        isDeepStrictEqual(body, {
          query: docQuery,
          max_count: 100,
          cursor: 0,
          start_date: '20230101',
          end_date: '20230115',
        }),
      )
      .query({ fields: 'id,video_description,create_time' })
      .matchHeader('authorization', 'Bearer clt.example12345Example12345Example')
      .matchHeader('content-type', 'application/json')
      .reply(200, DOC_QUERY_EXAMPLE);
    const videos = await lastValueFrom(
      client()
        .queryVideos({
          query: docQuery,
          startDate: '2023-01-01',
          endDate: new Date(Date.UTC(2023, 0, 15, 23, 59)),
          fields: ['id', 'video_description', 'create_time'],
          // One window (by default 15 days run as 12 windows, one per concurrency slot).
          windowDays: 30,
        })
        .pipe(toArray()),
    );
    expect(page.isDone()).toBe(true);
    expect(videos).toEqual([
      {
        id: '702874395068494965',
        source: 'research',
        createTime: 1633823999,
        description: 'lol #pov #avengers',
        regionCode: 'CA',
        musicId: '703847506349838790',
        hashtags: ['avengers', 'pov'],
        effectIds: ['0'],
        stats: { views: 1050, comments: 2 },
        raw: expect.objectContaining({ video_id: '702874395068494965' }),
      },
    ]);
  });

  it('requests every documented field by default', async () => {
    tokenScope();
    nock(HOST)
      .post('/v2/research/video/query/')
      .query({ fields: VIDEO_QUERY_FIELDS.join(',') })
      .reply(200, DOC_QUERY_EXAMPLE);
    const videos = await lastValueFrom(
      client()
        .queryVideos({
          query: docQuery,
          startDate: '20230101',
          endDate: '20230115',
          windowDays: 30,
        })
        .pipe(toArray()),
    );
    expect(videos).toHaveLength(1);
  });

  it('replays the real recorded pages: 27 videos of 100 with has_more, every id digit exact, then the last page', async () => {
    tokenScope();
    const page1 = fixture('research-video-query-page-1-of-2.recorded.json');
    const page2 = fixture('research-video-query-page-2-of-2.recorded.json');
    nock(HOST)
      .post(
        '/v2/research/video/query/',
        (body) => body.cursor === 0 && body.search_id === undefined,
      )
      .query(true)
      .reply(200, page1)
      .post(
        '/v2/research/video/query/',
        (body) =>
          body.cursor === 100 && body.search_id === '7354367454467855403' && body.max_count === 100,
      )
      .query(true)
      .reply(200, page2);
    const events: TikrxEvent[] = [];
    const videos: Video[] = await lastValueFrom(
      client(events)
        .queryVideos({
          query: q.and(q.eq('hashtag_name', 'cats')),
          startDate: '20240106',
          endDate: '20240106',
        })
        .pipe(toArray()),
    );
    const pages = events.filter((e) => e.type === 'page');
    expect(pages[0]).toEqual({ type: 'page', source: 'research', videos: 27, hasMore: true });
    // Page 2 repeats 26 of page 1's videos; they are dropped as duplicates.
    const expectedIds = [...page1.matchAll(/"id":(\d+)/g), ...page2.matchAll(/"id":(\d+)/g)].map(
      (m) => m[1],
    );
    expect(videos.map((v) => v.id)).toEqual([...new Set(expectedIds)]);
    expect(videos[0]).toMatchObject({
      id: '7320768196569599275',
      musicId: '7159460238003800066',
      username: 's.clovis',
    });
    expect(videos.some((v) => v.id === '73207681965695992750')).toBe(true);
    expect(events.some((e) => e.type === 'duplicate' && e.count === 26)).toBe(true);
  });

  it('renews the token once when the API calls it invalid, and shares one token between windows', async () => {
    tokenScope(2);
    nock(HOST)
      .post('/v2/research/video/query/')
      .query(true)
      .reply(401, {
        error: {
          code: 'access_token_invalid',
          message: 'The access token is invalid',
          log_id: 'x',
        },
      })
      .post('/v2/research/video/query/')
      .query(true)
      .times(2)
      .reply(200, DOC_QUERY_EXAMPLE.replace('702874395068494965', '702874395068494966'))
      .post('/v2/research/video/query/')
      .query(true)
      .reply(200, DOC_QUERY_EXAMPLE);
    const events: TikrxEvent[] = [];
    const videos = await lastValueFrom(
      client(events)
        .queryVideos({
          query: docQuery,
          startDate: '20230101',
          endDate: '20230301',
          windowDays: 20,
          concurrency: 3,
        })
        .pipe(toArray()),
    );
    expect(videos).toHaveLength(3);
    expect(
      events.filter((e) => e.type === 'token').map((e) => (e as { reason: string }).reason),
    ).toEqual(['initial', 'rejected']);
  });

  it('fails with quota_exhausted on the daily quota, reporting a checkpoint first', async () => {
    tokenScope();
    nock(HOST)
      .post('/v2/research/video/query/')
      .query(true)
      .reply(429, { error: { code: 'daily_quota_limit_exceeded', message: 'quota', log_id: 'y' } });
    const checkpoints: unknown[] = [];
    const error = await lastValueFrom(
      client().queryVideos({
        query: docQuery,
        startDate: '20230101',
        endDate: '20230115',
        windowDays: 30,
        onCheckpoint: (c) => checkpoints.push(c),
      }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'quota_exhausted',
      code: 'daily_quota_limit_exceeded',
      requestId: 'y',
    });
    expect(checkpoints).toHaveLength(1);
  });
});

describe('reposted videos, as the document pins it', () => {
  it('sends the documented request and reads the example response, ids exact', async () => {
    tokenScope();
    nock(HOST)
      .post('/v2/research/user/reposted_videos/', {
        username: 'test_username',
        max_count: 6,
        cursor: 0,
      })
      .query({
        fields:
          'id,create_time,region_code,music_id,like_count,comment_count,share_count,view_count,hashtag_names',
      })
      .matchHeader('authorization', 'Bearer clt.example12345Example12345Example')
      .matchHeader('content-type', 'application/json')
      .reply(200, DOC_REPOSTS_EXAMPLE);
    const videos = await lastValueFrom(
      client()
        .repostedVideos('test_username', {
          maxCount: 6,
          fields: [
            'id',
            'create_time',
            'region_code',
            'music_id',
            'like_count',
            'comment_count',
            'share_count',
            'view_count',
            'hashtag_names',
          ],
        })
        .pipe(toArray()),
    );
    expect(videos.map((v) => [v.id, v.musicId])).toEqual([
      ['7777777777777777777', '1111111111111111111'],
      ['3333333333333333333', '9999999999999999999'],
    ]);
    expect(videos[1]).toMatchObject({
      hashtags: ['fyp', 'example', 'trainingseason', 'newsong'],
      regionCode: 'DO',
    });
  });

  it('reads the other spelling, user_reposted_videos, and favorites_count', async () => {
    tokenScope();
    nock(HOST)
      .post('/v2/research/user/reposted_videos/')
      .query(true)
      .reply(
        200,
        `{"data":{"cursor":1,"has_more":false,"user_reposted_videos":[{"id":7777777777777777777,"favorites_count":5}]},"error":{"code":"ok","message":"ok","log_id":"z"}}`,
      );
    const videos = await lastValueFrom(client().repostedVideos('test_username').pipe(toArray()));
    expect(videos).toEqual([
      {
        id: '7777777777777777777',
        source: 'research',
        stats: { saves: 5 },
        raw: { id: '7777777777777777777', favorites_count: 5 },
      },
    ]);
  });
});

describe('listeners that throw', () => {
  it('fail the stream with what onEvent threw while the stream is live', async () => {
    tokenScope();
    nock(HOST)
      .post('/v2/research/user/reposted_videos/')
      .query(true)
      .reply(200, DOC_REPOSTS_EXAMPLE);
    const research = createResearchClient({
      clientKey: 'key-abc',
      clientSecret: 'secret-xyz',
      transport: fetchTransport(),
      retry,
      onEvent: (event) => {
        if (event.type === 'page') throw new Error('listener bug');
      },
    });
    await expect(lastValueFrom(research.repostedVideos('test_username'))).rejects.toThrow(
      'listener bug',
    );
  });

  it('never escape as an uncaught exception from the checkpoint of a failing stream', async () => {
    tokenScope();
    nock(HOST)
      .post('/v2/research/user/reposted_videos/')
      .query(true)
      .reply(400, { error: { code: 'invalid_params', message: 'no such user', log_id: 'z' } });
    const research = createResearchClient({
      clientKey: 'key-abc',
      clientSecret: 'secret-xyz',
      transport: fetchTransport(),
      retry,
      onEvent: (event) => {
        if (event.type === 'checkpoint') throw new Error('listener bug');
      },
    });
    // The stream's own error stands; the listener's throw has nowhere to go.
    await expect(
      lastValueFrom(
        research.repostedVideos('test_username', {
          onCheckpoint: () => {
            throw new Error('checkpoint writer bug');
          },
        }),
      ),
    ).rejects.toMatchObject({ kind: 'bad_request', code: 'invalid_params' });
  });
});

describe('listeners that throw, on unsubscribe', () => {
  it('ignore a throw from the last checkpoint of an unsubscribed stream', async () => {
    tokenScope();
    nock(HOST)
      .post('/v2/research/user/reposted_videos/')
      .query(true)
      .reply(200, DOC_REPOSTS_EXAMPLE);
    const first = await lastValueFrom(
      client()
        .repostedVideos('test_username', {
          onCheckpoint: () => {
            throw new Error('checkpoint writer bug');
          },
        })
        .pipe(take(1)),
    );
    expect(first.id).toBe('7777777777777777777');
  });
});

describe('bad input fails with bad_request on subscribe, before any request', () => {
  const base = {
    clientKey: 'key-abc',
    clientSecret: 'secret-xyz',
    transport: fetchTransport(),
    retry,
  };
  const range = { startDate: '20230101', endDate: '20230131' };
  const refusal = (stream: () => Observable<unknown>) =>
    lastValueFrom(stream()).then(
      () => {
        throw new Error('expected a bad_request');
      },
      (error: unknown) => error as TikrxError,
    );

  it.each([
    ['factory options that are not an object', 'key', /createResearchClient options/],
    ['factory options undefined', undefined, /createResearchClient options/],
    ['no credentials', { transport: fetchTransport() }, /clientKey/],
    ['a clientKey with CR/LF', { ...base, clientKey: 'key-abc\r\nX-Injected: 1' }, /^clientKey /],
    ['a clientSecret that is not a string', { ...base, clientSecret: 42 }, /^clientSecret /],
    ['a clientKey without clientSecret', { clientKey: 'key-abc' }, /clientSecret/],
    [
      'an accessToken with CR/LF',
      { accessToken: 'clt.x\r\nX-Injected: 1', transport: fetchTransport() },
      /^accessToken /,
    ],
    ['an empty accessToken', { ...base, accessToken: '' }, /^accessToken /],
    ['a negative timeoutMs', { ...base, timeoutMs: -1 }, /timeoutMs/],
    ['a string retry', { ...base, retry: 'always' }, /^retry /],
    ['an onEvent that is not a function', { ...base, onEvent: 'console' }, /onEvent/],
    ['a limiter without acquire', { ...base, limiter: {} }, /limiter/],
    ['a baseUrl with a query string', { ...base, baseUrl: `${HOST}/?x=1` }, /baseUrl/],
    ['a baseUrl with a newline', { ...base, baseUrl: `${HOST}\r\nX: 1` }, /baseUrl/],
    ['a now that is not a function', { ...base, now: 5 }, /now/],
    ['a rateAdaptation of true', { ...base, rateAdaptation: true }, /^rateAdaptation must be/],
    [
      'a rateAdaptation.windowMs of 0',
      { ...base, rateAdaptation: { windowMs: 0 } },
      /^rateAdaptation\.windowMs must be a positive number of ms; got 0/,
    ],
    [
      'a rateAdaptation.recoveryMs that is a string',
      { ...base, rateAdaptation: { recoveryMs: '30s' } },
      /^rateAdaptation\.recoveryMs must be a positive number of ms/,
    ],
  ])('refuses %s for both endpoints', async (_name, options, message) => {
    const research = createResearchClient(options as never);
    for (const stream of [
      () => research.queryVideos({ query: docQuery, ...range }),
      () => research.repostedVideos('test_username'),
    ]) {
      const error = await refusal(stream);
      expect(error).toMatchObject({ kind: 'bad_request', retryable: false });
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain('key-abc');
    }
  });

  it.each([
    ['queryVideos options a string', () => client().queryVideos('fyp' as never), /options/],
    [
      'repostedVideos options a string',
      () => client().repostedVideos('someone', 'all' as never),
      /options/,
    ],
    [
      'repostedVideos options null',
      () => client().repostedVideos('someone', null as never),
      /options/,
    ],
    ['a username with a slash', () => client().repostedVideos('../etc/passwd'), /username/],
    ['a username with query characters', () => client().repostedVideos('a?b=c&d=e'), /username/],
    ['a username of 25 characters', () => client().repostedVideos('x'.repeat(25)), /username/],
    ['a username with a space', () => client().repostedVideos(' someone'), /username/],
    [
      'an onCheckpoint that is not a function',
      () => client().queryVideos({ query: docQuery, ...range, onCheckpoint: 'save' as never }),
      /onCheckpoint/,
    ],
  ])('refuses %s', async (_name, stream, message) => {
    const error = await refusal(stream);
    expect(error).toMatchObject({ kind: 'bad_request' });
    expect(error.message).toMatch(message);
  });

  it('sends a username without its @', async () => {
    tokenScope();
    nock(HOST)
      .post('/v2/research/user/reposted_videos/', {
        username: 'test_username',
        max_count: 100,
        cursor: 0,
      })
      .query(true)
      .reply(200, DOC_REPOSTS_EXAMPLE);
    const videos = await lastValueFrom(client().repostedVideos('@test_username').pipe(toArray()));
    expect(videos).toHaveLength(2);
  });

  it('checks options on subscribe, not when the client or the stream is built', () => {
    for (const options of [undefined, null, 'key', { baseUrl: 42 }]) {
      const research = createResearchClient(options as never);
      expect(() => research.queryVideos('x' as never)).not.toThrow();
      expect(() => research.repostedVideos(42 as never, 'all' as never)).not.toThrow();
    }
  });
});
