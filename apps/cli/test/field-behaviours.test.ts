import { type Simulator, startSimulator } from '@tikrx/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idsOfNdjson, runCli, SIMULATOR_ENV, sorted } from './cli-process.js';

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
