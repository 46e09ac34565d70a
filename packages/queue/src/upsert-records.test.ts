import type { Comment, Playlist, UserProfile, UserRef } from '@tikrx/core';
import { sqlType, TABLES } from '@tikrx/operators/internal';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../test/fresh.js';
import { migrate } from './migrate.js';
import { MIGRATIONS } from './migrations.js';
import { RECORD_KINDS } from './record-tables-sql.js';
import { upsertRecords } from './upsert-records.js';

const comment = (id: number, likeCount?: number): Comment => ({
  id: String(7_400_000_000_000_000_000n + BigInt(id)),
  videoId: '7300000000000000001',
  text: `comment ${id}`,
  createTime: 1_700_000_000,
  ...(likeCount === undefined ? {} : { likeCount }),
});

describe('upsertRecords (real PostgreSQL)', () => {
  let pool: pg.Pool;
  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: await freshDatabase() });
    await migrate(pool);
  });
  afterAll(() => pool.end());

  it("creates every record table with the DuckDB sink's column names and types", async () => {
    for (const kind of RECORD_KINDS) {
      const table = TABLES[kind];
      const columns = await pool.query<{ name: string; type: string }>(
        `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
          WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`,
        [table.name],
      );
      const actual = new Map(columns.rows.map((row) => [row.name, row.type]));
      for (const column of table.columns) {
        const expected = sqlType(column.type, 'postgres').replace(
          'timestamptz',
          'timestamp with time zone',
        );
        expect([table.name, column.name, actual.get(column.name)]).toEqual([
          table.name,
          column.name,
          expected,
        ]);
      }
      const key = await pool.query<{ name: string }>(
        `SELECT a.attname AS name FROM pg_index i
           JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
          WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY a.attname`,
        [table.name],
      );
      expect(key.rows.map((row) => row.name)).toEqual([...table.key].sort());
    }
  });

  it('keeps one row per comment id over concurrent overlapping batches, linked to its run', async () => {
    await pool.query(
      `INSERT INTO crawl_runs (run_id, crawl_id, owner, spec, status, windows)
       VALUES ('c1.run', 'c1', 'ana', '{}', 'running', 1)`,
    );
    await Promise.all(
      [0, 1, 2, 3].map((batch) =>
        upsertRecords(
          pool,
          'comments',
          Array.from({ length: 150 }, (_, i) => comment(batch * 50 + i, batch)),
          { crawlId: 'c1', runId: 'c1.run' },
        ),
      ),
    );
    await upsertRecords(pool, 'comments', [comment(0)], { crawlId: 'c2' });
    const rows = await pool.query(
      `SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids,
              count(*) FILTER (WHERE run_id = (SELECT id FROM crawl_runs WHERE run_id = 'c1.run'))::int AS of_run
         FROM comments`,
    );
    expect(rows.rows[0]).toEqual({ n: 300, ids: 300, of_run: 300 });
    const first = await pool.query(
      'SELECT like_count, text, create_time, first_seen_at <= fetched_at AS ordered FROM comments WHERE id = $1',
      [comment(0).id],
    );
    // The last batch knew no like count: the earlier one stays (absent is not zero).
    expect(first.rows[0]).toMatchObject({ like_count: '0', text: 'comment 0', ordered: true });
    expect((first.rows[0].create_time as Date).toISOString()).toBe('2023-11-14T22:13:20.000Z');
    const links = await pool.query(
      `SELECT crawl_id, kind, count(*)::int AS n FROM crawl_records GROUP BY crawl_id, kind
        ORDER BY crawl_id`,
    );
    expect(links.rows).toEqual([
      { crawl_id: 'c1', kind: 'comments', n: 300 },
      { crawl_id: 'c2', kind: 'comments', n: 1 },
    ]);
  });

  it('upserts users, follower entries and playlists by their keys', async () => {
    const user = (followerCount?: number): UserProfile => ({
      username: 'ana',
      lookupStatus: 'found',
      displayName: 'Ana',
      ...(followerCount === undefined ? {} : { followerCount }),
    });
    await upsertRecords(pool, 'users', [user(10), user(12)]);
    await upsertRecords(pool, 'users', [user()]);
    const ref = (username: string, relation: 'follower' | 'following'): UserRef => ({
      username,
      relation,
      of: 'ana',
    });
    // The same username in both lists is two rows; the same entry twice is one.
    await upsertRecords(pool, 'userRelations', [ref('bo', 'follower'), ref('bo', 'following')], {
      crawlId: 'c3',
    });
    await upsertRecords(pool, 'userRelations', [ref('bo', 'follower')], { crawlId: 'c3' });
    const playlist: Playlist = {
      id: '7200000000000000001',
      name: 'mix',
      videoIds: ['7300000000000000001', '7300000000000000002'],
      itemTotal: 2,
    };
    await upsertRecords(pool, 'playlists', [playlist, { ...playlist, name: 'mix 2' }]);
    const users = await pool.query('SELECT username, follower_count, display_name FROM users');
    expect(users.rows).toEqual([{ username: 'ana', follower_count: '12', display_name: 'Ana' }]);
    const relations = await pool.query(
      'SELECT "of", relation, username FROM user_relations ORDER BY relation',
    );
    expect(relations.rows).toEqual([
      { of: 'ana', relation: 'follower', username: 'bo' },
      { of: 'ana', relation: 'following', username: 'bo' },
    ]);
    const links = await pool.query(
      "SELECT key FROM crawl_records WHERE crawl_id = 'c3' ORDER BY key",
    );
    expect(links.rows).toEqual([
      { key: ['ana', 'follower', 'bo'] },
      { key: ['ana', 'following', 'bo'] },
    ]);
    const playlists = await pool.query('SELECT id, name, video_ids, item_total FROM playlists');
    expect(playlists.rows).toEqual([
      { id: playlist.id, name: 'mix 2', video_ids: playlist.videoIds, item_total: '2' },
    ]);
  });

  it('brings a database of the first schema to the shared one, keeping its videos', async () => {
    const old = new pg.Pool({ connectionString: await freshDatabase() });
    try {
      await old.query(MIGRATIONS[0]!.sql);
      await old.query(
        `CREATE TABLE tikrx_migrations (id integer PRIMARY KEY, name text NOT NULL,
           applied_at timestamptz NOT NULL DEFAULT now());
         INSERT INTO tikrx_migrations (id, name) VALUES (1, 'videos and crawl runs');
         INSERT INTO videos (id, source, views) VALUES ('42', 'research', 7);`,
      );
      expect(await migrate(old)).toEqual([2]);
      const row = await old.query('SELECT id, view_count, sources FROM videos');
      expect(row.rows).toEqual([{ id: '42', view_count: '7', sources: [] }]);
    } finally {
      await old.end();
    }
  });
});
