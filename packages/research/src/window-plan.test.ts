import { describe, expect, it } from 'vitest';
import { dayNumberOf, daysIn } from './dates.js';
import { daysOf, indexLagWarning, planWindows, splitWindow } from './window-plan.js';

const range90 = { start: '20240101', end: '20240330' };

describe('planWindows', () => {
  it('fills the concurrency: 90 days at 8 slots run as 8 windows', () => {
    const windows = planWindows(range90, { concurrency: 8 });
    expect(windows).toHaveLength(8);
    expect(windows[0]).toEqual({ start: '20240101', end: '20240112' });
    expect(windows.at(-1)?.end).toBe('20240330');
  });

  it('cuts the range into windows of as equal a number of days as can be, one per slot', () => {
    const windows = planWindows(range90, { concurrency: 16 });
    expect(windows).toHaveLength(16);
    // 90 = 10 × 6 + 6 × 5: no window holds a day more than it must (the slowest sets the pace).
    expect(windows.map(daysIn)).toEqual([...Array(10).fill(6), ...Array(6).fill(5)]);
    expect(windows[0]?.start).toBe('20240101');
    expect(windows.at(-1)?.end).toBe('20240330');
    for (let k = 1; k < windows.length; k++) {
      expect(dayNumberOf(windows[k]?.start as string)).toBe(
        dayNumberOf(windows[k - 1]?.end as string) + 1,
      );
    }
    expect(planWindows({ start: '20240101', end: '20240103' }, { concurrency: 8 })).toHaveLength(3);
  });

  it('keeps the API limit of 30 days a window at concurrency 1 (the peers strategy)', () => {
    expect(planWindows(range90, { concurrency: 1 })).toEqual([
      { start: '20240101', end: '20240130' },
      { start: '20240131', end: '20240229' },
      { start: '20240301', end: '20240330' },
    ]);
  });

  it('takes windowDays when given', () => {
    expect(planWindows(range90, { concurrency: 8, windowDays: 30 })).toHaveLength(3);
    expect(planWindows(range90, { concurrency: 8, windowDays: 7 })).toHaveLength(13);
  });
});

describe('splitWindow', () => {
  it('halves a failing window down to single days, in at most 5 cuts from 30 days', () => {
    let window = { start: '20240101', end: '20240130' };
    let cuts = 0;
    for (;;) {
      const halves = splitWindow(window);
      if (halves === undefined) break;
      cuts++;
      window = halves[0] as typeof window;
    }
    expect(window.start).toBe(window.end);
    expect(cuts).toBe(5);
  });
});

describe('indexLagWarning', () => {
  const now = Date.UTC(2024, 4, 10, 15);
  it('warns when endDate falls within the last 2 days', () => {
    expect(indexLagWarning({ start: '20240501', end: '20240509' }, now)).toMatch(/20240509/);
    expect(indexLagWarning({ start: '20240501', end: '20240510' }, now)).toBeDefined();
  });
  it('says nothing for a range that ends before them', () => {
    expect(indexLagWarning({ start: '20240501', end: '20240508' }, now)).toBeUndefined();
  });
});

describe('daysOf', () => {
  it('lists every day of a range', () => {
    expect(daysOf({ start: '20240228', end: '20240301' })).toEqual([
      '20240228',
      '20240229',
      '20240301',
    ]);
  });
});
