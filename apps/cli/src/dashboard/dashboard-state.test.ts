import type { TikrxEvent, WindowState } from '@tikrx/core';
import { describe, expect, it } from 'vitest';
import {
  applyDashboardInput,
  createDashboardState,
  type DashboardInput,
  MAX_NOTICES,
  MAX_SERIES_POINTS,
} from './dashboard-state.js';
import { testSnapshot } from './test-snapshot.js';

const T0 = Date.UTC(2026, 0, 1);

function stateAfter(...inputs: DashboardInput[]) {
  const state = createDashboardState(T0);
  for (const input of inputs) applyDashboardInput(state, input);
  return state;
}

const event = (e: TikrxEvent, at = T0): DashboardInput => ({ type: 'event', event: e, at });
const window = (start: string, end: string, state: WindowState) =>
  event({ type: 'window', source: 'research', start, end, state });
const start: DashboardInput = {
  type: 'start',
  title: 'tikrx research',
  range: { start: '2024-01-01', end: '2024-01-10' },
  at: T0,
};

const summary = (videos: number, requests: number) => testSnapshot(videos, requests);

const dayStates = (inputs: DashboardInput[]) => Object.fromEntries(stateAfter(...inputs).days);

describe('applyDashboardInput: the day strip', () => {
  it('starts with every day of the range waiting', () => {
    const days = dayStates([start]);
    expect(Object.keys(days)).toHaveLength(10);
    expect(new Set(Object.values(days))).toEqual(new Set(['waiting']));
  });

  it('colours the days of a window as the window moves, and leaves the others alone', () => {
    const days = dayStates([
      start,
      window('20240101', '20240105', 'running'),
      window('20240106', '20240110', 'retrying'),
      window('20240101', '20240105', 'done'),
    ]);
    expect(days['20240101']).toBe('done');
    expect(days['20240105']).toBe('done');
    expect(days['20240106']).toBe('retrying');
  });

  it('lets the halves of a split window speak for its days', () => {
    const state = stateAfter(
      start,
      window('20240101', '20240110', 'running'),
      window('20240101', '20240110', 'split'),
      window('20240101', '20240105', 'done'),
      window('20240106', '20240110', 'running'),
    );
    expect(state.splits).toBe(1);
    expect(state.days.get('20240103')).toBe('done');
    expect(state.days.get('20240108')).toBe('running');
  });

  it('marks the days of a gap event and keeps why, as a notice', () => {
    const state = stateAfter(
      start,
      window('20240101', '20240110', 'running'),
      event({
        type: 'gap',
        source: 'research',
        days: ['20240104'],
        kind: 'server',
        message: 'internal_error 5 times',
      }),
      window('20240104', '20240104', 'gap'),
    );
    expect(state.days.get('20240104')).toBe('gap');
    expect(state.notices.at(-1)).toMatchObject({ level: 'gap', kind: 'server' });
    expect(state.notices.at(-1)?.text).toContain('20240104');
  });
});

describe('applyDashboardInput: counters, quota, rate and notices', () => {
  it('keeps the latest quota and rate, and counts the cuts after 429s', () => {
    const state = stateAfter(
      event({ type: 'quota', source: 'research', usedToday: 10, limit: 1000, resetsAt: 'x' }),
      event({ type: 'quota', source: 'research', usedToday: 11, limit: 1000, resetsAt: 'x' }),
      event({ type: 'rate', source: 'research', requestsPerMinute: 300, reason: 'throttled' }),
      event({ type: 'rate', source: 'research', requestsPerMinute: 200, reason: 'throttled' }),
      event({ type: 'rate', source: 'research', requestsPerMinute: 250, reason: 'recovering' }),
    );
    expect(state.quota).toEqual({ usedToday: 11, limit: 1000, resetsAt: 'x' });
    expect(state.rate?.requestsPerMinute).toBe(250);
    expect(state.rateCuts).toBe(2);
  });

  it('counts retries by kind and keeps only the last notices', () => {
    const retries = Array.from({ length: MAX_NOTICES + 5 }, (_, attempt) =>
      event({
        type: 'retry',
        source: 'research',
        attempt,
        delayMs: 100,
        kind: attempt % 2 === 0 ? 'server' : 'rate_limited',
      }),
    );
    const state = stateAfter(...retries);
    expect(state.retriesByKind).toEqual({ server: 18, rate_limited: 17 });
    expect(state.notices).toHaveLength(MAX_NOTICES);
    expect(state.notices.at(-1)?.text).toContain(`attempt ${MAX_NOTICES + 4} failed`);
  });

  it('counts videos per UTC day, hashtags (case-folded) and creators', () => {
    const last = Date.UTC(2024, 0, 1, 23, 59) / 1000;
    const first = Date.UTC(2024, 0, 2) / 1000;
    const state = stateAfter(
      { type: 'video', video: { createTime: last, hashtags: ['Cats'], username: 'a' } },
      { type: 'video', video: { createTime: first, hashtags: ['cats', 'dogs'], username: 'a' } },
      { type: 'video', video: {} },
    );
    const dayNumber = (seconds: number) => Math.floor(seconds / 86_400);
    expect([...state.videosPerDay]).toEqual([
      [dayNumber(last), 1],
      [dayNumber(last) + 1, 1],
    ]);
    expect(Object.fromEntries(state.hashtags)).toEqual({ cats: 2, dogs: 1 });
    expect(Object.fromEntries(state.creators)).toEqual({ a: 2 });
  });

  it('samples the summary into a bounded time series that keeps its first point', () => {
    const inputs: DashboardInput[] = [];
    for (let second = 0; second <= MAX_SERIES_POINTS * 2; second++) {
      inputs.push({
        type: 'summary',
        summary: summary(second * 10, second),
        at: T0 + second * 1000,
      });
    }
    const state = stateAfter(...inputs);
    expect(state.series.length).toBeLessThanOrEqual(MAX_SERIES_POINTS);
    expect(state.series[0]).toEqual({ t: 0, videos: 0, requests: 0 });
    expect(state.series.at(-1)).toEqual({
      t: MAX_SERIES_POINTS * 2,
      videos: MAX_SERIES_POINTS * 20,
      requests: MAX_SERIES_POINTS * 2,
    });
  });

  it('ends with the final summary and the error that ended the crawl', () => {
    const state = stateAfter(start, {
      type: 'finish',
      outcome: 'failed',
      summary: summary(42, 5),
      at: T0 + 5000,
      error: 'quota used up (quota_exhausted)',
    });
    expect(state.finished).toEqual({
      outcome: 'failed',
      at: T0 + 5000,
      error: 'quota used up (quota_exhausted)',
    });
    expect(state.summary?.videos).toBe(42);
    expect(state.notices.at(-1)).toMatchObject({ level: 'error' });
  });
});
