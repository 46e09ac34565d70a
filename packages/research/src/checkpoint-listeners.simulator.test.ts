import { SIMULATOR_CREDENTIALS, type Simulator, startSimulator } from '@tikrx/simulator';
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ResearchCheckpoint } from './checkpoint.js';
import { createResearchClient } from './client.js';
import type { ResearchClientOptions } from './options.js';
import { q } from './query.js';
import { sim90Days } from './test-sim-range.js';
import { WindowMemory } from './window-memory.js';

const query = q.query(q.and(q.in('hashtag_name', ['cat', 'cats', 'fyp'])));

describe('checkpoints of queryVideos', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 7, limits: { research: { perDay: 100_000 } } });
  });
  afterAll(() => sim.close());
  afterEach(() => vi.restoreAllMocks());

  const crawlWith = async (extra: Partial<ResearchClientOptions>, onCheckpoint?: () => void) => {
    const snapshots = vi.spyOn(WindowMemory.prototype, 'checkpoint');
    const client = createResearchClient({
      clientKey: SIMULATOR_CREDENTIALS.clientKey,
      clientSecret: SIMULATOR_CREDENTIALS.clientSecret,
      baseUrl: sim.url,
      ...extra,
    });
    const videos = await lastValueFrom(
      client
        .queryVideos({
          query,
          ...sim90Days(sim),
          concurrency: 2,
          ...(onCheckpoint === undefined ? {} : { onCheckpoint }),
        })
        .pipe(toArray()),
    );
    return { videos: videos.length, snapshots: snapshots.mock.calls.length };
  };

  it('are built only when someone receives them (onCheckpoint or onEvent)', async () => {
    const checkpoints: ResearchCheckpoint[] = [];
    const events: string[] = [];
    const quiet = await crawlWith({});
    const withCallback = await crawlWith({}, () => checkpoints.push({} as ResearchCheckpoint));
    const withEvents = await crawlWith({ onEvent: (event) => events.push(event.type) });

    expect(quiet.videos).toBeGreaterThan(200);
    expect(withCallback.videos).toBe(quiet.videos);
    expect(quiet.snapshots).toBe(0);
    expect(withCallback.snapshots).toBeGreaterThan(2);
    expect(checkpoints.length).toBeGreaterThan(2);
    expect(withEvents.snapshots).toBeGreaterThan(2);
    expect(events).toContain('checkpoint');
  });
});
