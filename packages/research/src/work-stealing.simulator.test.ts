import type { TikrxEvent, Video } from '@tikrx/core';
import { SIMULATOR_CREDENTIALS, type Simulator, startSimulator } from '@tikrx/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResearchCheckpoint } from './checkpoint.js';
import { createResearchClient } from './client.js';
import type { QueryVideosOptions } from './options.js';
import { q } from './query.js';
import { addDays } from './test-sim-range.js';

/**
 * Work stealing over real sockets: two 30-day windows and six slots, so the free slots cut the
 * running windows again and again (small pages: many left to cut). The simulator answers a
 * search_id only with its own dates, as the API does.
 */

const query = q.query(q.and(q.in('hashtag_name', ['cat', 'cats', 'fyp'])));
let sim: Simulator;
let options: QueryVideosOptions & { startDate: string; endDate: string };

beforeAll(async () => {
  sim = await startSimulator({ seed: 7, limits: { research: { perDay: 100_000 } } });
  const endDate = sim.dataset.lastDay;
  options = {
    query,
    startDate: addDays(endDate, -59),
    endDate,
    maxCount: 20,
    windowDays: 30,
    concurrency: 6,
  };
});
afterAll(() => sim.close());

/** Runs the query until it ends, or until `stop` says so after a video. */
function run(
  extra: Partial<QueryVideosOptions>,
  stop: (events: TikrxEvent[], checkpoint?: ResearchCheckpoint) => boolean = () => false,
) {
  const videos: Video[] = [];
  const events: TikrxEvent[] = [];
  let checkpoint: ResearchCheckpoint | undefined;
  const client = createResearchClient({
    clientKey: SIMULATOR_CREDENTIALS.clientKey,
    clientSecret: SIMULATOR_CREDENTIALS.clientSecret,
    baseUrl: sim.url,
    onEvent: (event) => events.push(event),
  });
  return new Promise<{ videos: Video[]; events: TikrxEvent[]; checkpoint?: ResearchCheckpoint }>(
    (resolve, reject) => {
      const subscription = client
        .queryVideos({
          ...options,
          ...extra,
          onCheckpoint: (c) => {
            checkpoint = c;
          },
        })
        .subscribe({
          next: (video) => {
            videos.push(video);
            if (stop(events, checkpoint)) {
              // The checkpoint reported as the stream stops is exact to this video.
              subscription.unsubscribe();
              resolve({ videos, events, ...(checkpoint ? { checkpoint } : {}) });
            }
          },
          error: reject,
          complete: () => resolve({ videos, events }),
        });
    },
  );
}

const cuts = (events: TikrxEvent[]) =>
  events.filter((e) => e.type === 'window' && e.state === 'split').length;

describe('work stealing over sockets', () => {
  it('cuts running windows for the free slots and still returns the exact set, each video once', async () => {
    sim.resetStats();
    const { videos, events } = await run({});
    const ids = videos.map((v) => v.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(sim.expected.research(options));
    expect(cuts(events)).toBeGreaterThan(2);
    // Each cut is one more search; none was restarted.
    const windows = events.filter((e) => e.type === 'window' && e.state === 'waiting');
    expect(sim.stats().searchesIssued).toBe(windows.length);
    expect(events.some((e) => e.type === 'duplicate')).toBe(false);
  });

  it('resumes a crawl stopped after cuts from its checkpoint: the rest exactly, nothing twice', async () => {
    // Stopped mid-page while a cut window still runs on its older search.
    const first = await run(
      {},
      (events, checkpoint) =>
        cuts(events) >= 2 && checkpoint?.windows.some((w) => w.searchStart !== undefined) === true,
    );
    const checkpoint = first.checkpoint as ResearchCheckpoint;
    expect(checkpoint.windows.some((w) => w.searchStart !== undefined)).toBe(true);
    const rest = await run({ checkpoint });
    const ids = [...first.videos, ...rest.videos].map((v) => v.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(sim.expected.research(options));
  });
});
