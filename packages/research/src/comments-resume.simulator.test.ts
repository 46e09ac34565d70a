import type { Comment } from '@tikrx/core';
import {
  FAULT_KINDS,
  SIMULATOR_CREDENTIALS,
  type Simulator,
  startSimulator,
} from '@tikrx/simulator';
import { lastValueFrom, take, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResearchCheckpoint } from './checkpoint.js';
import { createResearchClient } from './client.js';

describe('comments of 500 videos, stopped and resumed from the checkpoint', () => {
  let sim: Simulator;
  let videoIds: string[];
  beforeAll(async () => {
    sim = await startSimulator({
      seed: 3,
      limits: { research: { perDay: 100_000 } },
      faults: { rate: 0.05, kinds: [...FAULT_KINDS], retryAfterSec: 0 },
    });
    videoIds = Array.from({ length: 500 }, (_, index) => sim.dataset.video(index * 7).id);
  });
  afterAll(() => sim.close());

  const client = () =>
    createResearchClient({
      clientKey: SIMULATOR_CREDENTIALS.clientKey,
      clientSecret: SIMULATOR_CREDENTIALS.clientSecret,
      baseUrl: sim.url,
      retry: { baseDelayMs: 1, maxDelayMs: 10, maxRetries: 10 },
    });

  it('gives every comment exactly once across three runs', async () => {
    const expected = videoIds.flatMap((id) => sim.expected.comments(id)).sort();
    expect(expected.length).toBeGreaterThan(5_000);
    const collected: Comment[] = [];
    let checkpoint: ResearchCheckpoint | undefined;
    // Two runs stopped part-way (unsubscribed mid-page), then one to the end.
    for (const stopAfter of [1_700, 2_300, Number.POSITIVE_INFINITY]) {
      const run = client().comments(videoIds, {
        concurrency: 8,
        maxCount: 50,
        ...(checkpoint === undefined ? {} : { checkpoint }),
        onCheckpoint: (state) => {
          checkpoint = state;
        },
      });
      const got = await lastValueFrom(
        (Number.isFinite(stopAfter) ? run.pipe(take(stopAfter)) : run).pipe(toArray()),
      );
      collected.push(...got);
      // Plain JSON, as a file would keep it.
      checkpoint = JSON.parse(JSON.stringify(checkpoint)) as ResearchCheckpoint;
    }
    const ids = collected.map((comment) => comment.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(expected);
    expect(checkpoint?.windows).toEqual([]);
  }, 90_000);
});
