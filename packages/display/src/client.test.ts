import { fetchTransport, type TikrxError, type TikrxEvent } from '@tikrx/core';
import { collect, expectNoSecrets, failure as failureOf } from '@tikrx/testing';
import nock from 'nock';
import type { Observable } from 'rxjs';
import { firstValueFrom, lastValueFrom, tap, toArray } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDisplayClient, type DisplayClientOptions } from './client.js';
import { DISPLAY_VIDEO_FIELDS } from './schema.js';

const V1 = 'https://open-api.tiktok.com';
const V2 = 'https://open.tiktokapis.com';
/** The token of the v1 document's curl example. */
const DOC_TOKEN = 'act.1a4b9d05d9ad1a56294b93b5609cdfbdNzQgbpbUWyFNvhC9QqIvKEjuuPHn';

/**
 * The v1 document's example response, verbatim except for one change: the document has a
 * trailing comma after the last `video_list` item, which is not JSON; it is removed here.
 */
const DOC_V1_EXAMPLE_RESPONSE_WITHOUT_TRAILING_COMMA = `{
    "data": {
        "cursor": 1652986389000,
        "err_code": 0,
        "error_code": 0,
        "has_more": false,
        "video_list": [
            {
                "id": "7099522475452681474",
                "embed_link": "https://www.tiktok.com/static/profile-video?id=7099522475452681474&hide_author=1&utm_campaign=tt4d_open_api&utm_source=awbx37vxswqcvsf6",
                "title": "video 1"
            }
        ]
    },
    "extra": {
        "error_detail": "",
        "logid": "202205200320140101131341351D46C27E"
    }
}`;

const noRetry = { transport: fetchTransport(), retry: false as const };
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

