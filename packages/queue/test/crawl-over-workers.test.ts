import { q } from '@tikrx/research';
import { type Simulator, startSimulator } from '@tikrx/simulator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect, type QueueConnections } from '../src/connect.js';
import { readQueueStatus } from '../src/queue-status.js';
import { submitCrawl } from '../src/submit-crawl.js';
import { freshDatabase, freshPrefix } from './fresh.js';
import { spawnWorker, stopWorkers, storedIds, type WorkerProcess, waitFor } from './harness.js';

const query = q.query(q.and(q.in('hashtag_name', ['cat', 'cats', 'fyp'])));

describe('a 90-day crawl over three worker processes (real Redis and PostgreSQL)', () => {
  let sim: Simulator;
  let connections: QueueConnections;
  let pool: pg.Pool;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ seed: 3 });
    const databaseUrl = await freshDatabase();
    const config = { redisUrl: inject('redisUrl'), databaseUrl, prefix: freshPrefix() };
    connections = connect(config);
    pool = new pg.Pool({ connectionString: databaseUrl });
    workers.push(
      ...(await Promise.all([1, 2, 3].map(() => spawnWorker({ ...config, baseUrl: sim.url })))),
    );
  });
  afterAll(async () => {
    await stopWorkers(workers);
    await connections.close();
    await pool.end();
    await sim.close();
  });

  it('stores exactly the expected ids, each once, and status reports every window done', async () => {
    const from = sim.dataset.firstDay;
    const to = sim.dataset.lastDay;
    const { crawlId } = await submitCrawl(
      connections,
      { kind: 'research.videos', query, from, to, windowDays: 9 },
      { owner: 'ana' },
    );
    const run = await waitFor('the run to finish', async () => {
      const result = await pool
        .query("SELECT status, windows, failed_windows FROM crawl_runs WHERE status <> 'running'")
        .catch(() => undefined);
      return result?.rows[0];
    });
    expect(run).toEqual({ status: 'done', windows: 10, failed_windows: 0 });

    const expected = sim.expected.research({ query, startDate: from, endDate: to }).sort();
    const stored = await storedIds(pool);
    expect(stored.rows).toBe(expected.length);
    expect(stored.ids).toEqual(expected);

    const status = await readQueueStatus(connections);
    expect(status.crawls).toEqual([
      expect.objectContaining({
        crawlId,
        owner: 'ana',
        windows: { done: 10, running: 0, waiting: 0, delayed: 0, gaps: 0 },
        videos: expected.length,
        lastRun: expect.objectContaining({ status: 'done', coversUntil: to }),
      }),
    ]);
    expect(status.workers).toBe(3);
    // Every window ran in some worker; with three processes and ten windows, more than one did work.
    const windowJobs = await connections.windows.getJobs(['completed']);
    const byWorker = new Set(windowJobs.map((job) => job.data.worker?.split(':')[1]));
    expect(byWorker.size).toBeGreaterThan(1);
  });
});
