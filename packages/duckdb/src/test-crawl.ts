import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Video } from '@tikrx/core';
import { createResearchClient, q } from '@tikrx/research';
import { SIMULATOR_CREDENTIALS, type Simulator } from '@tikrx/simulator';
import type { Observable } from 'rxjs';

/** The query of the tests: a hashtag crawl over the simulator's last 30 days. */
export function simulatorCrawl(sim: Simulator): {
  videos$: Observable<Video>;
  expectedIds: string[];
} {
  const query = q.query(q.and(q.in('hashtag_name', ['cat', 'cats', 'fyp'])));
  const last = sim.dataset.lastDay;
  const day = new Date(`${last.slice(0, 4)}-${last.slice(4, 6)}-${last.slice(6, 8)}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 29);
  const startDate = day.toISOString().slice(0, 10).replaceAll('-', '');
  const range = { startDate, endDate: last };
  const client = createResearchClient({
    clientKey: SIMULATOR_CREDENTIALS.clientKey,
    clientSecret: SIMULATOR_CREDENTIALS.clientSecret,
    baseUrl: sim.url,
  });
  return {
    videos$: client.queryVideos({ query, ...range, concurrency: 2 }),
    expectedIds: [...sim.expected.research({ query, ...range })].sort(),
  };
}

/** A fresh temporary directory and its removal. */
export async function temporaryDirectory(): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'tikrx-duckdb-test-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
