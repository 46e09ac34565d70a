import { type Simulator, startSimulator } from '@tikrx/simulator';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueConnections } from '../src/connect.js';
import { submitCrawl } from '../src/submit-crawl.js';
import { type WorkerProcess, waitFor } from './harness.js';
import { type QueueFixture, startQueueFixture } from './queue-fixture.js';

describe('a comments crawl over 2 workers, one SIGKILLed mid-crawl (real Redis and PostgreSQL)', () => {
  let sim: Simulator;
  let queue: QueueFixture;
  let connections: QueueConnections;
  let pool: pg.Pool;
  let workers: WorkerProcess[];

  beforeAll(async () => {
    sim = await startSimulator({ seed: 3, latencyMs: 20 });
    queue = await startQueueFixture(sim, 2);
    ({ connections, pool, workers } = queue);
  });
  afterAll(async () => {
    await queue.close();
    await sim.close();
  });

  it('stores exactly the expected comment ids, once each; the job resumes from its last page', async () => {
    const videoIds = Array.from({ length: 40 }, (_, index) => sim.dataset.video(index * 11).id);
    const expected = videoIds.flatMap((id) => sim.expected.comments(id)).sort();
    expect(expected.length).toBeGreaterThan(400);
    const { crawlId } = await submitCrawl(connections, {
      kind: 'research.comments',
      videoIds,
      maxCount: 20,
      concurrency: 2,
    });

    const atPage = 4 + Math.floor(Math.random() * 6);
    const victim = await waitFor(`the comments job past page ${atPage}`, async () => {
      const [job] = await connections.windows.getJobs(['active']);
      return job !== undefined && job.data.pages >= atPage ? job : undefined;
    });
    const pagesAtKill = victim.data.pages;
    const worker = workers.find((w) => `${w.pid}` === victim.data.worker?.split(':')[1])!;
    worker.child.kill('SIGKILL');
    await worker.exited;

    const run = await waitFor('the run to finish', async () => {
      const result = await pool.query(
        "SELECT status, failed_windows FROM crawl_runs WHERE status <> 'running'",
      );
      return result.rows[0];
    });
    expect(run).toEqual({ status: 'done', failed_windows: 0 });

    const stored = await pool.query<{ id: string }>('SELECT id FROM comments ORDER BY id');
    expect(stored.rowCount).toBe(expected.length);
    expect(stored.rows.map((row) => row.id)).toEqual(expected);
    const linked = await pool.query(
      "SELECT count(*)::int AS n FROM crawl_records WHERE crawl_id = $1 AND kind = 'comments'",
      [crawlId],
    );
    expect(linked.rows[0].n).toBe(expected.length);

    // The other worker went on from the stored checkpoint: its count continues the killed
    // one's, and a restart would have asked for the first pages again.
    const job = await connections.windows.getJob(victim.id!);
    expect(await job?.getState()).toBe('completed');
    expect(job?.returnvalue.pages).toBeGreaterThan(pagesAtKill);
    expect(job?.data.worker?.split(':')[1]).not.toBe(`${worker.pid}`);
    const requests = sim.stats().byEndpoint['research.video.comment.list'] ?? 0;
    const pages = job?.returnvalue.pages as number;
    // Asked for again: at most the page being stored at the kill and the page each of the
    // job's 2 open videos had in flight.
    expect(requests).toBeGreaterThanOrEqual(pages);
    expect(requests).toBeLessThanOrEqual(pages + 1 + 2);
  });
});
