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
  it("grants at once until a 429, then half the last minute's rate for everyone, after the Retry-After", () => {
    const scheduler = new VirtualTimeScheduler();
    const changes: Array<[number, string]> = [];
    const limiter = createAdaptiveRate({
      scheduler,
      onChange: (perMinute, reason) => changes.push([perMinute, reason]),
    });
    expect(ask(limiter, scheduler, 40)).toEqual(new Array(40).fill(0));
    // A stray 429 among 40 answers is noise.
    limiter.penalize(5_000);
    expect(changes).toEqual([]);
    // Six of 40 (15%) is a limit; the other windows' 429s of the same burst lower it once.
    for (let k = 0; k < 5; k++) limiter.penalize(5_000);
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
    ask(limiter, scheduler, 40);
    for (let k = 0; k < 6; k++) limiter.penalize();
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
