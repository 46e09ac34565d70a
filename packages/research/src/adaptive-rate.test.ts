import type { RateLimiter } from '@tikrx/core';
import { Observable, VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { chainLimiters, createAdaptiveRate } from './adaptive-rate.js';

/** Asks for `count` permits at the scheduler's current time; returns the times they came. */
function ask(limiter: RateLimiter, scheduler: VirtualTimeScheduler, count: number): number[] {
  const times: number[] = [];
  for (let k = 0; k < count; k++) {
    limiter.acquire().subscribe((permit) => {
      times.push(scheduler.now());
      permit.release();
    });
  }
  return times;
}

describe('createAdaptiveRate', () => {
  it('grants at once until a 429, then half the pace the API accepted in the last minute for everyone, after the Retry-After', () => {
    const scheduler = new VirtualTimeScheduler();
    const changes: Array<[number, string]> = [];
    const limiter = createAdaptiveRate({
      scheduler,
      onChange: (perMinute, reason) => changes.push([perMinute, reason]),
    });
    expect(ask(limiter, scheduler, 48)).toEqual(new Array(48).fill(0));
    // A stray 429 among 48 answers is noise.
    limiter.penalize(5_000);
    expect(changes).toEqual([]);
    // Seven of 48 is not yet 15%.
    for (let k = 0; k < 6; k++) limiter.penalize(5_000);
    expect(changes).toEqual([]);
    // Eight is a limit: half of the 40 accepted; the other windows' 429s of the same burst
    // lower it once.
    for (let k = 0; k < 3; k++) limiter.penalize(5_000);
    expect(changes).toEqual([[20, 'throttled']]);
    const times = ask(limiter, scheduler, 3);
    scheduler.flush();
    // Nothing before the Retry-After, then one every 3 s (20 a minute).
    expect(times).toEqual([5_000, 8_000, 11_000]);
  });

  it('recovers slowly, by a quarter per quiet period, then is unlimited again', () => {
    const scheduler = new VirtualTimeScheduler();
    const changes: Array<[number, string]> = [];
    const limiter = createAdaptiveRate({
      scheduler,
      recoveryMs: 10_000,
      onChange: (perMinute, reason) => changes.push([perMinute, reason]),
    });
    ask(limiter, scheduler, 48);
    for (let k = 0; k < 8; k++) limiter.penalize();
    const times = ask(limiter, scheduler, 30);
    scheduler.flush();
    expect(changes[0]).toEqual([20, 'throttled']);
    expect(changes.slice(1).map(([, reason]) => reason)).toEqual(
      new Array(changes.length - 1).fill('recovering'),
    );
    expect(changes.slice(1).map(([perMinute]) => perMinute)).toEqual([25, 32, 40]);
    // Spaced at first, then back-to-back once recovered.
    expect((times[1] as number) - (times[0] as number)).toBe(3_000);
    expect(times.at(-1)).toBe(times.at(-2));
  });

  it('measures the pace over windowMs and reports the rate per minute', () => {
    const scheduler = new VirtualTimeScheduler();
    const changes: Array<[number, string]> = [];
    const limiter = createAdaptiveRate({
      scheduler,
      windowMs: 1_000,
      recoveryMs: 1_000,
      onChange: (perMinute, reason) => changes.push([perMinute, reason]),
    });
    ask(limiter, scheduler, 24);
    for (let k = 0; k < 4; k++) limiter.penalize();
    // Half of the 20 accepted in the last second: 10 a second, said as 600 a minute.
    expect(changes).toEqual([[600, 'throttled']]);
    const times = ask(limiter, scheduler, 12);
    scheduler.flush();
    expect((times[1] as number) - (times[0] as number)).toBe(100);
    // A second without a 429 raises it by a quarter: 13 a second.
    expect(changes[1]).toEqual([780, 'recovering']);
  });
});

describe('chainLimiters', () => {
  it('gives the first permit back when the wait for the second is abandoned', () => {
    let granted = 0;
    let released = 0;
    const counting: RateLimiter = {
      acquire: () =>
        new Observable((subscriber) => {
          granted++;
          subscriber.next({ waitedMs: 0, release: () => released++ });
          subscriber.complete();
        }),
      penalize: () => {},
    };
    const scheduler = new VirtualTimeScheduler();
    const paused = createAdaptiveRate({ scheduler });
    paused.penalize(60_000);
    const subscription = chainLimiters(counting, paused).acquire().subscribe();
    expect(granted).toBe(1);
    expect(released).toBe(0);
    subscription.unsubscribe();
    expect(released).toBe(1);
  });
});
