import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Simulator, startSimulator } from '@tikrx/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finished, idsOfNdjson, runCli, SIMULATOR_ENV, sorted, startCli } from './cli-process.js';
import { duckdbRows as rows } from './duckdb-rows.js';

let sim: Simulator;
let dir: string;

beforeAll(async () => {
  // Slow enough answers that a crawl can be killed part-way.
  sim = await startSimulator({ seed: 5, latencyMs: 15, limits: { research: { perDay: 100_000 } } });
  dir = await mkdtemp(join(tmpdir(), 'tikrx-database-'));
});
afterAll(() => sim.close());

const ARGS = 'research --hashtag fyp --from 2023-01-01 --to 2023-03-31 --quiet'.split(' ');
/** Small pages: many commits, so a kill lands mid-crawl. */
const SMALL_PAGES = ['--max-count', '20'];
/** A crawl on a loaded machine can take a while; each test runs several. */
const SLOW = 90_000;
const expected = () =>
  sim.expected.research({
    query: { and: [{ field_name: 'hashtag_name', operation: 'EQ', field_values: ['fyp'] }] },
    startDate: '20230101',
    endDate: '20230331',
  });

const modifiedAt = (path: string) => (existsSync(path) ? statSync(path).mtimeMs : 0);

async function waitForChange(path: string, since: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (modifiedAt(path) <= since) {
    if (Date.now() > deadline) throw new Error(`${path} did not change within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('--out FILE.duckdb', () => {
  it(
    'killed with SIGKILL three times and resumed: exactly the expected ids, one row each',
    async () => {
      const out = join(dir, 'killed.duckdb');
      const checkpoint = join(dir, 'killed.checkpoint.json');
      const args = [
        ...ARGS,
        ...SMALL_PAGES,
        '--base-url',
        sim.url,
        '--out',
        out,
        '--checkpoint',
        checkpoint,
      ];
      const ids = expected();
      expect(ids.length).toBeGreaterThan(1_000);

      for (let kill = 0; kill < 3; kill++) {
        const before = modifiedAt(checkpoint);
        const child = startCli(args, SIMULATOR_ENV);
        const result = finished(child);
        // Killed once it committed some pages (the checkpoint follows the commits), mid-crawl.
        await waitForChange(checkpoint, before);
        await new Promise((resolve) => setTimeout(resolve, 50 + kill * 40));
        child.kill('SIGKILL');
        expect((await result).signal).toBe('SIGKILL');
      }
      const [partial] = await rows(out, 'SELECT count(*) AS n FROM videos');
      expect(Number(partial!['n'])).toBeLessThan(ids.length);

      const last = await runCli(args, SIMULATOR_ENV);
      expect(last.code, last.stderr).toBe(0);
      const written = await rows(out, 'SELECT id FROM videos');
      const [counts] = await rows(
        out,
        'SELECT count(*) AS n, count(DISTINCT id) AS distinct_ids FROM videos',
      );
      expect(Number(counts!['n'])).toBe(Number(counts!['distinct_ids']));
      expect(sorted(written.map((row) => row['id'] as string))).toEqual(sorted(ids));
      // Four runs, the killed ones still `running`, the last `done`.
      const runs = await rows(out, 'SELECT status, records FROM crawl_runs ORDER BY id');
      expect(runs.map((run) => run['status'])).toEqual(['running', 'running', 'running', 'done']);
    },
    SLOW,
  );

  it(
    'a repeated crawl without a checkpoint refreshes the rows instead of adding any',
    async () => {
      const out = join(dir, 'twice.duckdb');
      const args = [...ARGS, '--base-url', sim.url, '--out', out];
      for (let run = 0; run < 2; run++) {
        const result = await runCli(args, SIMULATOR_ENV);
        expect(result.code, result.stderr).toBe(0);
      }
      const [counts] = await rows(
        out,
        'SELECT count(*) AS n, count(DISTINCT id) AS ids, count(DISTINCT run_id) AS runs FROM videos',
      );
      expect(Number(counts!['n'])).toBe(expected().length);
      expect(Number(counts!['ids'])).toBe(expected().length);
      // Every row was last written by the second run.
      expect(counts!['runs']).toBe(1n);
      const runs = await rows(
        out,
        'SELECT id, status, records, requests FROM crawl_runs ORDER BY id',
      );
      expect(runs).toHaveLength(2);
      expect(runs[1]).toMatchObject({ id: 2n, status: 'done', records: BigInt(expected().length) });
      expect(Number(runs[1]!['requests'])).toBeGreaterThan(0);
    },
    SLOW,
  );

  it('tikrx sql runs a query on the file', async () => {
    const out = join(dir, 'twice.duckdb');
    const result = await runCli(
      ['sql', out, 'SELECT count(*) AS videos FROM videos', '--format', 'ndjson'],
      SIMULATOR_ENV,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ videos: expected().length });
  });
});

describe('--out FILE.parquet', () => {
  it(
    'holds exactly the ids of the NDJSON of the same crawl',
    async () => {
      const parquet = join(dir, 'videos.parquet');
      const ndjson = join(dir, 'videos.ndjson');
      for (const out of [parquet, ndjson]) {
        const result = await runCli([...ARGS, '--base-url', sim.url, '--out', out], SIMULATOR_ENV);
        expect(result.code, result.stderr).toBe(0);
      }
      const fromNdjson = idsOfNdjson(await readFile(ndjson, 'utf8'));
      const fromParquet = await rows(':memory:', `SELECT id FROM read_parquet('${parquet}')`);
      expect(sorted(fromParquet.map((row) => row['id'] as string))).toEqual(sorted(fromNdjson));
      expect(sorted(fromNdjson)).toEqual(sorted(expected()));
    },
    SLOW,
  );
});
