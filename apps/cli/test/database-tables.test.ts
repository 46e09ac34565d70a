import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqlType, TABLES, type TableDefinition } from '@tikrx/duckdb';
import { type Simulator, startSimulator } from '@tikrx/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, SIMULATOR_ENV, sorted } from './cli-process.js';
import { duckdbRows as rows } from './duckdb-rows.js';

let sim: Simulator;
let dir: string;
beforeAll(async () => {
  sim = await startSimulator({ seed: 5, limits: { research: { perDay: 100_000 } } });
  dir = await mkdtemp(join(tmpdir(), 'tikrx-database-tables-'));
});
afterAll(() => sim.close());

async function columnTypes(path: string, table: TableDefinition): Promise<unknown[][]> {
  const described = await rows(path, `DESCRIBE ${table.name}`);
  return described.map((row) => [row['column_name'], row['column_type']]);
}

describe('--out FILE.duckdb with the Research endpoints beyond videos', () => {
  it('puts comments, users, follower entries and playlists in their typed tables, exactly', async () => {
    const out = join(dir, 'social.duckdb');
    const on = async (args: string[]) => {
      const result = await runCli(
        [...args, '--base-url', sim.url, '--out', out, '--quiet'],
        SIMULATOR_ENV,
      );
      expect(result.code, result.stderr).toBe(0);
    };
    const user = sim.dataset.featuredCreator;
    const videoIds = Array.from({ length: 40 }, (_, i) => sim.dataset.video(i * 7).id).filter(
      (id) => sim.expected.comments(id).length > 0,
    );
    const playlistId = sim.dataset
      .creators()
      .flatMap((creator) => sim.dataset.playlistIds(creator))
      .find((id) => sim.expected.playlist(id).length > 0)!;

    await on(['comments', ...videoIds.slice(0, 3)]);
    await on(['user-info', user, 'nobody_at_all']);
    await on(['followers', user, '--max-count', '40']);
    await on(['playlist', playlistId]);

    for (const table of [TABLES.comments, TABLES.users, TABLES.userRelations, TABLES.playlists]) {
      expect(await columnTypes(out, table), table.name).toEqual(
        table.columns.map((column) => [column.name, sqlType(column.type, 'duckdb')]),
      );
    }

    const comments = await rows(out, 'SELECT id, video_id, create_time FROM comments');
    const expectedComments = videoIds.slice(0, 3).flatMap((id) => sim.expected.comments(id));
    expect(sorted(comments.map((row) => row['id'] as string))).toEqual(sorted(expectedComments));
    expect(comments.every((row) => videoIds.includes(row['video_id'] as string))).toBe(true);
    expect(comments[0]!['create_time']).toBeInstanceOf(Date);

    const users = await rows(out, 'SELECT username, lookup_status, follower_count FROM users');
    expect(users.map((row) => [row['username'], row['lookup_status']]).sort()).toEqual(
      [
        [user, 'found'],
        ['nobody_at_all', 'not_found'],
      ].sort(),
    );
    const found = users.find((row) => row['lookup_status'] === 'found')!;
    expect(Number(found['follower_count'])).toBe(sim.expected.userInfo(user)?.['follower_count']);

    const relations = await rows(out, 'SELECT "of", relation, username FROM user_relations');
    expect(sorted(relations.map((row) => row['username'] as string))).toEqual(
      sim.expected.followers(user),
    );
    expect(new Set(relations.map((row) => `${row['of']} ${row['relation']}`))).toEqual(
      new Set([`${user} follower`]),
    );

    const playlists = await rows(out, 'SELECT id, video_ids FROM playlists');
    expect(playlists).toEqual([{ id: playlistId, video_ids: sim.expected.playlist(playlistId) }]);

    // One run per command, each done, with the records it wrote.
    const runs = await rows(out, 'SELECT status, records FROM crawl_runs ORDER BY id');
    expect(runs.map((run) => [run['status'], Number(run['records'])])).toEqual([
      ['done', expectedComments.length],
      ['done', 2],
      ['done', sim.expected.followers(user).length],
      ['done', 1],
    ]);
  }, 120_000);
});
