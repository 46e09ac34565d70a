import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WRITE_CHECKPOINT_THRESHOLD, WRITE_ROW_GROUP_SIZE } from './connect-file.js';
import { openDuckdb } from './open-duckdb.js';
import { temporaryDirectory } from './test-crawl.js';

describe('a database file the sinks write', () => {
  let directory: Awaited<ReturnType<typeof temporaryDirectory>>;
  beforeAll(async () => {
    directory = await temporaryDirectory();
  });
  afterAll(async () => {
    await directory.remove();
  });

  it('stores row groups of WRITE_ROW_GROUP_SIZE rows, and opens again as a plain file', async () => {
    const path = join(directory.path, 'row-groups.duckdb');
    const rows = 2 * WRITE_ROW_GROUP_SIZE + 1;
    const videos = Array.from({ length: rows }, (_, i) => ({
      id: String(7_300_000_000_000_000_000n + BigInt(i)),
      source: 'research',
    }));
    const store = await openDuckdb(path, { mode: 'append' });
    await store.write('videos', videos);
    store.close();

    const reader = await openDuckdb(path, { readOnly: true });
    try {
      const [groups] = await reader.query(
        `SELECT count(DISTINCT row_group_id) AS n FROM pragma_storage_info('videos')`,
      );
      // DuckDB's default (122,880 rows) would hold them in one row group.
      expect(Number(groups!['n'])).toBe(3);
      const [counted] = await reader.query('SELECT count(*) AS n, max(id) AS top FROM videos');
      expect(Number(counted!['n'])).toBe(rows);
      expect(counted!['top']).toBe(videos.at(-1)!.id);
    } finally {
      reader.close();
    }
  });

  it('checkpoints a file it writes at a WAL of WRITE_CHECKPOINT_THRESHOLD, not at 16 MB', async () => {
    const store = await openDuckdb(join(directory.path, 'threshold.duckdb'));
    try {
      const [setting] = await store.query(
        `SELECT current_setting('checkpoint_threshold') AS threshold`,
      );
      // DuckDB prints sizes in its own units: 64MB reads back as 61.0 MiB.
      const mib = Number.parseFloat(String(setting!['threshold']));
      expect(mib).toBeCloseTo((Number.parseInt(WRITE_CHECKPOINT_THRESHOLD, 10) * 1e6) / 2 ** 20, 0);
    } finally {
      store.close();
    }
  });
});
