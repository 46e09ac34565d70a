import { type Simulator, startSimulator } from '@tikrx/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  finished,
  idsOfNdjson,
  runCli,
  SIMULATOR_ENV,
  sorted,
  startCli,
  stderrMatch,
} from './cli-process.js';

/**
 * The shared rate's slow-down on 429s, as the CLI shows it: `tikrx simulate` with a Research
 * limit of 5 requests a second (`--research-per-minute 5 --research-rate-window 1000`), and a
 * crawl at concurrency 8 (its 8 first pages at once already draw 3 429s) that measures its
 * pace over the same second (`--rate-window 1000`).
 */

const query = {
  and: [{ field_name: 'hashtag_name', operation: 'IN', field_values: ['cat', 'cats', 'fyp'] }],
};
/** The same seed and size as the `tikrx simulate` below: the ids it must serve. */
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: 11 });
});
afterAll(() => sim.close());

/** Runs `tikrx simulate` limited to 5 Research requests a second while `use` runs against its URL. */
async function withLimitedSimulator(use: (url: string) => Promise<void>): Promise<void> {
  const server = startCli(
    ['simulate', '--seed', '11', '--research-per-minute', '5', '--research-rate-window', '1000'],
    {},
  );
  const ended = finished(server);
  try {
    await use((await stderrMatch(server, /listening on (http\S+)/))[1] as string);
  } finally {
    server.kill('SIGTERM');
    await ended;
  }
}

const THROTTLED = /^rate limited by the API: slowed to [\d,]+ requests\/min for every window$/m;
const RECOVERING = /^rate recovering: [\d,]+ requests\/min for every window$/m;

describe('research against a rate limit it exceeds', () => {
  it('prints the slow-down and the recovery, and writes every video once', async () => {
    await withLimitedSimulator(async (url) => {
      const result = await runCli(
        [
          ...'research --hashtag cat,cats,fyp --from 2023-01-01 --to 2023-01-31 --concurrency 8 --rate-window 1000 --base-url'.split(
            ' ',
          ),
          url,
        ],
        SIMULATOR_ENV,
      );
      expect(result.code).toBe(0);
      expect(sorted(idsOfNdjson(result.stdout))).toEqual(
        sim.expected.research({ query, startDate: '20230101', endDate: '20230131' }),
      );
      expect(result.stderr).toMatch(THROTTLED);
      expect(result.stderr).toMatch(RECOVERING);
      // Throttled before it recovers.
      expect(result.stderr.indexOf('rate limited by the API')).toBeLessThan(
        result.stderr.indexOf('rate recovering'),
      );
    });
  }, 60_000);

  it('slows every Research command down the same way: user-info over 24 profiles with --rate-window', async () => {
    await withLimitedSimulator(async (url) => {
      // 24 profiles, 8 asked for at once: more than 5 a second.
      const usernames = sim.dataset.creators().slice(0, 24);
      const result = await runCli(
        ['user-info', ...usernames, '--rate-window', '1000', '--base-url', url],
        SIMULATOR_ENV,
      );
      expect(result.code).toBe(0);
      const profiles = result.stdout
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as { username: string; lookupStatus: string });
      expect(profiles.map((profile) => profile.username).sort()).toEqual([...usernames].sort());
      expect(profiles.every((profile) => profile.lookupStatus === 'found')).toBe(true);
      expect(result.stderr).toMatch(THROTTLED);
      // Recovering every half second: the pace is measured over --rate-window's second (over
      // the default minute, half of it would take minutes for 24 profiles).
      expect(result.stderr).toMatch(RECOVERING);
    });
  }, 60_000);
});