describe('Display v1 (POST /video/list/)', () => {
  it('replays the document example (trailing comma removed), keeping the 19-digit id exact', async () => {
    const scope = nock(V1, { reqheaders: { 'content-type': 'application/json' } })
      .post('/video/list/', { fields: ['id', 'embed_link', 'title'], max_count: 20 })
      .query({ access_token: DOC_TOKEN })
      .reply(200, DOC_V1_EXAMPLE_RESPONSE_WITHOUT_TRAILING_COMMA, {
        'content-type': 'application/json',
      });
    const display = createDisplayClient({ apiVersion: 'v1', accessToken: DOC_TOKEN, ...noRetry });
    const videos = await collect(display.videos({ fields: ['id', 'embed_link', 'title'] }));
    expect(videos).toEqual([
      {
        id: '7099522475452681474',
        source: 'display',
        title: 'video 1',
        embedUrl:
          'https://www.tiktok.com/static/profile-video?id=7099522475452681474&hide_author=1&utm_campaign=tt4d_open_api&utm_source=awbx37vxswqcvsf6',
        raw: {
          id: '7099522475452681474',
          embed_link:
            'https://www.tiktok.com/static/profile-video?id=7099522475452681474&hide_author=1&utm_campaign=tt4d_open_api&utm_source=awbx37vxswqcvsf6',
          title: 'video 1',
        },
      },
    ]);
    scope.done();
  });

  it('asks for every documented field by default and follows cursor while has_more', async () => {
    nock(V1)
      .post('/video/list/', { fields: [...DISPLAY_VIDEO_FIELDS], max_count: 5 })
      .query({ access_token: 'act.token-a' })
      .reply(200, {
        data: {
          cursor: 1652986389000,
          has_more: true,
          error_code: 0,
          video_list: [{ id: '7099522475452681474', create_time: 1652986389 }],
        },
        extra: { error_detail: '', logid: 'log-1' },
      })
      .post('/video/list/', {
        fields: [...DISPLAY_VIDEO_FIELDS],
        max_count: 5,
        cursor: 1652986389000,
      })
      .query({ access_token: 'act.token-a' })
      .reply(200, {
        data: {
          cursor: 1652000000000,
          has_more: false,
          error_code: 0,
          video_list: [
            {
              id: '7099000000000000001',
              create_time: 1652000000,
              cover_image_url: 'https://cdn/c.jpeg',
              share_url: 'https://www.tiktok.com/@me/video/7099000000000000001',
              video_description: 'desc',
              duration: 12,
              height: 1024,
              width: 576,
              title: 'two',
              embed_html: '<blockquote></blockquote>',
              embed_link: 'https://www.tiktok.com/static/profile-video?id=7099000000000000001',
              like_count: 3,
              comment_count: 4,
              share_count: 5,
              view_count: 6,
            },
          ],
        },
        extra: { error_detail: '', logid: 'log-2' },
      });
    const display = createDisplayClient({
      apiVersion: 'v1',
      accessToken: 'act.token-a',
      username: 'me',
      ...noRetry,
    });
    const videos = await collect(display.videos({ maxCount: 5 }));
    expect(videos.map((video) => video.id)).toEqual(['7099522475452681474', '7099000000000000001']);
    const { raw: _raw, ...second } = videos[1]!;
    expect(second).toEqual({
      id: '7099000000000000001',
      source: 'display',
      createTime: 1652000000,
      username: 'me',
      description: 'desc',
      title: 'two',
      url: 'https://www.tiktok.com/@me/video/7099000000000000001',
      coverImageUrl: 'https://cdn/c.jpeg',
      embedUrl: 'https://www.tiktok.com/static/profile-video?id=7099000000000000001',
      embedHtml: '<blockquote></blockquote>',
      durationSec: 12,
      width: 576,
      height: 1024,
      stats: { views: 6, likes: 3, comments: 4, shares: 5 },
    });
  });

  it('reports a checkpoint after each page, once its videos were emitted; its cursor resumes', async () => {
    const page = (id: string, cursor: number, hasMore: boolean) => ({
      data: { cursor, has_more: hasMore, error_code: 0, video_list: [{ id }] },
      extra: { error_detail: '', logid: 'log' },
    });
    nock(V1)
      .post('/video/list/', { fields: ['id'], max_count: 1 })
      .query(true)
      .reply(200, page('7099522475452681474', 1652986389000, true))
      .post('/video/list/', { fields: ['id'], max_count: 1, cursor: 1652986389000 })
      .query(true)
      .reply(200, page('7099000000000000001', 1652000000000, false));
    const log: unknown[] = [];
    const display = createDisplayClient({
      apiVersion: 'v1',
      accessToken: 'act.token-a',
      onEvent: (event) => {
        if (event.type === 'checkpoint') log.push({ event: event.checkpoint });
      },
      ...noRetry,
    });
    const stream = display.videos({
      fields: ['id'],
      maxCount: 1,
      onCheckpoint: (checkpoint) => log.push({ onCheckpoint: checkpoint }),
    });
    await lastValueFrom(
      stream.pipe(
        tap((video) => log.push(video.id)),
        toArray(),
      ),
    );
    const first = { version: 1, done: false, cursor: 1652986389000 };
    const last = { version: 1, done: true };
    expect(log).toEqual([
      '7099522475452681474',
      { onCheckpoint: first },
      { event: first },
      '7099000000000000001',
      { onCheckpoint: last },
      { event: last },
    ]);
    // The checkpoint is plain JSON, and its cursor is where the next page starts.
    expect(JSON.parse(JSON.stringify(first))).toEqual(first);
    nock(V1)
      .post('/video/list/', { fields: ['id'], max_count: 1, cursor: 1652986389000 })
      .query(true)
      .reply(200, page('7099000000000000001', 1652000000000, false));
    const resumed = await collect(
      display.videos({ fields: ['id'], maxCount: 1, cursor: first.cursor }),
    );
    expect(resumed.map((video) => video.id)).toEqual(['7099000000000000001']);
  });

  it('fails the stream with what onEvent threw, without crashing the process', async () => {
    nock(V1)
      .post('/video/list/')
      .query(true)
      .reply(200, {
        data: { cursor: 1, has_more: false, error_code: 0, video_list: [{ id: '1' }] },
        extra: { error_detail: '', logid: 'log' },
      });
    const display = createDisplayClient({
      apiVersion: 'v1',
      accessToken: 'act.token-a',
      onEvent: (event) => {
        if (event.type === 'checkpoint') throw new Error('listener bug');
      },
      ...noRetry,
    });
    await expect(collect(display.videos())).rejects.toThrow('listener bug');
  });

  it('maps an unlisted non-zero error_code by its error_detail, keeping logid, without the token', async () => {
    nock(V1)
      .post('/video/list/')
      .query(true)
      .reply(200, {
        data: { error_code: 99001, err_code: 99001, has_more: false },
        extra: { error_detail: 'access_token has expired', logid: 'LOG-EXPIRED' },
      });
    const token = 'act.secret-v1-token-123';
    const error = await failure(
      createDisplayClient({ apiVersion: 'v1', accessToken: token, ...noRetry }).videos(),
    );
    expect(error).toMatchObject({
      kind: 'auth',
      code: '99001',
      apiMessage: 'access_token has expired',
      requestId: 'LOG-EXPIRED',
      status: 200,
    });
    expect(error.url).toContain('access_token=[REDACTED]');
    expectNoSecret(error, token);
  });

  it.each([
    [10000, 'internal error', 'server'],
    [10001, 'invalid params', 'bad_request'],
    [10002, 'access token invalid', 'auth'],
    [10003, 'scope not authorized', 'forbidden'],
    [10004, 'rate limit exceeded', 'rate_limited'],
    [99002, 'no permission for this scope', 'forbidden'],
    [99003, 'request rate limit exceeded', 'rate_limited'],
    [99004, 'something odd', 'bad_request'],
  ] as const)('maps error_code %s (%s) with HTTP 200 to %s', async (code, detail, kind) => {
    nock(V1)
      .post('/video/list/')
      .query(true)
      .reply(200, {
        data: { error_code: code, has_more: false },
        extra: { error_detail: detail, logid: 'L' },
      });
    const error = await failure(
      createDisplayClient({ apiVersion: 'v1', accessToken: 'act.tok', ...noRetry }).videos(),
    );
    expect(error.kind).toBe(kind);
    expect(error.code).toBe(String(code));
  });

  it('keeps the token out of request events', async () => {
    nock(V1)
      .post('/video/list/')
      .query(true)
      .reply(200, { data: { has_more: false, video_list: [], cursor: 0 }, extra: {} });
    const events: TikrxEvent[] = [];
    const token = 'act.secret-event-token';
    await collect(
      createDisplayClient({
        apiVersion: 'v1',
        accessToken: token,
        ...noRetry,
        onEvent: (event) => events.push(event),
      }).videos(),
    );
    expect(events.map((event) => event.type)).toEqual([
      'request',
      'response',
      'page',
      'checkpoint',
    ]);
    expect(JSON.stringify(events)).not.toContain(token);
  });

  it('stops at the first video older than since, without asking for the next page', async () => {
    nock(V1)
      .post('/video/list/', { fields: ['id', 'title', 'create_time'], max_count: 20 })
      .query(true)
      .reply(200, {
        data: {
          has_more: true,
          cursor: 1_700_000_000_000,
          video_list: [
            { id: '3', create_time: 1_700_000_300, title: 'new' },
            { id: '2', create_time: 1_700_000_200, title: 'new too' },
            { id: '1', create_time: 1_600_000_000, title: 'old' },
          ],
        },
      });
    const display = createDisplayClient({ apiVersion: 'v1', accessToken: 'act.tok', ...noRetry });
    const videos = await collect(
      display.videos({ fields: ['title'], since: new Date(1_700_000_100_000) }),
    );
    expect(videos.map((video) => video.id)).toEqual(['3', '2']);
  });
});

