import { q } from '@tikrx/research';
import { type Simulator, startSimulator } from '@tikrx/simulator';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueConnections } from '../src/connect.js';
import { readQueueStatus } from '../src/queue-status.js';
import { submitCrawl } from '../src/submit-crawl.js';
import { storedIds, waitFor } from './harness.js';
import { type QueueFixture, startQueueFixture } from './queue-fixture.js';

const query = q.query(q.and(q.in('hashtag_name', ['cat', 'cats', 'fyp'])));

describe('a 90-day crawl over three worker processes (real Redis and PostgreSQL)', () => {
  let sim: Simulator;
  let queue: QueueFixture;
  let connections: QueueConnections;
  let pool: pg.Pool;

  beforeAll(async () => {
    sim = await startSimulator({ seed: 3 });
    queue = await startQueueFixture(sim, 3);
    ({ connections, pool } = queue);
  });
  afterAll(async () => {
    await queue.close();
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
