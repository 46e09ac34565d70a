import { TikrxError, type TikrxEvent, type Video } from '@tikrx/core';
import { createRateLimiter } from '@tikrx/operators';
import {
  FAULT_KINDS,
  SIMULATOR_CREDENTIALS,
  type Simulator,
  startSimulator,
} from '@tikrx/simulator';
import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResearchCheckpoint } from './checkpoint.js';
import { createResearchClient } from './client.js';
import type { ResearchClientOptions } from './options.js';
import { q, type ResearchQuery } from './query.js';
import { addDays, sim90Days } from './test-sim-range.js';

const retry = { baseDelayMs: 1, maxDelayMs: 20, maxRetries: 8 };
/** The search-id-expired fault really drops the search: wait on it briefly, then restart. */
const searchWarmup = { firstDelayMs: 1, maxDelayMs: 5, maxWaitMs: 10 };
const query: ResearchQuery = q.query(q.and(q.in('hashtag_name', ['cat', 'cats', 'fyp'])));

function clientFor(sim: Simulator, extra: Partial<ResearchClientOptions> = {}) {
  return createResearchClient({
    clientKey: SIMULATOR_CREDENTIALS.clientKey,
    clientSecret: SIMULATOR_CREDENTIALS.clientSecret,
    baseUrl: sim.url,
    retry,
    searchWarmup,
    ...extra,
  });
}

const ids = (videos: Video[]) => videos.map((v) => v.id).sort();

