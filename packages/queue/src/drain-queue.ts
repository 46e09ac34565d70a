import type { QueueConnections } from './connect.js';

/** What `drainQueue` removed. */
export interface DrainResult {
  schedulers: number;
  /** Plan, run and window jobs that had not started. */
  jobs: number;
}

/**
 * Stops all crawls that have not started: removes every job scheduler (recurring crawls),
 * the runs waiting for their windows, and the waiting and delayed jobs of both queues.
 * Windows already running finish (their videos are kept); history (done and failed jobs,
 * `crawl_runs`) stays for `status`.
 */
export async function drainQueue(connections: QueueConnections): Promise<DrainResult> {
  const { crawls, windows } = connections;
  let schedulers = 0;
  for (const scheduler of await crawls.getJobSchedulers()) {
    if (await crawls.removeJobScheduler(scheduler.key)) schedulers += 1;
  }
  const before =
    (await crawls.getJobCountByTypes('waiting', 'delayed', 'prioritized', 'waiting-children')) +
    (await windows.getJobCountByTypes('waiting', 'delayed', 'prioritized'));
  // Runs first, with their windows, so no run is left waiting for windows that are gone.
  for (const run of await crawls.getJobs(['waiting-children'])) {
    await run?.remove({ removeChildren: true }).catch(() => {
      // A run with a window still running cannot be removed; it finishes on its own.
    });
  }
  await crawls.drain(true);
  await windows.drain(true);
  const after =
    (await crawls.getJobCountByTypes('waiting', 'delayed', 'prioritized', 'waiting-children')) +
    (await windows.getJobCountByTypes('waiting', 'delayed', 'prioritized'));
  return { schedulers, jobs: before - after };
}
