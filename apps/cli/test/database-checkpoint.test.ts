import { existsSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Simulator, startSimulator } from '@tikrx/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finished, runCli, SIMULATOR_ENV, sorted, startCli } from './cli-process.js';
import { duckdbRows as rows } from './duckdb-rows.js';

let sim: Simulator;
let dir: string;

beforeAll(async () => {
  // Slow enough answers that a crawl can be killed part-way.
  sim = await startSimulator({ seed: 5, latencyMs: 15, limits: { research: { perDay: 100_000 } } });
  dir = await mkdtemp(join(tmpdir(), 'tikrx-database-checkpoint-'));
});
afterAll(() => sim.close());

const ARGS = 'research --hashtag fyp --from 2023-01-01 --to 2023-03-31 --max-count 20 --quiet';
const expected = () =>
  sim.expected.research({
    query: { and: [{ field_name: 'hashtag_name', operation: 'EQ', field_values: ['fyp'] }] },
    startDate: '20230101',
    endDate: '20230331',
  });

/** Bytes DuckDB committed to `path` so far (its WAL, and the file once checkpointed). */
const committedBytes = (path: string) =>
  [path, `${path}.wal`].reduce(
    (sum, file) => sum + (existsSync(file) ? statSync(file).size : 0),
    0,
  );

async function waitForBytes(path: string, bytes: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (committedBytes(path) < bytes) {
    if (Date.now() > deadline) throw new Error(`${path} did not reach ${bytes} bytes`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('--checkpoint inside the --out database', () => {
  it('killed with SIGKILL three times: the checkpoint never runs ahead of the rows, and the resumed crawl is exact', async () => {
    const out = join(dir, 'crawl.duckdb');
    const args = [...ARGS.split(' '), '--base-url', sim.url, '--out', out, '--checkpoint', out];
    const ids = expected();
    expect(ids.length).toBeGreaterThan(1_000);

    let checkpointed = 0;
    for (let kill = 0; kill < 3; kill++) {
      const before = committedBytes(out);
      const child = startCli(args, SIMULATOR_ENV);
      const result = finished(child);
      // Killed once some pages were committed (~1 KB a video), mid-crawl.
      await waitForBytes(out, before + 150_000);
      child.kill('SIGKILL');
      expect((await result).signal).toBe('SIGKILL');

      // No row yet when killed before the first page was committed.
      const [saved] = await rows(out, 'SELECT checkpoint FROM crawl_checkpoints');
      const checkpoint = (
        saved === undefined ? { videos: 0, done: false } : JSON.parse(saved['checkpoint'] as string)
      ) as { videos: number; done: boolean };
      // The rows this run wrote (an upsert stamps a row with the run that wrote it last).
      const [count] = await rows(
        out,
        'SELECT count(*) AS n FROM videos WHERE run_id = (SELECT max(id) FROM crawl_runs)',
      );
      // Committed with the rows it covers: it never counts a video the table lacks.
      expect(checkpoint.done).toBe(false);
      expect(checkpoint.videos).toBeLessThanOrEqual(Number(count!['n']));
      checkpointed += checkpoint.videos;
    }
    expect(checkpointed).toBeGreaterThan(0);

    const last = await runCli(args, SIMULATOR_ENV);
    expect(last.code, last.stderr).toBe(0);
    const [counts] = await rows(out, 'SELECT count(*) AS n, count(DISTINCT id) AS ids FROM videos');
    expect(Number(counts!['n'])).toBe(ids.length);
    expect(Number(counts!['ids'])).toBe(ids.length);
    const written = await rows(out, 'SELECT id FROM videos');
    expect(sorted(written.map((row) => row['id'] as string))).toEqual(sorted(ids));
    const checkpoints = await rows(out, 'SELECT crawl, checkpoint FROM crawl_checkpoints');
    expect(checkpoints).toHaveLength(1);
    expect(JSON.parse(checkpoints[0]!['checkpoint'] as string)).toMatchObject({ done: true });

    // Done: a rerun has nothing to do and adds no run.
    const again = await runCli(
      args.filter((arg) => arg !== '--quiet'),
      SIMULATOR_ENV,
    );
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/already finished/);
    const runs = await rows(out, 'SELECT status FROM crawl_runs ORDER BY id');
    expect(runs.map((run) => run['status'])).toEqual(['running', 'running', 'running', 'done']);
  }, 120_000);

  it('refuses a checkpoint inside an --out that is not a database', async () => {
    const out = join(dir, 'videos.ndjson');
    const result = await runCli(
      [...ARGS.split(' '), '--base-url', sim.url, '--out', out, '--checkpoint', out],
      SIMULATOR_ENV,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/only a \.duckdb database can hold its checkpoint/);
  });
});
