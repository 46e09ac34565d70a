import type { Video } from '@tikrx/core';
import { map, timer, VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { ResearchCheckpoint } from './checkpoint.js';
import { crawl } from './crawl.js';
import type { CrawlSpec } from './crawl-spec.js';
import { type DayRange, dayNumberOf, formatDay } from './dates.js';
import { DEFAULT_STEAL_POLICY } from './steal-plan.js';
import { daySpanOf } from './window-memory.js';
import { planWindows } from './window-plan.js';
import { DEFAULT_RUN_POLICY } from './window-run.js';

/**
 * Work stealing on virtual time: a fake video query (pages of 100, newest first, 300 ms each,
 * a search answering only to its own dates), no HTTP. The windows are uneven on purpose: one
 * burst week holds most of the videos.
 */

const FIRST_DAY = dayNumberOf('20240101');
const DAYS = 16;
const PAGE = 100;
const LATENCY_MS = 300;

/** 60 videos a day, 1,500 a day in days 8..11; ids unrelated to time. */
const VIDEOS: Video[] = [];
for (let day = 0; day < DAYS; day++) {
  const count = day >= 8 && day < 12 ? 1_500 : 60;
  for (let k = 0; k < count; k++) {
    const createTime = (FIRST_DAY + day) * 86_400 + Math.floor((k * 86_399) / count);
    VIDEOS.push({ id: String(7_000_000 + VIDEOS.length * 7919), source: 'research', createTime });
  }
}
const NEWEST_FIRST = [...VIDEOS].sort((a, b) => (b.createTime ?? 0) - (a.createTime ?? 0));
const RANGE = { start: formatDay(FIRST_DAY), end: formatDay(FIRST_DAY + DAYS - 1) };

/** The fake API's searches: search_id → the dates it was issued with. */
type Searches = Map<string, string>;

function run(options: {
  steal: boolean;
  checkpoint?: ResearchCheckpoint;
  stopAfter?: number;
  searches?: Searches;
}) {
  const scheduler = new VirtualTimeScheduler(VirtualAction, Number.POSITIVE_INFINITY);
  const searches: Searches = options.searches ?? new Map();
  let requests = 0;
  const emitted: Video[] = [];
  let checkpoint: ResearchCheckpoint | undefined;
  const spec: CrawlSpec<Video> = {
    kind: 'video_query',
    key: 'k',
    done: options.checkpoint?.done ?? [],
    windows:
      options.checkpoint?.windows ??
      planWindows(RANGE, { concurrency: 4 }).map((range) => ({ ...range, cursor: 0, seenIds: [] })),
    concurrency: 4,
    fetchPage: ({ range }, at) => {
      requests++;
      const { start, end } = range as DayRange;
      const key = `${start}-${end}`;
      // Like the API: a search_id is good only for the dates it was issued with.
      if (at.searchId !== undefined && searches.get(at.searchId) !== key)
        throw new Error(`search ${at.searchId} sent with other dates ${key}`);
      const searchId = at.searchId ?? `s${searches.size}`;
      searches.set(searchId, key);
      const [first, last] = [dayNumberOf(start), dayNumberOf(end) + 1];
      const all = NEWEST_FIRST.filter((v) => {
        const t = v.createTime ?? 0;
        return t >= first * 86_400 && t < last * 86_400;
      });
      const items = all.slice(at.cursor, at.cursor + PAGE);
      const more = at.cursor + PAGE < all.length;
      return timer(LATENCY_MS, scheduler).pipe(
        map(() => ({ items, next: more ? { cursor: at.cursor + PAGE, searchId } : undefined })),
      );
    },
    daySpanOf,
    steal: options.steal ? { ...DEFAULT_STEAL_POLICY, pageSize: PAGE } : undefined,
    emit: () => {},
    onCheckpoint: (c) => {
      checkpoint = c;
    },
    policy: DEFAULT_RUN_POLICY,
    scheduler,
  };
  let completed = false;
  const subscription = crawl(spec).subscribe({
    next: (video) => {
      emitted.push(video);
      if (emitted.length === options.stopAfter) subscription.unsubscribe();
    },
    complete: () => {
      completed = true;
    },
  });
  scheduler.flush();
  return { emitted, requests, wallMs: scheduler.now(), completed, checkpoint, searches };
}

const ids = (videos: readonly Video[]) => videos.map((v) => v.id);
const everyId = ids(VIDEOS).sort();

describe('work stealing', () => {
  it('finishes an uneven crawl sooner, with the exact set, nothing twice, and about a request a cut', () => {
    const plain = run({ steal: false });
    const stealing = run({ steal: true });
    expect(plain.completed && stealing.completed).toBe(true);
    expect(ids(stealing.emitted).sort()).toEqual(everyId);
    expect(new Set(ids(stealing.emitted)).size).toBe(VIDEOS.length);
    // The burst window alone holds 60 pages: without stealing it sets the pace.
    expect(plain.wallMs).toBeGreaterThanOrEqual(60 * LATENCY_MS);
    expect(stealing.wallMs).toBeLessThan(plain.wallMs * 0.5);
    const cuts = stealing.searches.size - plain.searches.size;
    expect(cuts).toBeGreaterThan(0);
    expect(stealing.requests).toBeLessThanOrEqual(plain.requests + 2 * cuts);
  });

  it('resumes from a checkpoint taken after cuts: the rest exactly, nothing again', () => {
    const first = run({ steal: true, stopAfter: 3_000 });
    expect(first.completed).toBe(false);
    const checkpoint = first.checkpoint as ResearchCheckpoint;
    // A cut window goes on with its search's own dates, and says so.
    expect(checkpoint.windows.some((w) => w.searchStart !== undefined)).toBe(true);
    const rest = run({ steal: true, checkpoint, searches: first.searches });
    expect(rest.completed).toBe(true);
    const all = [...ids(first.emitted), ...ids(rest.emitted)];
    expect(all.sort()).toEqual(everyId);
  });
});
