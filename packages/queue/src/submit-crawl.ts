import { randomBytes } from 'node:crypto';
import { badRequest } from '@tikrx/core/internal';
import type { QueueConnections } from './connect.js';
import type { CrawlSpec, PlanJobData } from './job-data.js';
import { parseEvery } from './parse-every.js';
import { validateSpec } from './validate-spec.js';

/** How a crawl is submitted. */
export interface SubmitCrawlOptions {
  /** Who asked (shown by `status`); default `anonymous`. */
  owner?: string;
  /** Letters, digits, `_` and `-`; default a random id. Submitting an id again replaces its schedule. */
  crawlId?: string;
  /** Run again on this interval (`1h`, `15m`, or ms), each run catching up from the last one. */
  every?: string | number;
}

/** What was queued. */
export interface SubmittedCrawl {
  crawlId: string;
  /** The interval in ms, for a recurring crawl. */
  everyMs?: number;
}

/**
 * Queues a crawl: a `plan` job that a worker turns into a run (a BullMQ flow: one parent job,
 * one child job per window). With `every`, a BullMQ job scheduler queues that plan job on the
 * interval. The spec is checked first: bad input is a `bad_request` and nothing is queued.
 */
export async function submitCrawl(
  connections: QueueConnections,
  spec: CrawlSpec,
  options: SubmitCrawlOptions = {},
): Promise<SubmittedCrawl> {
  const checked = validateSpec(spec);
  const crawlId = options.crawlId ?? `c${randomBytes(5).toString('hex')}`;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(crawlId)) {
    throw badRequest('crawlId must be 1 to 64 letters, digits, "_" or "-"');
  }
  const data: PlanJobData = { crawlId, owner: options.owner ?? 'anonymous', spec: checked };
  if (options.every === undefined) {
    await connections.crawls.add('plan', data, {
      jobId: `plan.${crawlId}`,
      attempts: 5,
      backoff: { type: 'exponential', delay: 2_000 },
    });
    return { crawlId };
  }
  const everyMs = parseEvery(options.every);
  // Job schedulers, not `repeat` (which BullMQ 6 ignores): one scheduler per crawl id.
  await connections.crawls.upsertJobScheduler(
    `crawl.${crawlId}`,
    { every: everyMs },
    {
      name: 'plan',
      data,
      opts: { attempts: 5, backoff: { type: 'exponential', delay: 2_000 } },
    },
  );
  return { crawlId, everyMs };
}
