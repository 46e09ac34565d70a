import { q } from '@tikrx/research';
import { type Simulator, startSimulator } from '@tikrx/simulator';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueConnections } from '../src/connect.js';
import { readQueueStatus } from '../src/queue-status.js';
import { readQuotaUsage } from '../src/redis-quota.js';
import { submitCrawl } from '../src/submit-crawl.js';
import { waitFor } from './harness.js';
import { type QueueFixture, startQueueFixture } from './queue-fixture.js';

const QUOTA = 25;
/**
 * Real time until the shared clock's 00:00 UTC: long enough to start the workers and spend the
 * quota first, even on a loaded machine (the test cannot pass, only time out, if it is not).
 */
const UNTIL_RESET_MS = 75_000;
const DAY_MS = 86_400_000;

describe('two crawls by two users share one daily quota (real Redis and PostgreSQL)', () => {
  let sim: Simulator;
  let queue: QueueFixture;
  let connections: QueueConnections;
  let config: QueueFixture['config'];
  let pool: pg.Pool;
  let offsetMs: number;
  let resetAtRealMs: number;

  beforeAll(async () => {
    // Every clock (workers' quota, the simulator's own daily limit) runs `offsetMs` ahead, so
    // that its 00:00 UTC comes UNTIL_RESET_MS from now.
    const realNow = Date.now();
    const sharedMidnight = (Math.floor(realNow / DAY_MS) + 10) * DAY_MS;
    offsetMs = sharedMidnight - (realNow + UNTIL_RESET_MS);
    resetAtRealMs = realNow + UNTIL_RESET_MS;
    // The simulator enforces the same daily quota on the same clock: one request over it
    // would come back as a 429 and count in `limited`.
    sim = await startSimulator({
      seed: 7,
      now: () => Date.now() + offsetMs,
      limits: { research: { perDay: QUOTA } },
    });
    queue = await startQueueFixture(sim, 2, { quotaPerDay: QUOTA, clockOffsetMs: offsetMs });
    ({ connections, pool, config } = queue);
  });
  afterAll(async () => {
    await queue.close();
    await sim.close();
  });

  it('never spends more than the quota; the crawl that finds it spent waits for 00:00 UTC, then finishes', async () => {
    const dates = { from: '20230101', to: '20230130', windowDays: 10, maxCount: 20 };
    const cats = q.query(q.and(q.eq('hashtag_name', 'cat')));
    const dogs = q.query(q.and(q.eq('hashtag_name', 'dog')));
    const first = await submitCrawl(
      connections,
      { kind: 'research.videos', query: cats, ...dates },
      { owner: 'ana', crawlId: 'ana-cats' },
    );
    const second = await submitCrawl(
      connections,
      { kind: 'research.videos', query: dogs, ...dates },
      { owner: 'ben', crawlId: 'ben-dogs' },
    );

    // Before the reset: the quota is spent and one crawl's windows are delayed, not failed.
    // Which one waits depends on which plan a worker took first, so the test follows whichever.
    const waiting = await waitFor('a crawl to wait for the reset', async () => {
      const status = await readQueueStatus(connections, Date.now() + offsetMs);
      return status.crawls.some((crawl) => crawl.windows.delayed > 0) ? status : undefined;
    });
    expect(Date.now()).toBeLessThan(resetAtRealMs);
    expect(waiting.quota[0]).toMatchObject({ usedToday: QUOTA, limit: QUOTA });
    const waiter = waiting.crawls.find((crawl) => crawl.windows.delayed > 0)!;
    expect([first.crawlId, second.crawlId]).toContain(waiter.crawlId);
    expect(waiter.windows.gaps).toBe(0);

    const runs = await waitFor('both runs to finish', async () => {
      const result = await pool.query<{ crawl_id: string; status: string; finished_at: Date }>(
        "SELECT crawl_id, status, finished_at FROM crawl_runs WHERE status <> 'running' ORDER BY crawl_id",
      );
      return result.rows.length === 2 ? result.rows : undefined;
    });
    expect(runs.map((run) => [run.crawl_id, run.status])).toEqual([
      [first.crawlId, 'done'],
      [second.crawlId, 'done'],
    ]);
    const waiterRun = runs.find((run) => run.crawl_id === waiter.crawlId)!;
    expect(waiterRun.finished_at.getTime()).toBeGreaterThanOrEqual(resetAtRealMs);

    // The simulator refused nothing: no request ever went over its quota of the day.
    expect(sim.stats().limited).toBe(0);
    const dayBefore = await readQuotaUsage(
      connections.redis,
      config.prefix,
      'research',
      resetAtRealMs + offsetMs - 1,
    );
    expect(dayBefore.usedToday).toBe(QUOTA);

    for (const [crawlId, query] of [
      [first.crawlId, cats],
      [second.crawlId, dogs],
    ] as const) {
      const stored = await pool.query<{ video_id: string }>(
        'SELECT video_id FROM crawl_videos WHERE crawl_id = $1',
        [crawlId],
      );
      expect(stored.rows.map((row) => row.video_id).sort()).toEqual(
        sim.expected.research({ query, startDate: dates.from, endDate: dates.to }).sort(),
      );
    }
  }, 240_000);
});
