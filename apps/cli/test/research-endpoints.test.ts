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
beforeAll(async () => {
  sim = await startSimulator({ seed: 5, latencyMs: 5, limits: { research: { perDay: 100_000 } } });
  dir = await mkdtemp(join(tmpdir(), 'tikrx-endpoints-'));
});
afterAll(() => sim.close());

const lines = (text: string) =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
const on = (args: string[]) => runCli([...args, '--base-url', sim.url, '--quiet'], SIMULATOR_ENV);

describe('Research endpoint commands print exactly what the simulator expects', () => {
  it('user-info, followers, following, liked, pinned', async () => {
    const user = sim.dataset.featuredCreator;
    const info = await on(['user-info', user, 'nobody_at_all']);
    expect(info.code).toBe(0);
    const profiles = lines(info.stdout);
    expect(profiles.map((p) => p['lookupStatus'])).toEqual(['found', 'not_found']);
    expect(profiles[0]?.['followerCount']).toBe(sim.expected.userInfo(user)?.['follower_count']);

    for (const list of ['followers', 'following'] as const) {
      const result = await on([list, user, '--max-count', '40']);
      expect(result.code).toBe(0);
      expect(sorted(lines(result.stdout).map((ref) => ref['username'] as string))).toEqual(
        sim.expected[list](user),
      );
    }
    const liked = await on(['liked', user]);
    expect(sorted(idsOfNdjson(liked.stdout))).toEqual(sim.expected.liked(user));
  }, 60_000);

  it('a user who hides likes fails with exit 1, saying so', async () => {
    const name = sim.dataset
      .creators()
      .find((n) => sim.expected.unavailable('liked', n) === 'private') as string;
    const result = await on(['liked', name]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/does not return the liked videos of .*forbidden/);
  });

  it('bad usage exits 2 before any request', async () => {
    sim.resetStats();
    expect((await on(['comments'])).code).toBe(2);
    expect((await on(['followers'])).code).toBe(2);
    expect((await on(['comments', 'not-an-id'])).code).toBe(2);
    expect((await on(['user-info', 'a/b'])).code).toBe(2);
    expect((await on(['followers', 'x', '--format', 'csv'])).code).toBe(2);
    expect(sim.stats().requests).toBe(0);
  }, 60_000);
});

describe('comments --from-file over a crawl of 500 videos', () => {
  it('killed with SIGKILL twice and resumed gives every comment exactly once', async () => {
    const videos = join(dir, 'videos.ndjson');
    const ids = Array.from({ length: 500 }, (_, i) => sim.dataset.video(i * 9).id);
    await writeFile(
      videos,
      ids.map((id) => `${JSON.stringify({ id, source: 'research' })}\n`).join(''),
    );
    const expected = ids.flatMap((id) => sim.expected.comments(id));
    expect(expected.length).toBeGreaterThan(5_000);
    const out = join(dir, 'comments.ndjson');
    const checkpoint = join(dir, 'comments.checkpoint.json');
    const args = [
      'comments',
      '--from-file',
      videos,
      '--concurrency',
      '8',
      '--base-url',
      sim.url,
      '--out',
      out,
      '--checkpoint',
      checkpoint,
      '--quiet',
    ];
    for (const killAt of [800, 2_500]) {
      const child = startCli(args, SIMULATOR_ENV);
      const result = finished(child);
      await waitForLines(out, killAt);
      child.kill('SIGKILL');
      expect((await result).signal).toBe('SIGKILL');
    }
    const last = await runCli(args, SIMULATOR_ENV);
    expect(last.code).toBe(0);
    const written = idsOfNdjson(await readFile(out, 'utf8'));
    expect(new Set(written).size).toBe(written.length);
    expect(sorted(written)).toEqual(sorted(expected));
  }, 90_000);
});

describe('watch', () => {
  it('writes the videos of its sliding windows once, and nothing again when restarted with --state', async () => {
    const state = join(dir, 'watch.seen');
    const args = [
      'watch',
      '--simulator',
      '--sim-seed',
      '5',
      '--hashtag',
      'fyp',
      '--every',
      '50ms',
      '--runs',
      '2',
      '--state',
      state,
      '--quiet',
    ];
    const first = await runCli(args, {});
    expect(first.code).toBe(0);
    // Each run covers its day and the index's 2-day lag before it: the last 3 days of the data.
    const last = sim.dataset.lastDay;
    const startDay = new Date(
      Date.parse(`${last.slice(0, 4)}-${last.slice(4, 6)}-${last.slice(6)}T00:00:00Z`) -
        3 * 86_400_000,
    )
      .toISOString()
      .slice(0, 10)
      .replaceAll('-', '');
    const expected = sim.expected.research({
      query: { and: [{ field_name: 'hashtag_name', operation: 'EQ', field_values: ['fyp'] }] },
      startDate: startDay,
      endDate: last,
    });
    const ids = idsOfNdjson(first.stdout);
    expect(new Set(ids).size).toBe(ids.length);
    expect(sorted(ids)).toEqual(sorted(expected));
    expect(sorted((await readFile(state, 'utf8')).trim().split('\n'))).toEqual(sorted(expected));

    const again = await runCli(args, {});
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
  }, 60_000);
});