describe('queryVideos against the simulator', () => {
  let sim: Simulator;
  let range: { startDate: string; endDate: string };
  beforeAll(async () => {
    sim = await startSimulator({ seed: 7, limits: { research: { perDay: 100_000 } } });
    range = sim90Days(sim);
  });
  afterAll(() => sim.close());

  it('returns exactly the expected ids of a 90-day query, each once', async () => {
    const events: TikrxEvent[] = [];
    const videos = await lastValueFrom(
      clientFor(sim, { onEvent: (e) => events.push(e) })
        .queryVideos({ query, ...range, concurrency: 4 })
        .pipe(toArray()),
    );
    const expected = sim.expected.research({ query, ...range });
    expect(expected.length).toBeGreaterThan(300);
    expect(ids(videos)).toEqual([...expected].sort());
    expect(new Set(ids(videos)).size).toBe(videos.length);
    // one token for every window
    expect(events.filter((e) => e.type === 'token')).toHaveLength(1);
    expect(sim.stats().tokensIssued).toBe(1);
  });

  it('returns exactly the expected ids with every simulator fault injected', async () => {
    const faulty = await startSimulator({
      seed: 7,
      limits: { research: { perDay: 100_000 } },
      faults: { rate: 0.2, kinds: [...FAULT_KINDS], retryAfterSec: 0 },
      quirks: { windowErrorRate: 0.3 },
    });
    try {
      const limiter = createRateLimiter({ rate: 1000, intervalMs: 1000 });
      const events: TikrxEvent[] = [];
      const client = clientFor(faulty, { limiter, onEvent: (e) => events.push(e) });
      const videos: Video[] = [];
      let checkpoint: ResearchCheckpoint | undefined;
      // At 20% faults a day can fail its tries and be left as a gap: the documented recovery
      // is a resume from the checkpoint, which fetches only the gap days.
      for (let run = 0; run < 5; run++) {
        const error = await new Promise<unknown>((resolve) => {
          client
            // Small pages: several hundred requests, so every fault kind comes up.
            .queryVideos({
              query,
              ...range,
              concurrency: 8,
              maxCount: 20,
              ...(checkpoint === undefined ? {} : { checkpoint }),
              onCheckpoint: (c) => {
                checkpoint = c;
              },
            })
            .subscribe({
              next: (v) => videos.push(v),
              error: resolve,
              complete: () => resolve(undefined),
            });
        });
        if (error === undefined) break;
        expect(checkpoint?.gaps?.length ?? 0, String(error)).toBeGreaterThan(0);
      }
      expect(ids(videos)).toEqual([...faulty.expected.research({ query, ...range })].sort());
      const faults = faulty.stats().faults;
      for (const kind of FAULT_KINDS) expect(faults[kind] ?? 0, kind).toBeGreaterThan(0);
      expect(faults['window-500'] ?? 0).toBeGreaterThan(0);
      expect(events.some((e) => e.type === 'token' && e.reason === 'rejected')).toBe(true);
    } finally {
      await faulty.close();
    }
  });

  it('resumes a crawl killed mid-way from its checkpoint: the expected set, nothing twice, one page again at most per open window', async () => {
    const checkpoints: ResearchCheckpoint[] = [];
    const client = clientFor(sim);
    const first = await lastValueFrom(
      client
        .queryVideos({ query, ...range, concurrency: 3, onCheckpoint: (c) => checkpoints.push(c) })
        .pipe(take(250), toArray()),
    );
    const checkpoint = checkpoints.at(-1) as ResearchCheckpoint;
    expect(checkpoint.windows.length).toBeGreaterThan(0);
    const plain = JSON.parse(JSON.stringify(checkpoint)) as ResearchCheckpoint;
    sim.resetStats();
    const rest = await lastValueFrom(
      client.queryVideos({ query, ...range, concurrency: 3, checkpoint: plain }).pipe(toArray()),
    );
    const all = [...ids(first), ...ids(rest)].sort();
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual([...sim.expected.research({ query, ...range })].sort());
  });

  it('rejects a checkpoint of another query before any request', async () => {
    const checkpoints: ResearchCheckpoint[] = [];
    await lastValueFrom(
      clientFor(sim)
        .queryVideos({ query, ...range, onCheckpoint: (c) => checkpoints.push(c) })
        .pipe(take(5), toArray()),
    );
    sim.resetStats();
    const other = q.query(q.and(q.eq('hashtag_name', 'dog')));
    await expect(
      lastValueFrom(
        clientFor(sim).queryVideos({ query: other, ...range, checkpoint: checkpoints.at(-1)! }),
      ),
    ).rejects.toMatchObject({ kind: 'bad_request' });
    expect(sim.stats().requests).toBe(0);
  });

  describe('bad input fails with bad_request and sends nothing', () => {
    const cases: Array<
      [string, () => ReturnType<ReturnType<typeof createResearchClient>['queryVideos']>]
    > = [
      ['maxCount 0', () => clientFor(sim).queryVideos({ query, ...range, maxCount: 0 })],
      ['maxCount 101', () => clientFor(sim).queryVideos({ query, ...range, maxCount: 101 })],
      [
        'end before start',
        () =>
          clientFor(sim).queryVideos({ query, startDate: range.endDate, endDate: range.startDate }),
      ],
      [
        'unknown field',
        () => clientFor(sim).queryVideos({ query, ...range, fields: ['id', 'nope' as 'id'] }),
      ],
      [
        'unknown operation',
        () =>
          clientFor(sim).queryVideos({
            query: {
              and: [{ field_name: 'keyword', operation: 'LIKE' as 'EQ', field_values: ['x'] }],
            },
            ...range,
          }),
      ],
      [
        'unknown condition field',
        () =>
          clientFor(sim).queryVideos({
            query: {
              and: [{ field_name: 'title' as 'keyword', operation: 'EQ', field_values: ['x'] }],
            },
            ...range,
          }),
      ],
      [
        'malformed date',
        () =>
          clientFor(sim).queryVideos({ query, startDate: '2024-13-01', endDate: range.endDate }),
      ],
      [
        'malformed create_date value',
        () =>
          clientFor(sim).queryVideos({
            query: {
              and: [{ field_name: 'create_date', operation: 'EQ', field_values: ['2024-01-01'] }],
            },
            ...range,
          }),
      ],
      [
        'unknown region code',
        () =>
          clientFor(sim).queryVideos({
            query: { and: [{ field_name: 'region_code', operation: 'IN', field_values: ['XX'] }] },
            ...range,
          }),
      ],
      [
        'missing credentials',
        () => createResearchClient({ baseUrl: sim.url }).queryVideos({ query, ...range }),
      ],
      ['empty username', () => clientFor(sim).repostedVideos('  ')],
      ['reposts maxCount 101', () => clientFor(sim).repostedVideos('someone', { maxCount: 101 })],
    ];
    for (const [name, make] of cases) {
      it(name, async () => {
        sim.resetStats();
        const stream = make();
        const error = await firstValueFrom(stream).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TikrxError);
        expect((error as TikrxError).kind).toBe('bad_request');
        expect(sim.stats().requests).toBe(0);
      });
    }
  });
});

