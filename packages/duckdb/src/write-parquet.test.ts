import { createWriteStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Video } from '@tikrx/core';
import { writeNdjson } from '@tikrx/operators';
import { valueAtPath } from '@tikrx/operators/internal';
import { type Simulator, startSimulator } from '@tikrx/simulator';
import { concat, from, lastValueFrom, share, throwError, toArray, zip } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckdb } from './open-duckdb.js';
import { sqlType, VIDEOS_TABLE } from './tables.js';
import { simulatorCrawl, temporaryDirectory } from './test-crawl.js';
import { writeParquet } from './write-parquet.js';

/** A Parquet cell as the NDJSON field it came from: seconds, numbers, parsed JSON. */
function asRecordValue(value: unknown, type: string): unknown {
  if (value === null) return undefined;
  if (type === 'timestamp') return (value as Date).getTime() / 1000;
  if (type === 'bigint') return Number(value);
  if (type === 'json') return JSON.parse(value as string);
  return value;
}

describe('writeParquet', () => {
  let sim: Simulator;
  let directory: Awaited<ReturnType<typeof temporaryDirectory>>;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 9, limits: { research: { perDay: 100_000 } } });
    directory = await temporaryDirectory();
  });
  afterAll(async () => {
    await sim.close();
    await directory.remove();
  });

  it('holds, read back by DuckDB, exactly the NDJSON of the same crawl', async () => {
    const ndjsonPath = join(directory.path, 'crawl.ndjson');
    const parquetPath = join(directory.path, 'crawl.parquet');
    const crawl = simulatorCrawl(sim);
    const videos$ = crawl.videos$.pipe(share());
    const [ndjson, parquet] = await lastValueFrom(
      zip(
        videos$.pipe(writeNdjson(createWriteStream(ndjsonPath), { end: true })),
        // Small row groups: the file is several groups, as a long crawl's is.
        videos$.pipe(writeParquet(parquetPath, { rowGroupRows: 40 })),
      ).pipe(toArray()),
    ).then((results) => results[0]!);
    expect(parquet.written).toBe(ndjson.written);

    const lines = (await readFile(ndjsonPath, 'utf8')).trimEnd().split('\n');
    const fromNdjson = lines.map((line) => JSON.parse(line) as Video);
    expect(fromNdjson.map((video) => video.id).sort()).toEqual(crawl.expectedIds);

    const store = await openDuckdb(':memory:');
    try {
      const described = await store.query(`DESCRIBE SELECT * FROM read_parquet('${parquetPath}')`);
      // The types of the DuckDB table: ids VARCHAR, create_time TIMESTAMP, lists, counts BIGINT.
      expect(described.map((row) => [row['column_name'], row['column_type']])).toEqual(
        VIDEOS_TABLE.columns.map((column) => [column.name, sqlType(column.type, 'duckdb')]),
      );
      const [groups] = await store.query(
        `SELECT count(DISTINCT row_group_id) AS n FROM parquet_metadata('${parquetPath}')`,
      );
      expect(Number(groups!['n'])).toBe(Math.ceil(fromNdjson.length / 40));
      const rows = await store.query(`SELECT * FROM read_parquet('${parquetPath}') ORDER BY id`);
      expect(rows).toHaveLength(fromNdjson.length);
      const byId = new Map(fromNdjson.map((video) => [video.id, video]));
      for (const row of rows) {
        const video = byId.get(row['id'] as string)!;
        for (const column of VIDEOS_TABLE.columns) {
          if (column.path === undefined) continue;
          expect(
            asRecordValue(row[column.name], column.type),
            `${video.id} ${column.name}`,
          ).toEqual(valueAtPath(video, column.path));
        }
      }
    } finally {
      store.close();
    }
    // Compressed columns against JSON lines.
    expect((await stat(parquetPath)).size).toBeLessThan((await stat(ndjsonPath)).size);
  });

  it('writes one row per key, the first received, and no file when the stream fails', async () => {
    const path = join(directory.path, 'twice.parquet');
    const videos = await lastValueFrom(simulatorCrawl(sim).videos$.pipe(toArray()));
    const twice = [...videos, ...videos.map((video) => ({ ...video, stats: { views: -1 } }))];
    const { written } = await lastValueFrom(from(twice).pipe(writeParquet(path)));
    expect(written).toBe(videos.length);
    const store = await openDuckdb(':memory:');
    try {
      const [row] = await store.query(
        `SELECT count(*) AS n, count(DISTINCT id) AS ids, min(view_count) AS views FROM '${path}'`,
      );
      expect([Number(row!['n']), Number(row!['ids'])]).toEqual([videos.length, videos.length]);
      expect(Number(row!['views'])).toBeGreaterThanOrEqual(0);
    } finally {
      store.close();
    }

    const failed = join(directory.path, 'failed.parquet');
    const failing = concat(
      from(videos),
      throwError(() => new Error('crawl failed')),
    );
    await expect(lastValueFrom(failing.pipe(writeParquet(failed)))).rejects.toThrow('crawl failed');
    await expect(stat(failed)).rejects.toThrow();
    await expect(stat(`${failed}.partial`)).rejects.toThrow();
  });
});
