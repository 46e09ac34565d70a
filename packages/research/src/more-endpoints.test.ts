import { fetchTransport, type TikrxError, type TikrxEvent } from '@tikrx/core';
import nock from 'nock';
import { firstValueFrom, lastValueFrom, type Observable, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createResearchClient, type ResearchClient } from './client.js';

const HOST = 'https://open.tiktokapis.com';
const TOKEN = 'clt.example12345Example12345Example';
const retry = { baseDelayMs: 1, maxDelayMs: 20 };
const OK = '"error":{"code":"ok","message":"ok","log_id":"202207280326050102231031430C7E754E"}';

/** The user info document's own example response. */
const DOC_USER_INFO = `{"data":{"bio_description":"my_bio","is_verified":false,"likes_count":27155089,"video_count":44,"avatar_url":"https://p16-sign-va.tiktokcdn.com/tos-maliva-avt-0068/123~c5_168x168.jpeg","follower_count":232,"following_count":45,"display_name":"my_display_name"},${OK}}`;
/** The comments document's example (cursor 300, has_more true), ids above 2^53. */
const DOC_COMMENTS = `{"data":{"comments":[{"text":"AWEEEEEE","video_id":1234563451201523412,"create_time":1671491598,"id":12345616934634134,"like_count":50,"parent_comment_id":1234563451201523412,"reply_count":10}],"has_more":false,"cursor":300},${OK}}`;
/** The followers document's example. */
const DOC_FOLLOWERS = `{"data":{"user_followers":[{"display_name":"test user","username":"test_username"},{"display_name":"test user 2","username":"test_username2"}],"cursor":1706837834,"has_more":false},${OK}}`;
/** The playlist document's example. */
const DOC_PLAYLIST = `{"data":{"playlist_id":7123456789012345678,"playlist_name":"my playlist","playlist_video_ids":[7000000000000000001,7000000000000000002],"playlist_item_total":2,"playlist_last_updated":12345678,"cursor":2,"has_more":false},${OK}}`;

function client(events: TikrxEvent[] = []): ResearchClient {
  return createResearchClient({
    accessToken: TOKEN,
    transport: fetchTransport(),
    retry,
    onEvent: (e) => events.push(e),
  });
}

