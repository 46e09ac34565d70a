import { TikrxError, type TikrxEvent, type Video } from '@tikrx/core';
import { SIMULATOR_CREDENTIALS, type Simulator, startSimulator } from '@tikrx/simulator';
import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { ResearchCheckpoint } from './checkpoint.js';
import { createResearchClient } from './client.js';
import type { ResearchClientOptions } from './options.js';
import { q } from './query.js';
import { addDays, sim90Days } from './test-sim-range.js';
import { DEFAULT_CONCURRENCY } from './validate-options.js';

/** The client against the simulator playing the Research API as the field reports it. */

const query = q.query(q.and(q.in('hashtag_name', ['cat', 'cats', 'fyp'])));
const retry = { baseDelayMs: 1, maxDelayMs: 20, maxRetries: 8 };

function clientFor(sim: Simulator, extra: Partial<ResearchClientOptions> = {}) {
  return createResearchClient({
    clientKey: SIMULATOR_CREDENTIALS.clientKey,
    clientSecret: SIMULATOR_CREDENTIALS.clientSecret,
    baseUrl: sim.url,
    retry,
    ...extra,
  });
}

const sorted = (videos: Video[]) => videos.map((v) => v.id).sort();

/** Collects a stream's videos and how it ended. */
function collect(stream: ReturnType<ReturnType<typeof clientFor>['queryVideos']>) {
  const videos: Video[] = [];
  return new Promise<{ videos: Video[]; error?: unknown }>((resolve) => {
    stream.subscribe({
      next: (video) => videos.push(video),
      error: (error: unknown) => resolve({ videos, error }),
      complete: () => resolve({ videos }),
    });
  });
}

describe('search warm-up', () => {
  it('waits out a 3 s warm-up of every search on the same search_id: the exact set, no search restarted', async () => {
    const sim = await startSimulator({
      seed: 7,
      limits: { research: { perDay: 100_000 } },
      quirks: { searchWarmupMs: 3_000 },
    });
    try {
      const range = sim90Days(sim);
      const events: TikrxEvent[] = [];
      const videos = await lastValueFrom(
        clientFor(sim, { onEvent: (e) => events.push(e) })
          .queryVideos({ query, ...range })
          .pipe(toArray()),
      );
      expect(sorted(videos)).toEqual(sim.expected.research({ query, ...range }));
      const windows = events.filter((e) => e.type === 'window' && e.state === 'waiting');
      // One search per window (12 fill the default concurrency, plus any a free slot cut off a
      // running one): none was started again.
      expect(DEFAULT_CONCURRENCY).toBe(12);
      expect(windows.length).toBeGreaterThanOrEqual(DEFAULT_CONCURRENCY);
      expect(sim.stats().searchesIssued).toBe(windows.length);
      // The warm-up was really met: refused ids were waited on.
      expect(events.some((e) => e.type === 'window' && e.state === 'retrying')).toBe(true);
    } finally {
      await sim.close();
    }
  });
});

describe('a day that always fails', () => {
  it('delivers every other day of a 60-day crawl exactly once, names the day, spends at most 12 requests on it, and a resume fetches only it once it heals', async () => {
    const seed = 7;
    const healthy = await startSimulator({ seed, limits: { research: { perDay: 100_000 } } });
    const endDate = healthy.dataset.lastDay;
    const startDate = addDays(endDate, -59);
    const failingDay = addDays(startDate, 40);
    const sick = await startSimulator({
      seed,
      limits: { research: { perDay: 100_000 } },
      quirks: { failingDays: [failingDay] },
    });
    try {
      const all = sick.expected.research({ query, startDate, endDate });
      const ofDay = sick.expected.research({ query, startDate: failingDay, endDate: failingDay });
      expect(ofDay.length).toBeGreaterThan(0);
      const events: TikrxEvent[] = [];
      const checkpoints: ResearchCheckpoint[] = [];
      const first = await collect(
        clientFor(sick, { onEvent: (e) => events.push(e) }).queryVideos({
          query,
          startDate,
          endDate,
          // 30-day windows: the longest way down to the day (30, 15, 8, 4, 2, 1).
          windowDays: 30,
          onCheckpoint: (c) => checkpoints.push(c),
        }),
      );
      expect(sorted(first.videos)).toEqual(all.filter((id) => !ofDay.includes(id)));
      expect(first.error).toBeInstanceOf(TikrxError);
      expect((first.error as TikrxError).message).toContain(failingDay);
      expect(events.filter((e) => e.type === 'gap')).toEqual([
        expect.objectContaining({ days: [failingDay], kind: 'server' }),
      ]);
      expect(sick.stats().faults['failing-day']).toBeLessThanOrEqual(12);
      const checkpoint = checkpoints.at(-1) as ResearchCheckpoint;
      expect(checkpoint.gaps).toEqual([failingDay]);
      expect(checkpoint.windows.map((w) => [w.start, w.end])).toEqual([[failingDay, failingDay]]);

      // The day heals: the same dataset without the failing day.
      const resumed = await lastValueFrom(
        clientFor(healthy)
          .queryVideos({
            query,
            startDate,
            endDate,
            windowDays: 30,
            checkpoint: JSON.parse(JSON.stringify(checkpoint)),
          })
          .pipe(toArray()),
      );
      expect(sorted(resumed)).toEqual(ofDay);
      expect(healthy.stats().searchesIssued).toBe(1);
    } finally {
      await Promise.all([sick.close(), healthy.close()]);
    }
  });
});

describe('quota and index lag', () => {
  it('counts the requests spent today, failures included, and warns when endDate is inside the index lag', async () => {
    const now = () => Date.UTC(2023, 2, 20, 12);
    const sim = await startSimulator({
      seed: 7,
      now,
      limits: { research: { perDay: 100_000 } },
      faults: { rate: 0.3, kinds: ['500'], apis: ['research'] },
    });
    try {
      const events: TikrxEvent[] = [];
      await lastValueFrom(
        // Tries enough for a 30% fault rate not to leave a day as a gap (not what this pins).
        clientFor(sim, { now, triesPerWindowSize: 4, onEvent: (e) => events.push(e) })
          .queryVideos({ query, startDate: '20230310', endDate: '20230319', maxCount: 50 })
          .pipe(toArray()),
      );
      const quota = events.filter((e) => e.type === 'quota');
      const answered = sim.stats().byEndpoint['research.video.query'];
      expect(quota.at(-1)).toEqual({
        type: 'quota',
        source: 'research',
        usedToday: answered,
        limit: 1_000,
        resetsAt: '2023-03-21T00:00:00.000Z',
      });
      expect(sim.stats().faults['500'] ?? 0).toBeGreaterThan(0);
      expect(events.filter((e) => e.type === 'warning')).toEqual([
        expect.objectContaining({
          code: 'index_lag',
          message: expect.stringContaining('20230319'),
        }),
      ]);
    } finally {
      await sim.close();
    }
  });
});