describe('Display v2 (POST /v2/video/list/)', () => {
  const V2_PAGE = {
    data: {
      videos: [{ id: '7080217258529732998', create_time: 1648532453, title: 'v2 video' }],
      cursor: 1648532453000,
      has_more: false,
    },
    error: { code: 'ok', message: '', log_id: '20220829194722CBE87ED59D524E727021' },
  };

  it('sends fields in the query, a Bearer token, and max_count/cursor in the body', async () => {
    nock(V2, {
      reqheaders: {
        authorization: 'Bearer act.v2-token',
        'content-type': 'application/json',
      },
    })
      .post('/v2/video/list/', { max_count: 10, cursor: 1700000000000 })
      .query({ fields: 'id,create_time,title' })
      .reply(200, V2_PAGE);
    const display = createDisplayClient({
      apiVersion: 'v2',
      accessToken: 'act.v2-token',
      ...noRetry,
    });
    const videos = await collect(
      display.videos({
        fields: ['id', 'create_time', 'title'],
        maxCount: 10,
        cursor: 1700000000000,
      }),
    );
    expect(videos).toEqual([
      {
        id: '7080217258529732998',
        source: 'display',
        createTime: 1648532453,
        title: 'v2 video',
        raw: V2_PAGE.data.videos[0],
      },
    ]);
  });

  it('maps error.code/message/log_id and never shows the token', async () => {
    nock(V2)
      .post('/v2/video/list/')
      .query(true)
      .reply(401, {
        data: {},
        error: {
          code: 'access_token_invalid',
          message: 'The access token is invalid or not found in the request.',
          log_id: '20220829194722CBE87ED59D524E727021',
        },
      });
    const token = 'act.v2-secret-token';
    const error = await failure(
      createDisplayClient({ apiVersion: 'v2', accessToken: token, ...noRetry }).videos(),
    );
    expect(error).toMatchObject({
      kind: 'auth',
      status: 401,
      code: 'access_token_invalid',
      requestId: '20220829194722CBE87ED59D524E727021',
    });
    expectNoSecret(error, token);
  });

  it('asks getAccessToken again, once, after an expired token, and resends the same page', async () => {
    nock(V2, { reqheaders: { authorization: 'Bearer act.old' } })
      .post('/v2/video/list/')
      .query(true)
      .reply(401, {
        data: {},
        error: { code: 'access_token_invalid', message: 'expired', log_id: 'x' },
      });
    nock(V2, { reqheaders: { authorization: 'Bearer act.new' } })
      .post('/v2/video/list/', { max_count: 20 })
      .query(true)
      .reply(200, V2_PAGE);
    const reasons: string[] = [];
    const tokens = ['act.old', 'act.new'];
    const display = createDisplayClient({
      apiVersion: 'v2',
      getAccessToken: ({ reason }) => {
        reasons.push(reason);
        return tokens.shift() ?? 'act.none';
      },
      ...noRetry,
    });
    const videos = await collect(display.videos());
    expect(videos.map((video) => video.id)).toEqual(['7080217258529732998']);
    expect(reasons).toEqual(['initial', 'rejected']);
  });

  it('renews again when the renewed token is refused too, and resends the same page', async () => {
    const expired = {
      data: {},
      error: { code: 'access_token_invalid', message: 'expired', log_id: 'x' },
    };
    nock(V2, { reqheaders: { authorization: 'Bearer act.old' } })
      .post('/v2/video/list/', { max_count: 20 })
      .query(true)
      .reply(401, expired);
    nock(V2, { reqheaders: { authorization: 'Bearer act.renewed-1' } })
      .post('/v2/video/list/', { max_count: 20 })
      .query(true)
      .reply(401, expired);
    nock(V2, { reqheaders: { authorization: 'Bearer act.renewed-2' } })
      .post('/v2/video/list/', { max_count: 20 })
      .query(true)
      .reply(200, V2_PAGE);
    const reasons: string[] = [];
    const display = createDisplayClient({
      apiVersion: 'v2',
      accessToken: 'act.old',
      getAccessToken: ({ reason }) => {
        reasons.push(reason);
        return `act.renewed-${reasons.length}`;
      },
      ...noRetry,
    });
    const videos = await collect(display.videos());
    expect(videos.map((video) => video.id)).toEqual(['7080217258529732998']);
    expect(reasons).toEqual(['rejected', 'rejected']);
  });

  it('fails with auth once 3 renewals in a row are refused too (bounded, no loop)', async () => {
    nock(V2)
      .post('/v2/video/list/')
      .query(true)
      .times(4)
      .reply(401, {
        data: {},
        error: { code: 'access_token_invalid', message: 'no', log_id: 'x' },
      });
    let calls = 0;
    const display = createDisplayClient({
      apiVersion: 'v2',
      accessToken: 'act.first',
      getAccessToken: () => {
        calls += 1;
        return `act.renewed-${calls}`;
      },
      ...noRetry,
    });
    const error = await failure(display.videos());
    expect(error.kind).toBe('auth');
    expect(calls).toBe(3);
  });

  it('fails at once with auth when a fixed accessToken is refused (nothing to renew it with)', async () => {
    nock(V2)
      .post('/v2/video/list/')
      .query(true)
      .reply(401, {
        data: {},
        error: { code: 'access_token_invalid', message: 'no', log_id: 'x' },
      });
    const display = createDisplayClient({ apiVersion: 'v2', accessToken: 'act.first', ...noRetry });
    expect((await failure(display.videos())).kind).toBe('auth');
  });

  it('refuses a token from getAccessToken with a newline, without sending it', async () => {
    const display = createDisplayClient({
      apiVersion: 'v2',
      getAccessToken: () => 'act.x\r\nX-Injected: 1',
      ...noRetry,
    });
    const error = await failure(display.videos());
    expect(error).toMatchObject({ kind: 'auth', retryable: false });
    expect(error.message).toMatch(/getAccessToken/);
    expectNoSecret(error, 'act.x');
  });

  it('refreshes through POST /v2/oauth/token/ with the refresh token, scrubbing secrets', async () => {
    const refreshed: unknown[] = [];
    nock(V2, { reqheaders: { 'content-type': 'application/x-www-form-urlencoded' } })
      .post('/v2/oauth/token/', {
        client_key: 'ck-123',
        client_secret: 'cs-secret-456',
        grant_type: 'refresh_token',
        refresh_token: 'rft.refresh-789',
      })
      .reply(200, {
        access_token: 'act.fresh-000',
        expires_in: 86400,
        open_id: 'open-1',
        refresh_expires_in: 31536000,
        refresh_token: 'rft.rotated-111',
        scope: 'user.info.basic,video.list',
        token_type: 'Bearer',
      });
    nock(V2, { reqheaders: { authorization: 'Bearer act.fresh-000' } })
      .post('/v2/video/list/')
      .query(true)
      .reply(200, V2_PAGE);
    const display = createDisplayClient({
      apiVersion: 'v2',
      refreshToken: 'rft.refresh-789',
      clientKey: 'ck-123',
      clientSecret: 'cs-secret-456',
      onTokenRefresh: (token) => refreshed.push(token),
      ...noRetry,
    });
    expect((await collect(display.videos())).length).toBe(1);
    expect(refreshed).toEqual([
      {
        accessToken: 'act.fresh-000',
        refreshToken: 'rft.rotated-111',
        expiresInSec: 86400,
        openId: 'open-1',
      },
    ]);
  });

  it('reports a refused refresh token as auth without the refresh token or client secret', async () => {
    nock(V2).post('/v2/oauth/token/').reply(400, {
      error: 'invalid_grant',
      error_description: 'Refresh token rft.refresh-789 is expired (client cs-secret-456)',
      log_id: 'L-OAUTH',
    });
    const display = createDisplayClient({
      apiVersion: 'v2',
      refreshToken: 'rft.refresh-789',
      clientKey: 'ck-123',
      clientSecret: 'cs-secret-456',
      ...noRetry,
    });
    const error = await failure(display.videos());
    expect(error).toMatchObject({ kind: 'auth', code: 'invalid_grant', requestId: 'L-OAUTH' });
    expectNoSecret(error, 'rft.refresh-789');
    expectNoSecret(error, 'cs-secret-456');
  });
});

