import { describe, expect, it } from 'vitest';
import { planSteal, type StealCandidate, StealCosts } from './steal-plan.js';

const policy = { pageSize: 100, minPagesLeft: 4 };
/** A window from day 0 that emitted `videos` videos over days boundary..newest. */
const running = (boundaryDay: number, newestDay: number, videos: number): StealCandidate => ({
  startDay: 0,
  boundaryDay,
  newestDay,
  videos,
  busy: false,
});

describe('planSteal', () => {
  it('cuts the window with the most pages left, the new window taking the older half of its untouched days', () => {
    const steal = planSteal(
      [running(8, 11, 400), running(6, 11, 1_200), running(10, 11, 200)],
      policy,
    );
    // Window 1: 200 a day, days 0..5 untouched (+ the rest of day 6): about 13 pages left.
    expect(steal).toEqual({ index: 1, lastDay: 2 });
  });

  it('never gives away the boundary day (in progress) or a day after it', () => {
    const steal = planSteal([running(1, 1, 2_000)], policy);
    // Only day 0 is untouched: the new window takes it, the running one keeps day 1.
    expect(steal).toEqual({ index: 0, lastDay: 0 });
    expect(planSteal([running(0, 3, 2_000)], policy)).toBeUndefined();
  });

  it('leaves windows with few pages left, busy ones, and those that emitted nothing yet', () => {
    expect(planSteal([running(4, 11, 300)], policy)).toBeUndefined(); // ~1.7 pages left
    expect(planSteal([{ ...running(6, 11, 1_200), busy: true }], policy)).toBeUndefined();
    const fresh = { startDay: 0, boundaryDay: undefined, newestDay: undefined, videos: 0 };
    expect(planSteal([{ ...fresh, busy: false }], policy)).toBeUndefined();
  });

  it('does not cut when the new window would wait out a warm-up longer than the half it saves', () => {
    const costs = new StealCosts();
    costs.page(300);
    const big = running(6, 11, 1_200); // about 13 pages left: halving saves ~2 s
    expect(planSteal([big], costs.of(policy))).toBeDefined();
    costs.warmup(3_000);
    expect(planSteal([big], costs.of(policy))).toBeUndefined();
    expect(planSteal([running(20, 21, 1_000)], costs.of(policy))).toBeDefined(); // ~102 pages
  });
});
