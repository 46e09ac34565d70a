import { describe, expect, it } from 'vitest';
import {
  applyDashboardInput,
  createDashboardState,
  type DashboardInput,
} from './dashboard-state.js';
import { dashboardView, redactText } from './dashboard-view.js';
import { testSnapshot } from './test-snapshot.js';

const T0 = Date.UTC(2026, 0, 1);

const summary = (videos: number, requests: number, elapsedMs: number) =>
  testSnapshot(videos, requests, { duplicates: 1, retries: 2, waitedMs: 1500, elapsedMs });

function viewAfter(inputs: DashboardInput[], now = T0, secrets: string[] = []) {
  const state = createDashboardState(T0);
  for (const input of inputs) applyDashboardInput(state, input);
  return dashboardView(state, now, secrets);
}

const windowDone = (start: string, end: string): DashboardInput => ({
  type: 'event',
  event: { type: 'window', source: 'research', start, end, state: 'done' },
  at: T0,
});

describe('dashboardView', () => {
  it('shows the summary counters as they are, the ones the progress line prints', () => {
    const view = viewAfter([{ type: 'summary', summary: summary(300, 4, 2000), at: T0 + 2000 }]);
    expect(view.counters).toEqual({
      videos: 300,
      pages: 4,
      requests: 4,
      retries: 2,
      duplicates: 1,
      throttledMs: 1500,
      credits: 0,
    });
    expect(view.status).toBe('running');
  });

  it('measures the rate now over the last seconds of the series', () => {
    const view = viewAfter([
      { type: 'summary', summary: summary(0, 0, 0), at: T0 },
      { type: 'summary', summary: summary(1000, 10, 10_000), at: T0 + 10_000 },
      { type: 'summary', summary: summary(1200, 14, 20_000), at: T0 + 20_000 },
    ]);
    expect(view.rate.videosPerSec).toBeCloseTo(20);
    expect(view.rate.requestsPerMin).toBeCloseTo(24);
  });

  it('estimates the time left from the pace of the days settled so far', () => {
    const view = viewAfter([
      { type: 'start', title: 't', range: { start: '20240101', end: '20240110' }, at: T0 },
      windowDone('20240101', '20240102'),
      { type: 'summary', summary: summary(0, 0, 4000), at: T0 + 4000 },
    ]);
    expect(view.dayCounts).toMatchObject({ done: 2, waiting: 8 });
    expect(view.eta).toEqual({ msLeft: 16_000 });
  });

  it('has no ETA without days settled, and the quota left', () => {
    const view = viewAfter([
      { type: 'start', title: 't', range: { start: '20240101', end: '20240103' }, at: T0 },
      {
        type: 'event',
        event: { type: 'quota', source: 'research', usedToday: 990, limit: 1000, resetsAt: 'r' },
        at: T0,
      },
    ]);
    expect(view.eta).toBeUndefined();
    expect(view.quota).toEqual({ usedToday: 990, limit: 1000, left: 10, resetsAt: 'r' });
  });

  it('ranks the top ten hashtags by videos, ties by name (t14 before t2)', () => {
    const videos: DashboardInput[] = [];
    for (let tag = 0; tag < 15; tag++) {
      for (let n = 0; n <= tag % 12; n++)
        videos.push({ type: 'video', video: { hashtags: [`t${tag}`] } });
    }
    const top = viewAfter(videos).collected.topHashtags;
    expect(top.map((entry) => entry.name)).toEqual([
      't11',
      't10',
      't9',
      't8',
      't7',
      't6',
      't5',
      't4',
      't3',
      't14',
    ]);
    expect(top[0]?.videos).toBe(12);
  });

  it('never shows a secret: the crawl credentials, tokens in URLs or headers', () => {
    const view = viewAfter(
      [
        { type: 'start', title: 'tikrx research --base-url https://u:pw@h/', at: T0 },
        {
          type: 'event',
          event: {
            type: 'warning',
            source: 'research',
            code: 'c',
            message: 'sent s3cr3t-key to https://h/x?access_token=abc123&x=1 with Bearer tok.en',
          },
          at: T0,
        },
      ],
      T0,
      ['s3cr3t-key'],
    );
    const text = JSON.stringify(view);
    for (const secret of ['s3cr3t-key', 'abc123', 'tok.en', 'pw@'])
      expect(text).not.toContain(secret);
    expect(view.notices[0]?.text).toBe(
      'sent [REDACTED] to https://h/x?access_token=[REDACTED]&x=1 with Bearer [REDACTED]',
    );
  });

  it('redactText leaves ordinary text alone', () => {
    expect(redactText('server error 500 on 20240104 (internal_error)', [])).toBe(
      'server error 500 on 20240104 (internal_error)',
    );
  });
});
