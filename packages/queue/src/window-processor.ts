import { hostname } from 'node:os';
import { isTikrxError, type Video } from '@tikrx/core';
import type { ResearchCheckpoint, ResearchClient } from '@tikrx/research';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import type { Pool } from 'pg';
import { lastValueFrom, type Observable, tap } from 'rxjs';
import { nextUtcMidnightMs, startOfDayMs } from './days.js';
import type { WindowJobData, WindowResult } from './job-data.js';
import { upsertVideos } from './upsert-videos.js';

/** What a window job needs from its worker. */
export interface WindowContext {
  pool: Pool;
  research: ResearchClient;
  /** The quota's clock (the reset is its next 00:00 UTC). */
  now: () => number;
  /** Extra wait after the reset, so all delayed jobs do not start in the same millisecond. */
  resetJitterMs?: number;
}

/** Errors that another attempt cannot fix: the job fails at once instead of retrying. */
const UNRECOVERABLE = new Set(['bad_request', 'auth', 'forbidden', 'not_found']);

const WORKER_ID = `${hostname()}:${process.pid}`;

/**
 * Runs one window job: the client resumes from the checkpoint the job holds, and after every
 * page its videos are upserted into PostgreSQL and then the page's checkpoint is stored in the
 * job, in that order, so that a worker killed at any moment leaves a checkpoint whose videos
 * are all in the database; the worker that takes the job over fetches at most that page again.
 * A spent quota moves the job to `delayed` until 00:00 UTC instead of failing it.
 */
export async function processWindow(
  job: Job<WindowJobData, WindowResult>,
  token: string | undefined,
  context: WindowContext,
): Promise<WindowResult> {
  const data = job.data;
  let pages = data.pages;
  let videos = data.videos;
  let pending: Video[] = [];
  let stored = Promise.resolve();
  let storeError: unknown;

  const onCheckpoint = (checkpoint: unknown) => {
    const batch = pending;
    pending = [];
    pages += 1;
    videos += batch.length;
    const next: WindowJobData = { ...data, checkpoint, pages, videos, worker: WORKER_ID };
    stored = stored.then(async () => {
      if (storeError !== undefined) return;
      try {
        await upsertVideos(context.pool, batch, data.crawlId);
        await job.updateData(next);
      } catch (error) {
        storeError = error;
      }
    });
  };

  try {
    await lastValueFrom(
      streamOf(data, context.research, onCheckpoint).pipe(
        tap((video) => {
          if (storeError !== undefined) throw storeError;
          pending.push(video);
        }),
      ),
      { defaultValue: undefined },
    );
  } catch (error) {
    await stored;
    if (isTikrxError(error) && error.kind === 'quota_exhausted') {
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
  return { pages, videos };
}

function streamOf(
  data: WindowJobData,
  research: ResearchClient,
  onCheckpoint: (checkpoint: unknown) => void,
): Observable<Video> {
  const { spec } = data;
  const checkpoint =
    data.checkpoint === undefined ? {} : { checkpoint: data.checkpoint as ResearchCheckpoint };
  switch (spec.kind) {
    case 'research.videos': {
      const window = data.window ?? { start: spec.from, end: spec.to ?? spec.from };
      const days = (startOfDayMs(window.end) - startOfDayMs(window.start)) / 86_400_000 + 1;
      return research.queryVideos({
        query: spec.query,
        startDate: window.start,
        endDate: window.end,
        // The queue made the windows: the client crawls this one as a single window.
        windowDays: Math.min(days, 31),
        concurrency: 1,
        ...(spec.fields === undefined ? {} : { fields: spec.fields }),
        ...(spec.maxCount === undefined ? {} : { maxCount: spec.maxCount }),
        ...checkpoint,
        onCheckpoint,
      });
    }
    case 'research.reposts':
      return research.repostedVideos(spec.username, {
        ...(spec.maxCount === undefined ? {} : { maxCount: spec.maxCount }),
        ...checkpoint,
        onCheckpoint,
      });
  }
}
