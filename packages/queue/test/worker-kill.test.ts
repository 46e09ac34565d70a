import { q } from '@tikrx/research';
import { type Simulator, startSimulator } from '@tikrx/simulator';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueConnections } from '../src/connect.js';
import { submitCrawl } from '../src/submit-crawl.js';
import { storedIds, type WorkerProcess, waitFor } from './harness.js';
import { type QueueFixture, startQueueFixture } from './queue-fixture.js';

const query = q.query(q.and(q.in('hashtag_name', ['cat', 'cats', 'fyp'])));
const KILLS = 3;

describe('workers killed mid-window (SIGKILL, real Redis and PostgreSQL)', () => {
  let sim: Simulator;
  let queue: QueueFixture;
  let connections: QueueConnections;
  let pool: pg.Pool;
  let workers: WorkerProcess[];

  beforeAll(async () => {
    // Latency and small pages keep each window running for many pages, so there is a
    // "mid-window" to kill in.
    // No search warm-up (a simulator with latency has one by default): its refused pages are
    // requests too, and this test counts requests against the pages stored.
    sim = await startSimulator({ seed: 5, latencyMs: 25, quirks: { searchWarmupMs: 0 } });
    queue = await startQueueFixture(sim, 2);
    ({ connections, pool, workers } = queue);
  });
  afterAll(async () => {
    await queue.close();
    await sim.close();
  });

  it('loses no video and stores none twice; the job is taken over from its last page', async () => {
    const from = sim.dataset.firstDay;
    const to = sim.dataset.lastDay;
    await submitCrawl(connections, {
      kind: 'research.videos',
      query,
      from,
      to,
      windowDays: 15,
      maxCount: 20,
    });

    const killed: Array<{ jobId: string; pages: number }> = [];
    for (let kill = 0; kill < KILLS; kill++) {
      const atPage = 4 + Math.floor(Math.random() * 6);
      const victim = await waitFor(`a window past page ${atPage}`, async () => {
        const active = await connections.windows.getJobs(['active']);
        const job = active.find(
          (candidate) =>
            candidate.data.pages >= atPage &&
            workers.some(
              (worker) =>
                worker.child.exitCode === null &&
                `${worker.pid}` === candidate.data.worker?.split(':')[1],
            ),
        );
        return job;
      });
      const worker = workers.find((w) => `${w.pid}` === victim.data.worker?.split(':')[1])!;
      worker.child.kill('SIGKILL');
      await worker.exited;
      killed.push({ jobId: victim.id!, pages: victim.data.pages });
      workers.push(await queue.spawnWorker());
    }

    const run = await waitFor('the run to finish', async () => {
      const result = await pool.query(
        "SELECT status, failed_windows FROM crawl_runs WHERE status <> 'running'",
      );
      return result.rows[0];
    });
    expect(run).toEqual({ status: 'done', failed_windows: 0 });

    const expected = sim.expected.research({ query, startDate: from, endDate: to }).sort();
    const stored = await storedIds(pool);
    expect(stored.rows).toBe(expected.length);
    expect(stored.ids).toEqual(expected);

    // Each killed window was finished by another worker, which went on from the stored
    // checkpoint: it reports at least the pages stored before the kill, not a fresh count.
    for (const { jobId, pages } of killed) {
      const job = await connections.windows.getJob(jobId);
      expect(await job?.getState()).toBe('completed');
      expect(job?.returnvalue.pages).toBeGreaterThan(pages);
      expect(job?.data.worker).not.toBeUndefined();
    }
    // Resumed, not restarted: a restart would fetch each killed window's first 4+ pages again.
    const windowJobs = await connections.windows.getJobs(['completed']);
    const pagesStored = windowJobs.reduce((sum, job) => sum + job.returnvalue.pages, 0);
    const requests = sim.stats().byEndpoint;
    expect(requests['research.video.query']).toBeGreaterThanOrEqual(pagesStored);
    expect(requests['research.video.query']).toBeLessThanOrEqual(pagesStored + 2 * KILLS);
  });
});