describe('the daily quota against the simulator', () => {
  // A clock a moment before 00:00 UTC, shared by the simulator (its quota resets at its
  // midnight) and the client (it waits until then). It stands still until `run()`, then
  // moves in real time: however slow the machine, the quota is spent before midnight (a clock
  // running from the start could pass midnight first, and the client would then wait a day).
  const midnight = Date.UTC(2024, 0, 2);
  const clockNear = (msBefore: number) => {
    let runningSince: number | undefined;
    const now = () =>
      midnight - msBefore + (runningSince === undefined ? 0 : Date.now() - runningSince);
    const run = () => {
      runningSince ??= Date.now();
    };
    return { now, run };
  };
  const small = { query, maxCount: 20, concurrency: 1, windowDays: 3 };
  const pagesOf = async (sim: Simulator, dates: { startDate: string; endDate: string }) => {
    sim.resetStats();
    await lastValueFrom(
      clientFor(sim)
        .queryVideos({ ...small, ...dates })
        .pipe(toArray()),
    );
    return sim.stats().byEndpoint['research.video.query'] ?? 0;
  };

  it('waits for the reset at 00:00 UTC when asked, and then collects exactly the expected set', async () => {
    const counting = await startSimulator({ seed: 7, limits: { research: { perDay: 100_000 } } });
    const dates = {
      startDate: addDays(counting.dataset.lastDay, -2),
      endDate: counting.dataset.lastDay,
    };
    const pages = await pagesOf(counting, dates);
    await counting.close();
    expect(pages).toBeGreaterThanOrEqual(4);

    const { now, run } = clockNear(400);
    // Half the pages fit before midnight; the rest after the quota resets.
    const sim = await startSimulator({
      seed: 7,
      now,
      limits: { research: { perDay: Math.ceil(pages / 2) + 1 } },
    });
    try {
      const events: TikrxEvent[] = [];
      const videos = await lastValueFrom(
        clientFor(sim, {
          now,
          retry: { ...retry, waitForQuotaReset: true },
          onEvent: (e) => {
            events.push(e);
            // Refused for the quota: from now on the clock runs towards midnight.
            if (e.type === 'retry' && e.kind === 'quota_exhausted') run();
          },
        })
          .queryVideos({ ...small, ...dates })
          .pipe(toArray()),
      );
      expect(ids(videos)).toEqual([...sim.expected.research({ query, ...dates })].sort());
      expect(now()).toBeGreaterThanOrEqual(midnight);
      expect(events.some((e) => e.type === 'retry' && e.kind === 'quota_exhausted')).toBe(true);
    } finally {
      await sim.close();
    }
  });

  it('fails with quota_exhausted when not asked to wait, after the videos it was given', async () => {
    const { now } = clockNear(60_000);
    const sim = await startSimulator({ seed: 7, now, limits: { research: { perDay: 2 } } });
    try {
      const dates = { startDate: addDays(sim.dataset.lastDay, -2), endDate: sim.dataset.lastDay };
      const videos: Video[] = [];
      const error = await new Promise((resolve) => {
        clientFor(sim, { now })
          .queryVideos({ ...small, ...dates })
          .subscribe({
            next: (video) => videos.push(video),
            error: resolve,
            complete: () => resolve(undefined),
          });
      });
      expect(error).toBeInstanceOf(TikrxError);
      expect(error).toMatchObject({ kind: 'quota_exhausted', code: 'daily_quota_limit_exceeded' });
      // The two pages the quota allowed were delivered, and all of them are expected ids.
      const expected = new Set(sim.expected.research({ query, ...dates }));
      expect(videos.length).toBeGreaterThan(0);
      expect(videos.every((v) => expected.has(v.id))).toBe(true);
    } finally {
      await sim.close();
    }
  });
});

describe('repostedVideos against the simulator', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 11, limits: { research: { perDay: 100_000 } } });
  });
  afterAll(() => sim.close());

  const userWithReposts = () =>
    sim.dataset.creators().find((name) => sim.expected.reposts(name).length > 150) ??
    sim.dataset.creators().find((name) => sim.expected.reposts(name).length > 20)!;

  it('returns exactly the expected reposts', async () => {
    const username = userWithReposts();
    const videos = await lastValueFrom(clientFor(sim).repostedVideos(username).pipe(toArray()));
    expect(ids(videos)).toEqual([...sim.expected.reposts(username)].sort());
    expect(videos.every((v) => v.source === 'research')).toBe(true);
  });

  it('returns exactly the expected reposts with every fault injected', async () => {
    const faulty = await startSimulator({
      seed: 11,
      limits: { research: { perDay: 100_000 } },
      faults: { rate: 0.3, kinds: [...FAULT_KINDS], retryAfterSec: 0 },
    });
    try {
      const username = faulty.dataset
        .creators()
        .find((name) => faulty.expected.reposts(name).length > 20)!;
      const videos = await lastValueFrom(
        clientFor(faulty).repostedVideos(username, { maxCount: 10 }).pipe(toArray()),
      );
      expect(ids(videos)).toEqual([...faulty.expected.reposts(username)].sort());
    } finally {
      await faulty.close();
    }
  });

  it('resumes a reposts crawl from its checkpoint', async () => {
    const username = userWithReposts();
    const checkpoints: ResearchCheckpoint[] = [];
    const client = clientFor(sim);
    const first = await lastValueFrom(
      client
        .repostedVideos(username, { maxCount: 7, onCheckpoint: (c) => checkpoints.push(c) })
        .pipe(take(11), toArray()),
    );
    const rest = await lastValueFrom(
      client
        .repostedVideos(username, { maxCount: 7, checkpoint: checkpoints.at(-1)! })
        .pipe(toArray()),
    );
    const all = [...ids(first), ...ids(rest)].sort();
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual([...sim.expected.reposts(username)].sort());
  });
});
