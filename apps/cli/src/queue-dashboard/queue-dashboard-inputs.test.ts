import type { QueueWindow } from '@tikrx/queue';
import { describe, expect, it } from 'vitest';
import {
  applyDashboardInput,
  createDashboardState,
  type DashboardInput,
} from '../dashboard/dashboard-state.js';
import { dashboardView } from '../dashboard/dashboard-view.js';
import { createQueueDashboardMemory, queueDashboardInputs } from './queue-dashboard-inputs.js';
import type { QueueSnapshot } from './queue-snapshot.js';

const T0 = Date.UTC(2026, 10, 28, 12);

function win(
  start: string,
  end: string,
  state: QueueWindow['state'],
  extra: Partial<QueueWindow> = {},
): QueueWindow {
  return {
    crawlId: 'cats',
    owner: 'ana',
    runId: 'cats.run',
    kind: 'research.videos',
    jobId: `cats.run.w${start}-${end}`,
    window: { start, end },
    state,
    pages: 0,
    videos: 0,
    failedAttempts: 0,
    queuedAt: T0,
    ...extra,
  };
}

function snapshot(
  at: number,
  windows: QueueWindow[],
  extra: Partial<QueueSnapshot> = {},
): QueueSnapshot {
  return {
    at,
    crawlId: 'cats',
    owner: 'ana',
    windows,
    videos: 0,
    quota: { api: 'research', usedToday: 0, limit: 1000, resetsAt: '2026-11-29T00:00:00.000Z' },
    workers: 2,
    recurring: false,
    ...extra,
  };
}

/** Feeds readings through the mapping into the page's reducer, as the server does. */
function pageOf(readings: QueueSnapshot[]) {
  const memory = createQueueDashboardMemory();
  const state = createDashboardState(T0);
  const inputs: DashboardInput[][] = [];
  for (const reading of readings) {
    const batch = queueDashboardInputs(memory, reading);
    inputs.push(batch);
    for (const input of batch) applyDashboardInput(state, input);
  }
  const last = readings.at(-1)!;
  return { inputs, view: dashboardView(state, last.at, ['redis-pw']), memory };
}

const stripOf = (view: ReturnType<typeof dashboardView>) =>
  view.days.map(({ day, state }) => `${day.slice(6)}:${state}`).join(' ');

