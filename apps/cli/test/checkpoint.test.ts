import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Simulator, startSimulator } from '@tikrx/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  finished,
  idsOfNdjson,
  runCli,
  SIMULATOR_ENV,
  sorted,
  startCli,
  waitForLines,
} from './cli-process.js';

let sim: Simulator;
let dir: string;

// Slow enough answers that a crawl can be stopped part-way.
beforeAll(async () => {
  sim = await startSimulator({ seed: 5, latencyMs: 15 });
  dir = await mkdtemp(join(tmpdir(), 'tikrx-checkpoint-'));
});
afterAll(() => sim.close());

const RESEARCH = {
  args: [
    'research',
    '--hashtag',
    'fyp',
    '--from',
    '2023-01-01',
    '--to',
    '2023-03-31',
    '--max-count',
    '20',
  ],
  expected: () =>
    sim.expected.research({
      query: { and: [{ field_name: 'hashtag_name', operation: 'EQ', field_values: ['fyp'] }] },
      startDate: '20230101',
      endDate: '20230331',
    }),
};

/** Lines of a finished NDJSON file: every one whole JSON, none twice. */
async function assertExactlyOnce(out: string, expected: string[]): Promise<void> {
  const text = await readFile(out, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  const ids = idsOfNdjson(text);
  expect(new Set(ids).size).toBe(ids.length);
  expect(sorted(ids)).toEqual(sorted(expected));
}

describe('--checkpoint', () => {
  it('research killed with SIGKILL at several points resumes to exactly the expected set', async () => {
    const out = join(dir, 'research.ndjson');
    const checkpoint = join(dir, 'research.checkpoint.json');
    const args = [
      ...RESEARCH.args,
      '--base-url',
      sim.url,
      '--out',
      out,
      '--checkpoint',
      checkpoint,
    ];
    const expected = RESEARCH.expected();
    expect(expected.length).toBeGreaterThan(1_000);

    for (const killAt of [150, 600, 1_100]) {
      const child = startCli(args, SIMULATOR_ENV);
      const result = finished(child);
      await waitForLines(out, killAt);
      child.kill('SIGKILL');
      expect((await result).signal).toBe('SIGKILL');
    }
    const written = idsOfNdjson(
      (await readFile(out, 'utf8')).replace(/[^\n]*$/, ''), // a kill may leave half a line
    );
    expect(written.length).toBeLessThan(expected.length);

    const last = await runCli(args, SIMULATOR_ENV);
    expect(last.code).toBe(0);
    expect(last.stderr).toMatch(/resuming from --checkpoint/);
    await assertExactlyOnce(out, expected);
    const saved = JSON.parse(await readFile(checkpoint, 'utf8')) as {
      done: boolean;
      videos: number;
    };
    expect(saved).toMatchObject({ done: true, videos: expected.length });

    // Run again: nothing to do, nothing written.
    const again = await runCli(args, SIMULATOR_ENV);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/already finished/);
    await assertExactlyOnce(out, expected);
  });

  it('Ctrl-C (SIGINT) exits 130 with a valid checkpoint and no partial line; the rerun finishes', async () => {
    const out = join(dir, 'interrupted.ndjson');
    const checkpoint = join(dir, 'interrupted.checkpoint.json');
    const args = [
      ...RESEARCH.args,
      '--base-url',
      sim.url,
      '--out',
      out,
      '--checkpoint',
      checkpoint,
    ];
    const child = startCli(args, SIMULATOR_ENV);
    const result = finished(child);
    await waitForLines(out, 300);
    child.kill('SIGINT');
    const interrupted = await result;
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toMatch(/^interrupted: /m);

    const text = await readFile(out, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const ids = idsOfNdjson(text);
    expect(new Set(ids).size).toBe(ids.length);
    const saved = JSON.parse(await readFile(checkpoint, 'utf8')) as Record<string, unknown>;
    expect(saved).toMatchObject({ version: 1, done: false, videos: ids.length });
    expect(saved['crawl']).toMatch(/^research /);
    expect(saved['state']).toMatchObject({ version: 1, kind: 'video_query' });

    const rest = await runCli(args, SIMULATOR_ENV);
    expect(rest.code).toBe(0);
    await assertExactlyOnce(out, RESEARCH.expected());
  });

  it('socialfetch resumes from its page cursor: SIGKILL, rerun, exactly once, few pages again', async () => {
    // A creator with many videos, so the crawl has many pages.
    const handle = sim.dataset
      .creators()
      .map((name) => ({ name, count: sim.expected.socialfetch(name).length }))
      .sort((a, b) => b.count - a.count)[0]!.name;
    const expected = sim.expected.socialfetch(handle);
    const out = join(dir, 'socialfetch.ndjson');
    const checkpoint = join(dir, 'socialfetch.checkpoint.json');
    const args = [
      'socialfetch',
      handle,
      '--sort',
      'latest',
      '--base-url',
      sim.url,
      '--out',
      out,
      '--checkpoint',
      checkpoint,
    ];

    const child = startCli(args, SIMULATOR_ENV);
    const result = finished(child);
    await waitForLines(out, Math.floor(expected.length / 2));
    child.kill('SIGKILL');
    await result;
    const saved = JSON.parse(await readFile(checkpoint, 'utf8')) as { state: { cursor: string } };
    expect(typeof saved.state.cursor).toBe('string');

    const rest = await runCli(args, SIMULATOR_ENV);
    expect(rest.code).toBe(0);
    await assertExactlyOnce(out, expected);
    // The checkpoint lags the output by at most a page.
    expect(rest.stderr).toMatch(/pages(?: \((?:1|2) fetched again\))? ·/);
  });

  it('display resumes from its cursor after Ctrl-C', async () => {
    const out = join(dir, 'display.ndjson');
    const checkpoint = join(dir, 'display.checkpoint.json');
    const args = [
      'display',
      '--max-count',
      '3',
      '--base-url',
      sim.url,
      '--out',
      out,
      '--checkpoint',
      checkpoint,
    ];
    const child = startCli(args, SIMULATOR_ENV);
    const result = finished(child);
    await waitForLines(out, 10);
    child.kill('SIGINT');
    expect((await result).code).toBe(130);
    const rest = await runCli(args, SIMULATOR_ENV);
    expect(rest.code).toBe(0);
    await assertExactlyOnce(out, sim.expected.display());
  });

  it('CSV: a resumed crawl keeps one header and no duplicate row', async () => {
    const out = join(dir, 'research.csv');
    const checkpoint = join(dir, 'research-csv.checkpoint.json');
    const args = [
      ...RESEARCH.args,
      '--format',
      'csv',
      '--base-url',
      sim.url,
      '--out',
      out,
      '--checkpoint',
      checkpoint,
    ];
    const child = startCli(args, SIMULATOR_ENV);
    const result = finished(child);
    await waitForLines(out, 400);
    child.kill('SIGKILL');
    await result;
    expect((await runCli(args, SIMULATOR_ENV)).code).toBe(0);
    const { parse } = await import('csv-parse/sync');
    const rows = parse(await readFile(out, 'utf8'), { columns: true }) as Record<string, string>[];
    const ids = rows.map((row) => row['id']!);
    expect(new Set(ids).size).toBe(ids.length);
    expect(sorted(ids)).toEqual(sorted(RESEARCH.expected()));
  });

  it('refuses a checkpoint of another crawl (exit 2)', async () => {
    const checkpoint = join(dir, 'research.checkpoint.json');
    const result = await runCli(
      ['display', '--base-url', sim.url, '--checkpoint', checkpoint],
      SIMULATOR_ENV,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/belongs to another crawl/);
  });
});
