import { SIMULATOR_CREDENTIALS, type Simulator, startSimulator } from '@tikrx/simulator';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueConnections } from '../src/connect.js';
import { submitCrawl } from '../src/submit-crawl.js';
import { testRedis } from './fresh.js';
import { waitFor } from './harness.js';
import { type QueueFixture, startQueueFixture } from './queue-fixture.js';

describe('Display, Social Fetch and Research user crawls as jobs (real Redis and PostgreSQL)', () => {
  let sim: Simulator;
  let queue: QueueFixture;
  let connections: QueueConnections;
  let config: QueueFixture['config'];
  let pool: pg.Pool;

  beforeAll(async () => {
    sim = await startSimulator({ seed: 2 });
    queue = await startQueueFixture(sim, 1, { concurrency: 3 });
    ({ connections, pool, config } = queue);
  });
  afterAll(async () => {
    await queue.close();
    await sim.close();
  });

  const finished = (crawlId: string) =>
    waitFor(`crawl ${crawlId}`, async () => {
      const result = await pool.query(
        "SELECT status FROM crawl_runs WHERE crawl_id = $1 AND status <> 'running'",
        [crawlId],
      );
      return result.rows[0]?.status as string | undefined;
    });
  const idsOf = async (sql: string, crawlId: string) =>
    (await pool.query<{ id: string }>(sql, [crawlId])).rows.map((row) => row.id).sort();

  it('stores the expected ids of each kind, with the worker credentials only', async () => {
    const creator = sim.dataset.featuredCreator;
    const playlistId = sim.dataset
      .playlistIds(creator)
      .find((id) => sim.expected.playlist(id).length > 0)!;
    const crawls = await Promise.all([
      submitCrawl(connections, { kind: 'display.videos', maxCount: 7 }, { crawlId: 'display' }),
      submitCrawl(
        connections,
        { kind: 'socialfetch.videos', handle: creator, sortBy: 'latest' },
        { crawlId: 'socialfetch' },
      ),
      submitCrawl(
        connections,
        { kind: 'research.followers', username: creator, maxCount: 10 },
        { crawlId: 'followers' },
      ),
      submitCrawl(
        connections,
        { kind: 'research.user-info', usernames: [creator, 'no_such_user_x'] },
        { crawlId: 'users' },
      ),
      submitCrawl(connections, { kind: 'research.playlist', playlistId }, { crawlId: 'playlist' }),
    ]);
    for (const { crawlId } of crawls) expect(await finished(crawlId)).toBe('done');

    const videosOf = 'SELECT video_id AS id FROM crawl_videos WHERE crawl_id = $1';
    expect(await idsOf(videosOf, 'display')).toEqual(sim.expected.display());
    expect(await idsOf(videosOf, 'socialfetch')).toEqual(sim.expected.socialfetch(creator));
    // The same creator's videos from two sources: one row each, both sources named.
    const union = new Set([...sim.expected.display(), ...sim.expected.socialfetch(creator)]);
    const videos = await pool.query<{ n: number; both: number }>(
      `SELECT count(*)::int AS n,
              count(*) FILTER (WHERE sources @> '["display", "socialfetch"]')::int AS both
         FROM videos`,
    );
    expect(videos.rows[0]?.n).toBe(union.size);
    expect(videos.rows[0]?.both).toBe(sim.expected.display().length);

    const followers = await pool.query<{ username: string }>(
      `SELECT username FROM user_relations WHERE "of" = $1 AND relation = 'follower' ORDER BY username`,
      [creator],
    );
    expect(followers.rows.map((row) => row.username)).toEqual(sim.expected.followers(creator));
    const users = await pool.query('SELECT username, lookup_status FROM users ORDER BY username');
    expect(users.rows).toEqual(
      [
        { username: creator, lookup_status: 'found' },
        { username: 'no_such_user_x', lookup_status: 'not_found' },
      ].sort((a, b) => a.username.localeCompare(b.username)),
    );
    const playlists = await pool.query('SELECT id, video_ids FROM playlists');
    expect(playlists.rows).toEqual([
      { id: playlistId, video_ids: sim.expected.playlist(playlistId) },
    ]);

    // No credential in anything the queue keeps in Redis (job data, checkpoints, results).
    const redis = testRedis();
    try {
      const keys = await redis.keys(`${config.prefix}:*`);
      let dump = '';
      for (const key of keys) {
        const type = await redis.type(key);
        if (type === 'hash') dump += JSON.stringify(await redis.hgetall(key));
        else if (type === 'string') dump += await redis.get(key);
        else if (type === 'list') dump += JSON.stringify(await redis.lrange(key, 0, -1));
      }
      expect(dump).toContain('socialfetch.videos');
      for (const secret of Object.values(SIMULATOR_CREDENTIALS)) {
        expect(dump).not.toContain(secret);
      }
    } finally {
      await redis.quit();
    }
  });
});
