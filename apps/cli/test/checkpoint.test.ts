import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
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
  // Latency only slows the crawl; the search warm-up it would bring has tests of its own.
  sim = await startSimulator({ seed: 5, latencyMs: 15, quirks: { searchWarmupMs: 0 } });
  dir = await mkdtemp(join(tmpdir(), 'tikrx-checkpoint-'));
});
afterAll(() => sim.close());

const featured = () => sim.dataset.featuredCreator;

const RESEARCH = {
  args: 'research --hashtag fyp --from 2023-01-01 --to 2023-03-31 --max-count 20'.split(' '),
  expected: () =>
    sim.expected.research({
      query: { and: [{ field_name: 'hashtag_name', operation: 'EQ', field_values: ['fyp'] }] },
      startDate: '20230101',
      endDate: '20230331',
    }),
};

/** A crawl against `sim` writing to `<name>.<ext>` with `<name>.checkpoint.json` in `dir`. */
function checkpointed(name: string, args: string[], ext = 'ndjson') {
  const out = join(dir, `${name}.${ext}`);
  const checkpoint = join(dir, `${name}.checkpoint.json`);
  return {
    out,
    checkpoint,
    args: [...args, '--base-url', sim.url, '--out', out, '--checkpoint', checkpoint],
  };
}

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
    const { out, checkpoint, args } = checkpointed('research', RESEARCH.args);
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
    // Five CLI runs: on a loaded machine (every package's tests at once) 20 s is not enough.
  }, 60_000);

  it('Ctrl-C (SIGINT) exits 130 with a valid checkpoint and no partial line; the rerun finishes', async () => {
    const { out, checkpoint, args } = checkpointed('interrupted', RESEARCH.args);
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
  }, 60_000);

  it('socialfetch resumes from its page cursor: SIGKILL, rerun, exactly once, few pages again', async () => {
    // A creator with many videos, so the crawl has many pages.
    const handle = sim.dataset
      .creators()
      .map((name) => ({ name, count: sim.expected.socialfetch(name).length }))
      .sort((a, b) => b.count - a.count)[0]!.name;
    const expected = sim.expected.socialfetch(handle);
    const { out, checkpoint, args } = checkpointed('socialfetch', [
      'socialfetch',
      handle,
      '--sort',
      'latest',
    ]);

    const child = startCli(args, SIMULATOR_ENV);
    const result = finished(child);
    await waitForLines(out, Math.floor(expected.length / 2));
    child.kill('SIGKILL');
    await result;
    // The state is the client's own SocialFetchCheckpoint.
    const saved = JSON.parse(await readFile(checkpoint, 'utf8')) as { state: unknown };
    expect(saved.state).toEqual({ version: 1, done: false, cursor: expect.any(String) });

    const rest = await runCli(args, SIMULATOR_ENV);
    expect(rest.code).toBe(0);
    await assertExactlyOnce(out, expected);
    // The checkpoint lags the output by at most the page in flight: the CLI requests no page
    // while a checkpoint is on its way to disk, however slow the machine.
    expect(rest.stderr).toMatch(/pages(?: \(1 fetched again\))? ·/);
  });

  it('display resumes from its cursor after Ctrl-C', async () => {
    const { out, args } = checkpointed('display', ['display', '--max-count', '3']);
    const child = startCli(args, SIMULATOR_ENV);
    const result = finished(child);
    await waitForLines(out, 10);
    child.kill('SIGINT');
    expect((await result).code).toBe(130);
    const rest = await runCli(args, SIMULATOR_ENV);
    expect(rest.code).toBe(0);
    await assertExactlyOnce(out, sim.expected.display());
  });

  it('resumes from a checkpoint an earlier tikrx wrote, whose state is { cursor }', async () => {
    const { out, checkpoint, args } = checkpointed('display-old', ['display', '--max-count', '3']);
    const child = startCli(args, SIMULATOR_ENV);
    const result = finished(child);
    await waitForLines(out, 10);
    child.kill('SIGINT');
    expect((await result).code).toBe(130);
    const saved = JSON.parse(await readFile(checkpoint, 'utf8')) as {
      state: { cursor: number };
    };
    expect(saved.state).toEqual({ version: 1, done: false, cursor: expect.any(Number) });
    await writeFile(
      checkpoint,
      JSON.stringify({ ...saved, state: { cursor: saved.state.cursor } }),
    );

    const rest = await runCli(args, SIMULATOR_ENV);
    expect(rest.code).toBe(0);
    expect(rest.stderr).toMatch(/pages(?: \(1 fetched again\))? ·/);
    await assertExactlyOnce(out, sim.expected.display());
  });

  it('a crawl stopped after its last page but before its final save does not start over', async () => {
    const { out, checkpoint, args } = checkpointed('socialfetch-last', ['socialfetch', featured()]);
    expect((await runCli(args, SIMULATOR_ENV)).code).toBe(0);
    const saved = JSON.parse(await readFile(checkpoint, 'utf8')) as Record<string, unknown>;
    expect(saved['state']).toEqual({ version: 1, done: true });
    // As if killed between the client's last checkpoint and the closing one.
    await writeFile(checkpoint, JSON.stringify({ ...saved, done: false }));
    const before = await readFile(out, 'utf8');

    const rerun = await runCli(args, SIMULATOR_ENV);
    expect(rerun.code).toBe(0);
    expect(rerun.stderr).toMatch(/^done: 0 videos · 0 pages ·/m);
    expect(await readFile(out, 'utf8')).toBe(before);
    expect(JSON.parse(await readFile(checkpoint, 'utf8'))).toMatchObject({ done: true });
  });

  it('an output that fails mid-way (EFBIG) exits 1 with the summary, the error and a checkpoint of what was written', async () => {
    const { out, checkpoint, args } = checkpointed('too-large', RESEARCH.args);
    // A file size limit of 100 KiB: writes past it fail with EFBIG (Node ignores SIGXFSZ).
    const failed = await runCli(args, SIMULATOR_ENV, { fileSizeLimitKiB: 100 });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^failed: [\d,]+ videos · /m);
    expect(failed.stderr).toMatch(/^error: Cannot write --out .*EFBIG/m);
    const saved = JSON.parse(await readFile(checkpoint, 'utf8')) as {
      done: boolean;
      videos: number;
    };
    expect(saved.done).toBe(false);
    expect(saved.videos).toBeGreaterThan(0);
    // The checkpoint covers no record that did not reach the file.
    const written = idsOfNdjson((await readFile(out, 'utf8')).replace(/[^\n]*$/, ''));
    expect(written.length).toBeGreaterThanOrEqual(saved.videos);

    const rest = await runCli(args, SIMULATOR_ENV);
    expect(rest.code).toBe(0);
    await assertExactlyOnce(out, RESEARCH.expected());
  }, 60_000);

  it('CSV: a resumed crawl keeps one header and no duplicate row', async () => {
    const { out, args } = checkpointed(
      'research-csv',
      [...RESEARCH.args, '--format', 'csv'],
      'csv',
    );
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
