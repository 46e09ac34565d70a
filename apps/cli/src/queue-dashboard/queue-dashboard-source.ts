import type { QueueConnections } from '@tikrx/queue';
import { defer, exhaustMap, from, mergeMap, type Observable, takeWhile, timer } from 'rxjs';
import type { DashboardInput } from '../dashboard/dashboard-state.js';
import { createQueueDashboardMemory, queueDashboardInputs } from './queue-dashboard-inputs.js';
import { type QueueSnapshot, readQueueSnapshot } from './queue-snapshot.js';

/** How `queueDashboardSource` reads the queue. */
export interface QueueDashboardSourceOptions {
  /** The crawl to show; absent: the crawl whose window was queued last (then kept). */
  crawlId?: string;
  /** Between two readings of Redis and PostgreSQL. Default 1 s. */
  intervalMs?: number;
  /** Between two counts of the collected videos by day, hashtag and creator. Default 10 s. */
  collectedEveryMs?: number;
  /** Clock in epoch ms, for tests. */
  now?: () => number;
}

const DEFAULT_INTERVAL_MS = 1_000;
const DEFAULT_COLLECTED_EVERY_MS = 10_000;

/**
 * A queued crawl as dashboard inputs, read from the queue's own stores once a second.
 *
 * Why polling and not BullMQ's `QueueEvents`: the page needs the whole state when it opens
 * (which `QueueEvents` does not give: it streams changes, from now), and most of what it shows
 * has no event at all (PostgreSQL's video count and runs, the quota counter, the workers). A
 * reading is a handful of Redis commands on job ids and two indexed queries, and it recovers by
 * itself after Redis or PostgreSQL restarts; a change shows within a second, which is what a
 * person watching needs. The stream completes once a one-off crawl's run ended.
 */
export function queueDashboardSource(
  connections: QueueConnections,
  options: QueueDashboardSourceOptions = {},
): Observable<DashboardInput> {
  const now = options.now ?? Date.now;
  return defer(() => {
    const memory = createQueueDashboardMemory();
    let crawlId = options.crawlId;
    let collectedAt = Number.NEGATIVE_INFINITY;
    let lastError: string | undefined;
    const read = async (): Promise<DashboardInput[]> => {
      const at = now();
      const withCollected =
        at - collectedAt >= (options.collectedEveryMs ?? DEFAULT_COLLECTED_EVERY_MS);
      let snapshot: QueueSnapshot;
      try {
        snapshot = await readQueueSnapshot(connections, {
          ...(crawlId === undefined ? {} : { crawlId }),
          withCollected,
          now: at,
        });
      } catch (error) {
        // One notice per distinct failure, not one a second while Redis is down.
        const message = `cannot read the queue: ${(error as Error).message}`;
        if (message === lastError) return [];
        lastError = message;
        return [{ type: 'notice', notice: { at, level: 'error', text: message } }];
      }
      lastError = undefined;
      if (withCollected && snapshot.collected !== undefined) collectedAt = at;
      // Once a crawl is chosen, the page stays on it.
      crawlId ??= snapshot.crawlId;
      return queueDashboardInputs(memory, snapshot);
    };
    return timer(0, options.intervalMs ?? DEFAULT_INTERVAL_MS).pipe(
      // A slow reading (Redis reconnecting) skips ticks rather than piling readings up.
      exhaustMap(() => from(read())),
      mergeMap((inputs) => inputs),
      takeWhile((input) => input.type !== 'finish', true),
    );
  });
}
