import { createIdStore } from '@tikrx/operators';
import { SIMULATOR_CREDENTIALS, startSimulator } from '@tikrx/simulator';
import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createResearchClient } from './client.js';
import { addDays } from './test-sim-range.js';
import { watchVideos } from './watch-videos.js';

const DAY_MS = 86_400_000;
const msOf = (day: string) =>
  Date.parse(`${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}T12:00:00Z`);

describe('watchVideos against the simulator', () => {
  it('emits each video of the sliding windows once, lag included, and nothing again after a restart', async () => {
    const sim = await startSimulator({ seed: 4, limits: { research: { perDay: 100_000 } } });
    try {
      const client = createResearchClient({
        clientKey: SIMULATOR_CREDENTIALS.clientKey,
        clientSecret: SIMULATOR_CREDENTIALS.clientSecret,
        baseUrl: sim.url,
      });
      const query = {
        and: [
          { field_name: 'hashtag_name' as const, operation: 'EQ' as const, field_values: ['fyp'] },
        ],
      };
      // "Today" moves one day per run, ending on the dataset's last day.
      const today = msOf(sim.dataset.lastDay);
      let run = 0;
      const now = () => today - (2 - run++) * DAY_MS;
      const store = createIdStore();
      const options = { query, intervalMs: 1, windowDays: 1, runs: 3, store, now };
      const videos = await lastValueFrom(watchVideos(client, options).pipe(toArray()));
      // Run k covers (today_k - 3 days)..today_k: the window, plus the 2-day lag.
      const expected = sim.expected.research({
        query,
        startDate: addDays(sim.dataset.lastDay, -5),
        endDate: sim.dataset.lastDay,
      });
      const ids = videos.map((video) => video.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.sort()).toEqual([...expected].sort());

      run = 0;
      const again = await lastValueFrom(watchVideos(client, options).pipe(toArray()));
      expect(again).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});