/** A POST the API documents: path, `fields` query (or none), bearer token, JSON, exact body text. */
function expectPost(path: string, fields: string | undefined, body: string) {
  // A RegExp is matched against the body text: a parsed body would have rounded the int64s.
  const interceptor = nock(HOST)
    .post(path, new RegExp(`^${body.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`))
    .matchHeader('authorization', `Bearer ${TOKEN}`)
    .matchHeader('content-type', 'application/json');
  return fields === undefined ? interceptor : interceptor.query({ fields });
}

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('each endpoint sends the request its document pins', () => {
  it('user info: username in the body, fields in the query, username added to the profile', async () => {
    const scope = expectPost(
      '/v2/research/user/info/',
      'display_name,bio_description,avatar_url,is_verified,follower_count,following_count,likes_count,video_count',
      '{"username":"test_username"}',
    ).reply(200, DOC_USER_INFO);
    const profile = await firstValueFrom(client().userInfo('@test_username'));
    expect(scope.isDone()).toBe(true);
    expect(profile).toMatchObject({
      username: 'test_username',
      lookupStatus: 'found',
      displayName: 'my_display_name',
      likesCount: 27155089,
      followerCount: 232,
    });
    expect(profile.bioUrl).toBeUndefined();
  });

  it('comments: video_id as a bare int64, max_count and cursor; ids exact', async () => {
    const scope = expectPost(
      '/v2/research/video/comment/list/',
      'id,text',
      '{"video_id":7320768196569599275,"max_count":50,"cursor":0}',
    ).reply(200, DOC_COMMENTS);
    const comments = await lastValueFrom(
      client()
        .comments('7320768196569599275', { fields: ['id', 'text'], maxCount: 50 })
        .pipe(toArray()),
    );
    expect(scope.isDone()).toBe(true);
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({
      id: '12345616934634134',
      videoId: '1234563451201523412',
      parentCommentId: '1234563451201523412',
      likeCount: 50,
      replyCount: 10,
      createTime: 1671491598,
    });
  });

  it('comments: stops at the 1,000th comment, with a warning', async () => {
    const scope = expectPost(
      '/v2/research/video/comment/list/',
      'id',
      '{"video_id":1,"max_count":100,"cursor":0}',
    ).reply(
      200,
      `{"data":{"comments":[{"id":7000000000000000001}],"has_more":true,"cursor":1000},${OK}}`,
    );
    const events: TikrxEvent[] = [];
    const comments = await lastValueFrom(
      client(events)
        .comments('1', { fields: ['id'] })
        .pipe(toArray()),
    );
    expect(scope.isDone()).toBe(true);
    expect(comments.map((c) => c.id)).toEqual(['7000000000000000001']);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'warning', code: 'comments_capped' }),
    );
  });

  it('liked videos: the first request sends no cursor, the next the one the API gave', async () => {
    const first = expectPost(
      '/v2/research/user/liked_videos/',
      'id,create_time',
      '{"username":"joe","max_count":2}',
    ).reply(
      200,
      `{"data":{"user_liked_videos":[{"id":7320768196569599275,"create_time":1706457371}],"cursor":1706457371000,"has_more":true},${OK}}`,
    );
    const second = expectPost(
      '/v2/research/user/liked_videos/',
      'id,create_time',
      '{"username":"joe","max_count":2,"cursor":1706457371000}',
    ).reply(
      200,
      `{"data":{"user_liked_videos":[{"id":7320768196569599276}],"cursor":1706457000000,"has_more":false},${OK}}`,
    );
    const videos = await lastValueFrom(
      client()
        .likedVideos('joe', { fields: ['id', 'create_time'], maxCount: 2 })
        .pipe(toArray()),
    );
    expect(first.isDone() && second.isDone()).toBe(true);
    expect(videos.map((v) => v.id)).toEqual(['7320768196569599275', '7320768196569599276']);
  });

  it('pinned videos: username only, one page read from pinned_videos_list', async () => {
    const scope = expectPost('/v2/research/user/pinned_videos/', 'id', '{"username":"joe"}').reply(
      200,
      `{"data":{"pinned_videos_list":[{"id":7320768196569599275}]},${OK}}`,
    );
    const videos = await lastValueFrom(
      client()
        .pinnedVideos('joe', { fields: ['id'] })
        .pipe(toArray()),
    );
    expect(scope.isDone()).toBe(true);
    expect(videos.map((v) => v.id)).toEqual(['7320768196569599275']);
  });

  it('followers and following: no fields parameter; the timestamp cursor handed back', async () => {
    const followers = expectPost(
      '/v2/research/user/followers/',
      undefined,
      '{"username":"joe","max_count":100}',
    ).reply(200, DOC_FOLLOWERS);
    const refs = await lastValueFrom(client().followers('joe').pipe(toArray()));
    expect(followers.isDone()).toBe(true);
    expect(refs).toEqual([
      expect.objectContaining({
        username: 'test_username',
        displayName: 'test user',
        relation: 'follower',
        of: 'joe',
      }),
      expect.objectContaining({ username: 'test_username2', relation: 'follower' }),
    ]);
    const first = expectPost(
      '/v2/research/user/following/',
      undefined,
      '{"username":"joe","max_count":100}',
    ).reply(
      200,
      `{"data":{"user_following":[{"display_name":"a","username":"a"}],"cursor":1650642422,"has_more":true},${OK}}`,
    );
    const second = expectPost(
      '/v2/research/user/following/',
      undefined,
      '{"username":"joe","max_count":100,"cursor":1650642422}',
    ).reply(
      200,
      `{"data":{"user_following":[{"username":"b"}],"cursor":1650000000,"has_more":false},${OK}}`,
    );
    const following = await lastValueFrom(client().following('joe').pipe(toArray()));
    expect(first.isDone() && second.isDone()).toBe(true);
    expect(following.map((r) => r.username)).toEqual(['a', 'b']);
  });

  it('playlist: playlist_id as a bare int64, no fields, ids in the array kept exact', async () => {
    const scope = expectPost(
      '/v2/research/playlist/info/',
      undefined,
      '{"playlist_id":7123456789012345678}',
    ).reply(200, DOC_PLAYLIST);
    const playlist = await firstValueFrom(client().playlist('7123456789012345678'));
    expect(scope.isDone()).toBe(true);
    expect(playlist).toMatchObject({
      id: '7123456789012345678',
      name: 'my playlist',
      videoIds: ['7000000000000000001', '7000000000000000002'],
      itemTotal: 2,
      lastUpdated: 12345678,
    });
  });

  it('a user the API cannot find is not_found on a list, a profile with lookupStatus on user info', async () => {
    const refusal = `{"data":{},"error":{"code":"invalid_params","message":"\`username: ghost\` is invalid: cannot find the user","log_id":"x1"}}`;
    expectPost('/v2/research/user/info/', 'display_name', '{"username":"ghost"}').reply(
      400,
      refusal,
    );
    const profile = await firstValueFrom(client().userInfo('ghost', { fields: ['display_name'] }));
    expect(profile).toEqual({
      username: 'ghost',
      lookupStatus: 'not_found',
      apiMessage: '`username: ghost` is invalid: cannot find the user',
    });
    expectPost(
      '/v2/research/user/followers/',
      undefined,
      '{"username":"ghost","max_count":100}',
    ).reply(400, refusal);
    const error = (await lastValueFrom(client().followers('ghost')).catch(
      (e: unknown) => e,
    )) as TikrxError;
    expect(error.kind).toBe('not_found');
    expect(error.code).toBe('invalid_params');
    expect(error.requestId).toBe('x1');
  });
});

