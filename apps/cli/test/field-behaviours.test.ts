import { type Simulator, startSimulator } from '@tikrx/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finished, idsOfNdjson, runCli, SIMULATOR_ENV, sorted, startCli } from './cli-process.js';

/** The CLI against a simulator with a day that always fails (the field reports such days). */

const FAILING_DAY = '20230112';
const query = { and: [{ field_name: 'hashtag_name', operation: 'EQ', field_values: ['fyp'] }] };
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: 11, quirks: { failingDays: [FAILING_DAY] } });
});
afterAll(() => sim.close());

describe('research with a day that always fails', () => {
  it('writes every other day, prints the gap day and the requests spent today, and exits 1', async () => {
    const result = await runCli(
      [
        ...'research --hashtag fyp --from 2023-01-01 --to 2023-01-20 --concurrency 4 --window-days 5'.split(
          ' ',
        ),
        '--base-url',
        sim.url,
      ],
      SIMULATOR_ENV,
    );
    expect(result.code).toBe(1);
    const all = sim.expected.research({ query, startDate: '20230101', endDate: '20230120' });
    const ofDay = sim.expected.research({ query, startDate: FAILING_DAY, endDate: FAILING_DAY });
    expect(ofDay.length).toBeGreaterThan(0);
    expect(sorted(idsOfNdjson(result.stdout))).toEqual(
      sorted(all.filter((id) => !ofDay.includes(id))),
    );
    expect(result.stderr).toMatch(new RegExp(`^gap: ${FAILING_DAY} kept failing`, 'm'));
    expect(result.stderr).toMatch(
      new RegExp(`^failed: .* · requests today: \\d+ of 1,000 · gap days: ${FAILING_DAY} · `, 'm'),
    );
    expect(result.stderr).toMatch(new RegExp(`^error: .*left as gaps: ${FAILING_DAY}`, 'm'));
  });
});

describe('tikrx simulate with the field quirks', () => {
  it('serves a day that always fails (--failing-days) and refuses fresh searches for --warmup ms', async () => {
    const server = startCli(
      ['simulate', '--seed', '11', '--failing-days', '2023-01-12', '--warmup', '1500'],
      {},
    );
    const ended = finished(server);
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout?.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const line = out.split('\n')[0];
          if (out.includes('\n') && line !== undefined) resolve(line.trim());
        });
        server.on('close', () => reject(new Error('tikrx simulate ended before printing its URL')));
      });
      const result = await runCli(
        [
          ...'research --hashtag fyp --from 2023-01-01 --to 2023-01-20 --concurrency 4 --window-days 5 --base-url'.split(
            ' ',
          ),
          url,
        ],
        SIMULATOR_ENV,
      );
      expect(result.code).toBe(1);
      const all = sim.expected.research({ query, startDate: '20230101', endDate: '20230120' });
      const ofDay = sim.expected.research({ query, startDate: FAILING_DAY, endDate: FAILING_DAY });
      // Same seed and dataset as `sim`: every video but those of the failing day.
      expect(sorted(idsOfNdjson(result.stdout))).toEqual(
        sorted(all.filter((id) => !ofDay.includes(id))),
      );
      expect(result.stderr).toMatch(new RegExp(`^gap: ${FAILING_DAY} kept failing`, 'm'));
      // The warm-up: a window's second page is refused until its search is 1.5 s old, and
      // waited out on the same search id (each refusal an answered request of the day).
      const healthy = await runCli(
        ['research', '--hashtag', 'fyp', '--from', '2023-01-01', '--to', '2023-01-05'].concat(
          '--concurrency',
          '1',
          '--base-url',
          url,
        ),
        SIMULATOR_ENV,
      );
      expect(healthy.code).toBe(0);
      const pages = Number(/ (\d+) pages /.exec(healthy.stderr)?.[1]);
      const requests = Number(/requests today: (\d+) of/.exec(healthy.stderr)?.[1]);
      expect(pages).toBeGreaterThanOrEqual(2);
      expect(requests).toBeGreaterThan(pages);
    } finally {
      server.kill('SIGTERM');
      await ended;
    }
  });
});