describe('queueDashboardInputs: a queued crawl on the dashboard', () => {
  it('draws the day strip from the window jobs, as they change state', () => {
    const { view, inputs } = pageOf([
      snapshot(T0, [
        win('20230101', '20230102', 'waiting'),
        win('20230103', '20230104', 'waiting'),
      ]),
      snapshot(T0 + 1000, [
        win('20230101', '20230102', 'running', { pages: 1, videos: 40, worker: 'h:1' }),
        win('20230103', '20230104', 'waiting'),
      ]),
      snapshot(
        T0 + 2000,
        [
          win('20230101', '20230102', 'done', { pages: 2, videos: 70 }),
          win('20230103', '20230104', 'retrying', {
            failedAttempts: 1,
            lastError: 'connection reset (network) redis://:redis-pw@10.0.0.1:6379',
          }),
        ],
        {
          videos: 70,
          quota: {
            api: 'research',
            usedToday: 4,
            limit: 1000,
            resetsAt: '2026-11-29T00:00:00.000Z',
          },
        },
      ),
    ]);
    expect(stripOf(view)).toBe('01:done 02:done 03:retrying 04:retrying');
    expect(view.title).toBe('tikrx queue: crawl cats of ana');
    expect(view.range).toEqual({ start: '20230101', end: '20230104' });
    expect(view.counters).toMatchObject({ videos: 70, pages: 2, retries: 1 });
    expect(view.quota).toMatchObject({ usedToday: 4, left: 996, limit: 1000 });
    expect(view.queue).toMatchObject({ crawlId: 'cats', workers: 2, running: [] });
    // The failed attempt is a notice, with the password a worker's error carried removed.
    expect(view.notices[0]).toMatchObject({ level: 'retry', kind: 'window' });
    expect(view.notices[0]?.text).toMatch(
      /^retrying window 20230103-20230104 after attempt 1: connection reset/,
    );
    expect(JSON.stringify(view)).not.toContain('redis-pw');
    // Only changes are sent: the second reading's waiting window is not sent again.
    const windowEvents = inputs[1]!.filter(
      (input) => input.type === 'event' && input.event.type === 'window',
    );
    expect(windowEvents).toHaveLength(1);
    expect(view.status).toBe('running');
  });

  it('shows who runs what, and a window delayed to the quota reset without a failure', () => {
    const { view } = pageOf([
      snapshot(T0, [win('20230101', '20230101', 'running', { worker: 'box:42', pages: 3 })]),
      snapshot(T0 + 1000, [
        win('20230101', '20230101', 'retrying', { worker: 'box:42', pages: 3 }),
      ]),
    ]);
    expect(view.notices[0]).toMatchObject({ level: 'warning', kind: 'quota' });
    const running = pageOf([
      snapshot(T0, [win('20230101', '20230101', 'running', { worker: 'box:42', pages: 3 })]),
    ]).view;
    expect(running.queue?.running).toEqual([
      { worker: 'box:42', window: '20230101-20230101', pages: 3 },
    ]);
  });

  it("ends once the one-off crawl's run is recorded, with gaps and PostgreSQL's count", () => {
    const done = [
      win('20230101', '20230102', 'done', { pages: 2, videos: 70 }),
      win('20230103', '20230104', 'gap', { failedAttempts: 5, lastError: 'query rejected' }),
    ];
    const { view, inputs, memory } = pageOf([
      snapshot(T0, done, { videos: 65, lastRun: { runId: 'cats.run', status: 'running' } }),
      snapshot(T0 + 1000, done, {
        videos: 68,
        lastRun: { runId: 'cats.run', status: 'gaps' },
        collected: {
          videosPerDay: [
            [19358, 40],
            [19359, 28],
          ],
          hashtags: [['cats', 68]],
          creators: [['ana', 3]],
        },
      }),
    ]);
    expect(inputs[0]!.at(-1)?.type).toBe('summary');
    expect(inputs[1]!.at(-1)?.type).toBe('finish');
    expect(memory.finished).toBe(true);
    expect(view.status).toBe('gaps');
    expect(view.counters.videos).toBe(68);
    expect(stripOf(view)).toBe('01:done 02:done 03:gap 04:gap');
    expect(view.notices.map((notice) => notice.level)).toEqual(['error', 'gap']);
    expect(view.collected.videosPerDay).toEqual([
      { day: '20230101', videos: 40 },
      { day: '20230102', videos: 28 },
    ]);
    expect(view.collected.topHashtags).toEqual([{ name: 'cats', videos: 68 }]);
    // Nothing more after the end.
    expect(queueDashboardInputs(memory, snapshot(T0 + 2000, done))).toEqual([]);
  });

  it('never ends a recurring crawl, and widens the strip for its next run', () => {
    const first = [win('20230101', '20230102', 'done')];
    const { view, inputs } = pageOf([
      snapshot(T0, first, { recurring: true, lastRun: { runId: 'cats.1', status: 'done' } }),
      snapshot(T0 + 1000, [...first, win('20230103', '20230103', 'running')], {
        recurring: true,
        lastRun: { runId: 'cats.2', status: 'running' },
      }),
    ]);
    expect(inputs.flat().some((input) => input.type === 'finish')).toBe(false);
    expect(stripOf(view)).toBe('01:done 02:done 03:running');
    // The clock still counts from the first reading.
    expect(view.startedAt).toBe(T0);
  });

  it('waits for a crawl when the queue has none yet', () => {
    const empty = snapshot(T0, []);
    delete empty.crawlId;
    delete empty.owner;
    const { view } = pageOf([empty]);
    expect(view.title).toMatch(/no crawl queued yet/);
    expect(view.days).toEqual([]);
  });
});
