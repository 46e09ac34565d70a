import { hostname } from 'node:os';
import { isTikrxError } from '@tikrx/core';
import { type Gate, subscribeWithDemand } from '@tikrx/operators';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import type { Pool } from 'pg';
import { tap } from 'rxjs';
import { type CrawlClients, crawlStream, recordKindOfSpec } from './crawl-stream.js';
import { nextUtcMidnightMs } from './days.js';
import type { WindowJobData, WindowResult } from './job-data.js';
import { upsertRecords } from './upsert-records.js';

/** What a window job needs from its worker. */
export interface WindowContext {
  pool: Pool;
  /** The worker's clients, one per API it holds credentials for. */
  clients: CrawlClients;
  /** The quota's clock (the reset is its next 00:00 UTC). */
  now: () => number;
  /** Extra wait after the reset, so all delayed jobs do not start in the same millisecond. */
  resetJitterMs?: number;
}

/** Errors that another attempt cannot fix: the job fails at once instead of retrying. */
const UNRECOVERABLE = new Set(['bad_request', 'auth', 'forbidden', 'not_found']);

const WORKER_ID = `${hostname()}:${process.pid}`;

/** Pages whose store may still be under way when the next page is requested. */
const STORES_AHEAD = 1;

/**
 * Runs one window job: the client resumes from the checkpoint the job holds, and after every
 * page its records are upserted into PostgreSQL and then the page's checkpoint is stored in the
 * job, in that order, so that a worker killed at any moment leaves a checkpoint whose records
 * are all in the database; the worker that takes the job over fetches at most that page again.
 * Records that came without a checkpoint after them (a playlist: one answer) are stored when
 * the stream completes. A spent Research quota moves the job to `delayed` until 00:00 UTC
 * instead of failing it.
 */
export async function processWindow(
  job: Job<WindowJobData, WindowResult>,
  token: string | undefined,
  context: WindowContext,
): Promise<WindowResult> {
  const data = job.data;
  let pages = data.pages;
  let videos = data.videos;
  const kind = recordKindOfSpec(data.spec);
  const source = { crawlId: data.crawlId, runId: data.runId };
  let pending: object[] = [];
  let stored = Promise.resolve();
  let storesPending = 0;
  let storeError: unknown;

  const onCheckpoint = (checkpoint: unknown) => {
    const batch = pending;
    pending = [];
    pages += 1;
    videos += batch.length;
    const next: WindowJobData = { ...data, checkpoint, pages, videos, worker: WORKER_ID };
    storesPending += 1;
    stored = stored.then(async () => {
      try {
        if (storeError !== undefined) return;
        await upsertRecords(context.pool, kind, batch, source);
        await job.updateData(next);
      } catch (error) {
        storeError = error;
      } finally {
        storesPending -= 1;
      }
    });
  };

  // The next page may be requested while one page is being stored (its round trips then
  // hide behind the API's latency), not while two are: a worker killed at any moment leaves
  // a checkpoint behind what it fetched by at most that page and the requests in flight (one
  // per window the client has open).
  const storing: Gate = {
    isClosed: () => storesPending > STORES_AHEAD,
    opened: () => stored,
  };
  try {
    await new Promise<void>((resolve, reject) => {
      subscribeWithDemand(
        storing,
        crawlStream(data, context.clients, onCheckpoint).records.pipe(
          tap((record) => {
            if (storeError !== undefined) throw storeError;
            pending.push(record);
          }),
        ),
        { complete: resolve, error: reject },
      );
    });
  } catch (error) {
    await stored;
    if (isTikrxError(error) && error.kind === 'quota_exhausted' && quotaResetsDaily(data)) {
      const nowMs = context.now();
      const waitMs = nextUtcMidnightMs(nowMs) - nowMs + (context.resetJitterMs ?? 0);
      // BullMQ's delays run on the Redis host's real clock; the wait comes from the quota's.
      await job.moveToDelayed(Date.now() + waitMs, token);
      throw new DelayedError(error.message);
    }
    if (isTikrxError(error) && UNRECOVERABLE.has(error.kind)) {
      throw new UnrecoverableError(error.message);
    }
    throw error;
  }
  await stored;
  if (storeError !== undefined) throw storeError;
  if (pending.length > 0) {
    await upsertRecords(context.pool, kind, pending, source);
    pages += 1;
    videos += pending.length;
  }
  return { pages, videos };
}

/** The Research API's quota comes back at 00:00 UTC; Social Fetch credits do not. */
function quotaResetsDaily(data: WindowJobData): boolean {
  return data.spec.kind.startsWith('research.');
}
