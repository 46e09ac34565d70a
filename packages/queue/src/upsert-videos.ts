import type { Video } from '@tikrx/core';
import type { Pool, PoolClient } from 'pg';
import { upsertRecords } from './upsert-records.js';

/**
 * Upserts `videos` by id in one statement (a batch of any size), and, when `crawlId` is
 * given, records that the crawl saw them (`crawl_videos`). Any number of workers and retries
 * leave one row per id; a count absent from a later batch keeps the earlier value.
 */
export async function upsertVideos(
  db: Pool | PoolClient,
  videos: readonly Video[],
  crawlId?: string,
): Promise<void> {
  await upsertRecords(db, 'videos', videos, crawlId === undefined ? {} : { crawlId });
}
