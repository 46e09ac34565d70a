import type { Video } from '@tikrx/core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../test/fresh.js';
import { migrate } from './migrate.js';
import { upsertVideos } from './upsert-videos.js';

const video = (id: string, views?: number): Video => ({
  id,
  source: 'research',
  createTime: 1_672_531_200,
  username: 'someone',
  hashtags: ['cats', 'dogs'],
  ...(views === undefined ? {} : { stats: { views } }),
  raw: { id },
});

describe('upsertVideos (real PostgreSQL)', () => {
  let pool: pg.Pool;
  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: await freshDatabase() });
    expect(await migrate(pool)).toEqual([1, 2]);
  });
  afterAll(() => pool.end());

  it('applies each migration once, even from several workers at the same time', async () => {
    const again = await Promise.all([migrate(pool), migrate(pool), migrate(pool)]);
    expect(again).toEqual([[], [], []]);
  });

  it('keeps one row per id over concurrent overlapping batches, with the newest counts', async () => {
    const ids = Array.from({ length: 300 }, (_, i) =>
      String(7_300_000_000_000_000_000n + BigInt(i)),
    );
    await Promise.all(
      [0, 1, 2, 3].map((batch) =>
        upsertVideos(
          pool,
          ids.slice(batch * 50, batch * 50 + 150).map((id) => video(id, batch)),
          'crawl-a',
        ),
      ),
    );
    await upsertVideos(pool, [video(ids[0]!, 99), video(ids[0]!, 100)], 'crawl-b');
    const rows = await pool.query<{ n: string; distinct_ids: string }>(
      'SELECT count(*) AS n, count(DISTINCT id) AS distinct_ids FROM videos',
    );
    expect(rows.rows[0]).toEqual({ n: '300', distinct_ids: '300' });
    const first = await pool.query(
      'SELECT view_count, hashtags, sources, create_time, raw FROM videos WHERE id = $1',
      [ids[0]],
    );
    expect(first.rows[0]).toMatchObject({
      view_count: '100',
      hashtags: ['cats', 'dogs'],
      sources: ['research'],
      raw: { id: ids[0] },
    });
    expect((first.rows[0].create_time as Date).toISOString()).toBe('2023-01-01T00:00:00.000Z');
    const links = await pool.query(
      'SELECT crawl_id, count(*)::int AS n FROM crawl_videos GROUP BY crawl_id ORDER BY crawl_id',
    );
    expect(links.rows).toEqual([
      { crawl_id: 'crawl-a', n: 300 },
      { crawl_id: 'crawl-b', n: 1 },
    ]);
  });

  it('keeps a count a later batch does not know (absent is not zero)', async () => {
    await upsertVideos(pool, [video('1', 5)]);
    await upsertVideos(pool, [video('1')]);
    const row = await pool.query('SELECT view_count FROM videos WHERE id = $1', ['1']);
    expect(row.rows[0].view_count).toBe('5');
  });
});