describe('bad input fails with bad_request before any request', () => {
  const cases: Array<[string, (c: ResearchClient) => Observable<unknown>]> = [
    ['userInfo with a path for a username', (c) => c.userInfo('a/b')],
    ['userInfo with an unknown field', (c) => c.userInfo('joe', { fields: ['nope' as never] })],
    ['comments of a number', (c) => c.comments(7320768196569599000 as unknown as string)],
    ['comments of no video', (c) => c.comments([])],
    ['comments with maxCount 101', (c) => c.comments('1', { maxCount: 101 })],
    ['comments with concurrency 0', (c) => c.comments(['1', '2'], { concurrency: 0 })],
    ['likedVideos with an empty username', (c) => c.likedVideos('')],
    ['likedVideos with a query-string username', (c) => c.likedVideos('joe?x=1')],
    [
      'pinnedVideos with an unknown field',
      (c) => c.pinnedVideos('joe', { fields: ['x' as never] }),
    ],
    ['followers with maxCount 0', (c) => c.followers('joe', { maxCount: 0 })],
    ['following of 5,000 characters', (c) => c.following('a'.repeat(5000))],
    ['playlist of a non-decimal id', (c) => c.playlist('12ab')],
    [
      'comments with the checkpoint of another crawl',
      (c) =>
        c.comments('1', {
          checkpoint: { version: 1, kind: 'comments', key: 'other', done: [], windows: [] },
        }),
    ],
    ['playlist of an id beyond int64', (c) => c.playlist('99999999999999999999')],
  ];
  for (const [name, call] of cases) {
    it(name, async () => {
      let requests = 0;
      nock(HOST)
        .persist()
        .post(/.*/)
        .reply(() => {
          requests++;
          return [500, '{}'];
        });
      const error = (await lastValueFrom(call(client())).catch((e: unknown) => e)) as TikrxError;
      expect(error.kind).toBe('bad_request');
      expect(requests).toBe(0);
    });
  }
});