describe('bad input fails with bad_request before any request', () => {
  const base: DisplayClientOptions = { apiVersion: 'v1', accessToken: 'act.tok', ...noRetry };
  it.each([
    ['maxCount over 20', base, { maxCount: 21 }],
    ['maxCount 0', base, { maxCount: 0 }],
    ['a fractional maxCount', base, { maxCount: 2.5 }],
    ['an unknown field', base, { fields: ['id', 'nope'] }],
    ['no fields', base, { fields: [] }],
    ['a negative cursor', base, { cursor: -1 }],
    ['since in milliseconds', base, { since: 1_700_000_000_000 }],
    ['no credentials', { apiVersion: 'v1', ...noRetry }, {}],
    ['an empty token', { ...base, accessToken: '' }, {}],
    ['an unknown apiVersion', { ...base, apiVersion: 'v3' }, {}],
    ['a refresh flow on v1', { ...base, refreshToken: 'r', clientKey: 'k', clientSecret: 's' }, {}],
    [
      'a refresh flow without clientSecret',
      { apiVersion: 'v2', refreshToken: 'rft.x', clientKey: 'k', ...noRetry },
      {},
    ],
    ['videos options that are not an object', base, 'all'],
    ['videos options null', base, null],
    ['a string maxCount', base, { maxCount: '10' }],
    ['an onCheckpoint that is not a function', base, { onCheckpoint: 'save' }],
    ['factory options that are not an object', 'v1', {}],
    ['factory options undefined', undefined, {}],
    ['an accessToken with CR/LF', { ...base, accessToken: 'act.tok\r\nX-Injected: 1' }, {}],
    ['a blank accessToken', { ...base, accessToken: '   ' }, {}],
    [
      'a clientSecret with a space',
      { apiVersion: 'v2', refreshToken: 'r', clientKey: 'k', clientSecret: 's s', ...noRetry },
      {},
    ],
    ['a timeoutMs of NaN', { ...base, timeoutMs: Number.NaN }, {}],
    ['a string retry', { ...base, retry: 'always' }, {}],
    ['a transport that is not a function', { ...base, transport: 'undici' }, {}],
    ['an onEvent that is not a function', { ...base, onEvent: 'console' }, {}],
    ['a limiter without acquire', { ...base, limiter: {} }, {}],
    ['a baseUrl with a query string', { ...base, baseUrl: 'https://open-api.tiktok.com/?x=1' }, {}],
    ['a file: baseUrl', { ...base, baseUrl: 'file:///etc/passwd' }, {}],
    ['a baseUrl that is not a string', { ...base, baseUrl: 42 }, {}],
  ] as const)('%s', async (_name, clientOptions, videosOptions) => {
    // Net connect is disabled for these hosts: any request would fail with `network`, not bad_request.
    const display = createDisplayClient(clientOptions as unknown as DisplayClientOptions);
    const error = await failure(display.videos(videosOptions as never));
    expect(error.kind).toBe('bad_request');
    expect(error.retryable).toBe(false);
  });

  it('names the option and never quotes a refused credential', async () => {
    const token = 'act.secret-token-value';
    const display = createDisplayClient({
      apiVersion: 'v2',
      accessToken: `${token}\r\nX-Injected: 1`,
      ...noRetry,
    });
    const error = await failure(display.videos());
    expect(error.message).toMatch(/^accessToken /);
    expectNoSecret(error, token);
  });

  it('checks options on subscribe, not when the client or the stream is built', () => {
    for (const options of [undefined, null, 'v1', { apiVersion: 'v1', baseUrl: 42 }]) {
      expect(() =>
        createDisplayClient(options as unknown as DisplayClientOptions).videos('all' as never),
      ).not.toThrow();
    }
  });

  it('is lazy: creating a client and a stream sends nothing', async () => {
    const display = createDisplayClient({ apiVersion: 'v1', ...noRetry } as DisplayClientOptions);
    display.videos({ maxCount: 99 });
    await expect(firstValueFrom(display.videos({ maxCount: 99 }))).rejects.toMatchObject({
      kind: 'bad_request',
    });
  });
});
