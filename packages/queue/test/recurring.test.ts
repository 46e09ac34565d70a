import { q } from '@tikrx/research';
import { SIMULATOR_CREDENTIALS, type Simulator, startSimulator } from '@tikrx/simulator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect, type QueueConnections } from '../src/connect.js';
import { drainQueue } from '../src/drain-queue.js';
import { type QueueWorker, startQueueWorker } from '../src/start-worker.js';
import { submitCrawl } from '../src/submit-crawl.js';
import { freshDatabase, freshPrefix } from './fresh.js';
import { storedIds, waitFor } from './harness.js';

const query = q.query(q.and(q.in('hashtag_name', ['cat', 'cats'])));

describe('a recurring crawl (job scheduler, real Redis and PostgreSQL)', () => {
  let sim: Simulator;
  let connections: QueueConnections;
  let pool: pg.Pool;
  let worker: QueueWorker;
  // The worker's clock: where "today" is for run planning.
  let nowMs = Date.UTC(2023, 1, 10, 12, 0, 0);

  beforeAll(async () => {
    sim = await startSimulator({ seed: 11 });
    const databaseUrl = await freshDatabase();
    const config = { redisUrl: inject('redisUrl'), databaseUrl, prefix: freshPrefix() };
    connections = connect(config);
    pool = new pg.Pool({ connectionString: databaseUrl });
    worker = await startQueueWorker({
      ...config,
      research: { ...SIMULATOR_CREDENTIALS, baseUrl: sim.url },
      now: () => nowMs,
      lockDurationMs: 2_000,
      stalledIntervalMs: 1_000,
    });
  });
  afterAll(async () => {
    await worker.close();
    await connections.close();
    await pool.end();
    await sim.close();
  });

  const finishedRuns = () =>
    pool.query<{ start_day: string; end_day: string; covers_until: string; status: string }>(
      `SELECT to_char(start_day, 'YYYYMMDD') AS start_day, to_char(end_day, 'YYYYMMDD') AS end_day,
              to_char(covers_until, 'YYYYMMDD') AS covers_until, status
         FROM crawl_runs WHERE status <> 'running' ORDER BY start_day`,
    );

  it("each run fetches only the days since the last one (today's partial day again)", async () => {
    await submitCrawl(
      connections,
      { kind: 'research.videos', query, from: '20230201', windowDays: 5 },
      { crawlId: 'monitor-cats', every: '1h' },
    );
    await waitFor('the first run', async () =>
      (await finishedRuns()).rowCount === 1 ? 1 : undefined,
    );
    expect((await finishedRuns()).rows).toEqual([
      { start_day: '20230201', end_day: '20230210', covers_until: '20230209', status: 'done' },
    ]);

    // Five days later the scheduler's next tick comes (promoted here instead of waiting an hour).
    nowMs = Date.UTC(2023, 1, 15, 12, 0, 0);
    sim.resetStats();
    const [next] = await connections.crawls.getJobs(['delayed']);
    expect(next?.name).toBe('plan');
    await next!.promote();
    await waitFor('the second run', async () =>
      (await finishedRuns()).rowCount === 2 ? 1 : undefined,
    );
    expect((await finishedRuns()).rows[1]).toEqual({
      start_day: '20230210',
      end_day: '20230215',
      covers_until: '20230214',
      status: 'done',
    });
    // What the second run was served is the new days' videos, not the first run's again.
    const newDays = sim.expected.research({ query, startDate: '20230210', endDate: '20230215' });
    expect(sim.stats().videosServed).toBe(newDays.length);

    const all = sim.expected.research({ query, startDate: '20230201', endDate: '20230215' }).sort();
    expect((await storedIds(pool)).ids).toEqual(all);
    expect(await drainQueue(connections)).toMatchObject({ schedulers: 1 });
    expect(await connections.crawls.getJobSchedulersCount()).toBe(0);
  });
});
