import { join } from 'node:path';
import type { Video } from '@tikrx/core';
import { currentDemand } from '@tikrx/operators';
import { type Simulator, startSimulator } from '@tikrx/simulator';
import { from, lastValueFrom, map, Observable, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchSink } from './batch-sink.js';
import { openDuckdb } from './open-duckdb.js';
import { sqlType, VIDEOS_TABLE } from './tables.js';
import { simulatorCrawl, temporaryDirectory } from './test-crawl.js';
import { writeDuckdb } from './write-duckdb.js';

describe('writeDuckdb into a real DuckDB file', () => {
  let sim: Simulator;
  let directory: Awaited<ReturnType<typeof temporaryDirectory>>;
  let crawled: Video[];
  beforeAll(async () => {
    sim = await startSimulator({ seed: 5, limits: { research: { perDay: 100_000 } } });
    directory = await temporaryDirectory();
    crawled = await lastValueFrom(simulatorCrawl(sim).videos$.pipe(toArray()));
  });
  afterAll(async () => {
    await sim.close();
    await directory.remove();
  });

  it('creates every column with its type, and keeps every digit of 19-digit ids', async () => {
    const path = join(directory.path, 'types.duckdb');
    const { expectedIds } = simulatorCrawl(sim);
    const result = await lastValueFrom(from(crawled).pipe(writeDuckdb(path)));
    expect(result.written).toBe(crawled.length);

    const store = await openDuckdb(path);
    try {
      const described = await store.query('DESCRIBE videos');
      expect(described.map((row) => [row['column_name'], row['column_type']])).toEqual(
        VIDEOS_TABLE.columns.map((column) => [column.name, sqlType(column.type, 'duckdb')]),
      );
      const ids = (await store.query('SELECT id FROM videos ORDER BY id')).map((row) => row['id']);
      expect(ids).toEqual(expectedIds);
      // Above 2^53: a DOUBLE would have rounded them.
      expect(expectedIds.some((id) => BigInt(id) > 2n ** 53n && id.length === 19)).toBe(true);

      const sample = crawled.find(
        (video) => (video.hashtags?.length ?? 0) > 0 && video.createTime,
      )!;
      const [row] = await store.query(
        `SELECT create_time, epoch(create_time) AS seconds, hashtags, view_count, raw->>'$.id' AS raw_id
         FROM videos WHERE id = '${sample.id}'`,
      );
      expect(row!['create_time']).toBeInstanceOf(Date);
      expect(Number(row!['seconds'])).toBe(sample.createTime);
      expect(row!['hashtags']).toEqual(sample.hashtags);
      expect(row!['view_count']).toBe(BigInt(sample.stats!.views!));
      expect(row!['raw_id']).toBe(sample.id);
    } finally {
      store.close();
    }
  });

  it('upserts by id: the same crawl twice keeps one row per video and refreshes counts', async () => {
    const path = join(directory.path, 'upsert.duckdb');
    await lastValueFrom(from(crawled).pipe(writeDuckdb(path, { run: { crawl: 'first' } })));
    const before = await openDuckdb(path);
    const [first] = await before.query(
      `SELECT id, view_count, first_seen_at FROM videos ORDER BY id LIMIT 1`,
    );
    before.close();

    // The second fetch sees more views on every video, and no description (absent, not empty).
    const refetched = crawled.map((video) => {
      const { description: _dropped, ...rest } = video;
      return { ...rest, stats: { ...video.stats, views: (video.stats?.views ?? 0) + 1000 } };
    });
    const second = await lastValueFrom(
      from(refetched).pipe(writeDuckdb(path, { run: { crawl: 'second' } })),
    );
    expect(second.runId).toBe(2);

    const store = await openDuckdb(path);
    try {
      const [counts] = await store.query(
        'SELECT count(*) AS rows, count(DISTINCT id) AS ids, count(description) AS described FROM videos',
      );
      expect(Number(counts!['rows'])).toBe(crawled.length);
      expect(Number(counts!['ids'])).toBe(crawled.length);
      expect(Number(counts!['described'])).toBe(crawled.filter((v) => v.description).length);
      const [after] = await store.query(
        `SELECT view_count, first_seen_at, run_id FROM videos WHERE id = '${first!['id']}'`,
      );
      expect(after!['view_count']).toBe((first!['view_count'] as bigint) + 1000n);
      expect(after!['first_seen_at']).toEqual(first!['first_seen_at']);
      expect(after!['run_id']).toBe(2n);
      const runs = await store.query(
        'SELECT id, crawl, status, records FROM crawl_runs ORDER BY id',
      );
      expect(runs).toEqual([
        { id: 1n, crawl: 'first', status: 'done', records: BigInt(crawled.length) },
        { id: 2n, crawl: 'second', status: 'done', records: BigInt(crawled.length) },
      ]);
    } finally {
      store.close();
    }
  });

  it('merges a key written again by a later batch of the same store, keeping absent fields', async () => {
    const store = await openDuckdb(join(directory.path, 'batches.duckdb'));
    try {
      const [first, second] = crawled as [Video, Video];
      await store.write('videos', [first, { ...second, stats: { views: 1 } }]);
      await store.write('videos', [{ id: second.id, source: 'display', stats: { views: 2 } }]);
      const rows = await store.query(
        `SELECT id, source, view_count, username FROM videos ORDER BY id`,
      );
      expect(rows).toHaveLength(2);
      const merged = rows.find((row) => row['id'] === second.id)!;
      expect(merged).toMatchObject({ source: 'display', view_count: 2n });
      expect(merged['username']).toBe(second.username);
    } finally {
      store.close();
    }
  });

  it('keeps one row for a key repeated within one batch, the last record winning', async () => {
    const path = join(directory.path, 'repeat.duckdb');
    const video = crawled[0]!;
    const versions = [1, 2, 3].map((views) => ({ ...video, stats: { views } }));
    await lastValueFrom(from(versions).pipe(writeDuckdb(path)));
    const store = await openDuckdb(path);
    try {
      expect(await store.query('SELECT view_count FROM videos')).toEqual([{ view_count: 3n }]);
    } finally {
      store.close();
    }
  });
});

describe('batchSink backpressure', () => {
  it('closes the demand gate while more than the high-water mark wait, and opens it once written', async () => {
    let release: () => void = () => {};
    const writes: number[][] = [];
    let gate: ReturnType<typeof currentDemand>;
    let push: (value: number) => void = () => {};
    const source = new Observable<number>((subscriber) => {
      gate = currentDemand();
      push = (value) => subscriber.next(value);
      return () => {};
    });
    const subscription = source
      .pipe(
        batchSink<number, number>(
          'a test target',
          async () => ({
            write: (batch) => {
              writes.push(batch);
              return new Promise<void>((resolve) => {
                release = resolve;
              });
            },
            close: async (_complete, written) => written,
          }),
          { maxBatch: 10, highWaterMark: 20, lowWaterMark: 5 },
        ),
        map((written) => written),
      )
      .subscribe();
    expect(gate).toBeDefined();
    for (let value = 0; value < 10; value++) push(value);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toHaveLength(1);
    for (let value = 10; value < 31; value++) push(value);
    expect(gate!.isClosed()).toBe(true);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    // 21 waited; a batch of 10 taken leaves 11, still above the low mark.
    expect(gate!.isClosed()).toBe(true);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(gate!.isClosed()).toBe(false);
    expect(writes.flat()).toEqual(Array.from({ length: 30 }, (_, i) => i));
    subscription.unsubscribe();
  });
});
