import { q } from '@tikrx/research';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect, type QueueConnections, WINDOWS_QUEUE } from '../src/connect.js';
import type { CrawlSpec, WindowJobData, WindowResult } from '../src/job-data.js';
import { listQueueWindows } from '../src/queue-windows.js';
import { freshDatabase, freshPrefix } from './fresh.js';
import { waitFor } from './harness.js';

const spec: CrawlSpec = {
  kind: 'research.videos',
  query: q.query(q.and(q.in('hashtag_name', ['cat']))),
  from: '20230101',
  to: '20230112',
};

function windowJob(crawlId: string, start: string, end: string): WindowJobData {
  return {
    crawlId,
    owner: 'ana',
    spec,
    runId: `${crawlId}.run`,
    window: { start, end },
    pages: 0,
    videos: 0,
  };
}

/** Window jobs put in each state by a real BullMQ worker on a real Redis (no crawl). */
describe('listQueueWindows (real Redis)', () => {
  let connections: QueueConnections;
  let worker: Worker<WindowJobData, WindowResult>;
  let releaseRunning: () => void = () => {};
  let workerRedis: Redis | undefined;

  beforeAll(async () => {
    connections = connect({
      redisUrl: inject('redisUrl'),
      databaseUrl: await freshDatabase(),
      prefix: freshPrefix(),
    });
  });
  afterAll(async () => {
    releaseRunning();
    await worker?.close(true);
    await workerRedis?.quit();
    await connections.close();
  });

  it('lists each window of a crawl with its range, state, progress and last error', async () => {
    const { windows } = connections;
    const add = (crawlId: string, start: string, end: string, delay?: number) =>
      windows.add('window', windowJob(crawlId, start, end), {
        jobId: `${crawlId}.run.w${start}-${end}`,
        attempts: 2,
        backoff: { type: 'fixed', delay: 60_000 },
        ...(delay === undefined ? {} : { delay }),
      });
    // Processed by the worker below: w1 done, w2 fails once (then waits a minute: retrying),
    // w3 fails for good (a gap), w4 stays running until the test ends.
    await add('cats', '20230101', '20230103');
    await add('cats', '20230104', '20230106');
    await add('cats', '20230107', '20230109');
    await add('cats', '20230110', '20230112');
    // Another crawl's window, delayed by a minute: not started while the test runs.
    await add('dogs', '20230101', '20230105', 60_000);
    const running = new Promise<void>((resolve) => {
      releaseRunning = resolve;
    });
    workerRedis = connections.redis.duplicate();
    worker = new Worker<WindowJobData, WindowResult>(
      WINDOWS_QUEUE,
      async (job: Job<WindowJobData, WindowResult>) => {
        const start = job.data.window?.start;
        if (start === '20230101') {
          await job.updateData({ ...job.data, pages: 3, videos: 250, worker: 'host:1' });
          return { pages: 3, videos: 250 };
        }
        if (start === '20230104') throw new Error('socket hang up (network)');
        if (start === '20230107') throw new UnrecoverableError('query rejected (bad_request)');
        await job.updateData({ ...job.data, pages: 1, videos: 100, worker: 'host:2' });
        await running;
        return { pages: 2, videos: 180 };
      },
      { connection: workerRedis, prefix: connections.prefix, concurrency: 4 },
    );

    const listed = await waitFor('every cats window to settle', async () => {
      const list = await listQueueWindows(connections, { crawlId: 'cats' });
      const states = list.map((window) => window.state).join(' ');
      const runningHasPage = list.find((window) => window.state === 'running')?.pages === 1;
      return states === 'done retrying gap running' && runningHasPage ? list : undefined;
    });
    expect(
      listed.map(({ window, state, pages, videos, failedAttempts }) => ({
        window,
        state,
        pages,
        videos,
        failedAttempts,
      })),
    ).toEqual([
      {
        window: { start: '20230101', end: '20230103' },
        state: 'done',
        pages: 3,
        videos: 250,
        failedAttempts: 0,
      },
      {
        window: { start: '20230104', end: '20230106' },
        state: 'retrying',
        pages: 0,
        videos: 0,
        failedAttempts: 1,
      },
      {
        window: { start: '20230107', end: '20230109' },
        state: 'gap',
        pages: 0,
        videos: 0,
        failedAttempts: 1,
      },
      {
        window: { start: '20230110', end: '20230112' },
        state: 'running',
        pages: 1,
        videos: 100,
        failedAttempts: 0,
      },
    ]);
    expect(listed[1]?.lastError).toBe('socket hang up (network)');
    expect(listed[2]?.lastError).toBe('query rejected (bad_request)');
    expect(listed[3]?.worker).toBe('host:2');
    expect(listed.every((window) => window.crawlId === 'cats' && window.owner === 'ana')).toBe(
      true,
    );

    // Without a crawl id: every crawl's windows.
    const all = await listQueueWindows(connections);
    expect(all.map((window) => window.crawlId).sort()).toEqual([
      'cats',
      'cats',
      'cats',
      'cats',
      'dogs',
    ]);
    releaseRunning();
    const finished = await waitFor('the running window to finish', async () => {
      const list = await listQueueWindows(connections, { crawlId: 'cats' });
      return list[3]?.state === 'done' ? list[3] : undefined;
    });
    // A finished window reports what it returned.
    expect(finished).toMatchObject({ pages: 2, videos: 180 });
    expect(finished.finishedAt).toBeGreaterThan(0);
  });
});
