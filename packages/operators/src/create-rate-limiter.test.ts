import type { TikrxError } from '@tikrx/core';
import { defer, firstValueFrom, merge, mergeMap, range, take, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRateLimiter, RATE_LIMIT_PRESETS } from './create-rate-limiter.js';
import { throttleWith } from './throttle-with.js';

const newScheduler = () =>
  new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('createRateLimiter + throttleWith (marbles)', () => {
  it('lets a burst through, then one request per 1/rate of the interval', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const limiter = createRateLimiter({ rate: 2, intervalMs: 20, burst: 2, scheduler });
      const requests = range(0, 5).pipe(
        mergeMap((i) => cold('(x|)', { x: i }).pipe(throttleWith(limiter))),
      );
      // two at once, then one every 10 ms
      expectObservable(requests).toBe('(ab) 6ms c 9ms d 9ms (e|)', {
        a: 0,
        b: 1,
        c: 2,
        d: 3,
        e: 4,
      });
    });
  });

  it('serves waiters first come, first served', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, hot, expectObservable }) => {
      const limiter = createRateLimiter({ rate: 1, intervalMs: 10, burst: 1, scheduler });
      // a takes the token at 0; b asks at 1, c at 2: b must go at 10, c at 20
      const triggers = hot('abc', { a: 'a', b: 'b', c: 'c' });
      const out = triggers.pipe(
        mergeMap((name) => cold('(x|)', { x: name }).pipe(throttleWith(limiter))),
      );
      expectObservable(out).toBe('a 9ms b 9ms c', { a: 'a', b: 'b', c: 'c' });
    });
  });

  it('caps concurrency: a permit is held until the request ends', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const limiter = createRateLimiter({ rate: 100, intervalMs: 1, concurrency: 2, scheduler });
      const out = range(0, 4).pipe(
        mergeMap((i) => cold('5ms (x|)', { x: i }).pipe(throttleWith(limiter))),
      );
      expectObservable(out).toBe('5ms (ab) 1ms (cd|)', { a: 0, b: 1, c: 2, d: 3 });
    });
  });

  it('on a 429 pauses everyone for retryAfterMs, then serves at a halved rate', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const limiter = createRateLimiter({
        rate: 1,
        intervalMs: 10,
        burst: 1,
        recoveryMs: 1000,
        scheduler,
      });
      limiter.penalize(50);
      expect(limiter.stats().rateFactor).toBe(0.5);
      // paused until 50, then the bucket refills at 1 per 20 ms
      const out = range(0, 2).pipe(
        mergeMap((i) => cold('(x|)', { x: i }).pipe(throttleWith(limiter))),
      );
      expectObservable(out).toBe('70ms a 19ms (b|)', { a: 0, b: 1 });
    });
  });

  it('recovers the rate by doubling every recoveryMs after the pause, down to 1/16 at most', () => {
    let nowMs = 0;
    const limiter = createRateLimiter({
      rate: 10,
      intervalMs: 1000,
      recoveryMs: 100,
      now: () => nowMs,
    });
    limiter.penalize(500);
    limiter.penalize();
    expect(limiter.stats().rateFactor).toBe(0.25);
    nowMs = 599;
    expect(limiter.stats().rateFactor).toBe(0.25);
    nowMs = 600;
    expect(limiter.stats().rateFactor).toBe(0.5);
    nowMs = 700;
    expect(limiter.stats().rateFactor).toBe(1);
    for (let i = 0; i < 10; i += 1) limiter.penalize();
    expect(limiter.stats().rateFactor).toBe(1 / 16);
  });

  it('penalizes the limiter when the throttled source fails with rate_limited', async () => {
    const { TikrxError } = await import('@tikrx/core');
    const limiter = createRateLimiter({ rate: 10, intervalMs: 1000 });
    const failing = defer(() => {
      throw new TikrxError({ kind: 'rate_limited', message: '429', retryAfterMs: 5 });
    });
    await firstValueFrom(failing.pipe(throttleWith(limiter))).catch(() => undefined);
    expect(limiter.stats().rateFactor).toBe(0.5);
    expect(limiter.stats().inFlight).toBe(0);
  });

  it('leaves no scheduled action behind when the only waiter unsubscribes mid-wait', () => {
    const scheduler = newScheduler();
    const limiter = createRateLimiter({ rate: 1, intervalMs: 1000, burst: 1, scheduler });
    limiter.acquire().subscribe((permit) => permit.release());
    const waiting = limiter.acquire().subscribe();
    expect(scheduler.actions).toHaveLength(1);
    expect(limiter.stats().waitingNow).toBe(1);
    waiting.unsubscribe();
    expect(scheduler.actions).toHaveLength(0);
    expect(limiter.stats().waitingNow).toBe(0);
  });

  it('fails acquire with quota_exhausted once the daily quota is spent, and resets at 00:00 UTC', () => {
    const scheduler = newScheduler();
    const hour = 3_600_000;
    let nowMs = 23 * hour;
    const limiter = createRateLimiter({
      rate: 100,
      intervalMs: 1,
      dailyQuota: 2,
      scheduler,
      now: () => nowMs,
    });
    const outcomes: string[] = [];
    const ask = () =>
      limiter.acquire().subscribe({
        next: (permit) => {
          outcomes.push('ok');
          permit.release();
        },
        error: (error: TikrxError) =>
          outcomes.push(`${error.kind}:${error.code}:${String(error.dailyQuota)}`),
      });
    ask();
    ask();
    ask();
    nowMs = 24 * hour;
    ask();
    expect(outcomes).toEqual(['ok', 'ok', 'quota_exhausted:limiter_daily_quota:true', 'ok']);
  });

  it("waits for the reset when whenQuotaExhausted is 'wait'", () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const hour = 3_600_000;
      const limiter = createRateLimiter({
        rate: 100,
        intervalMs: 1,
        dailyQuota: 1,
        whenQuotaExhausted: 'wait',
        scheduler,
        now: () => 23 * hour + scheduler.now(),
      });
      const out = range(0, 2).pipe(
        mergeMap((i) => cold('(x|)', { x: i }).pipe(throttleWith(limiter))),
      );
      expectObservable(out).toBe(`a ${hour - 1}ms (b|)`, { a: 0, b: 1 });
    });
  });
});

describe('a shared limiter across three streams', () => {
  it('never exceeds its rate: at most burst + rate grants in any window of intervalMs', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, flush }) => {
      const limiter = createRateLimiter({ rate: 8, intervalMs: 100, burst: 2, scheduler });
      const grants: number[] = [];
      const request = (i: number) =>
        defer(() => {
          grants.push(scheduler.now());
          return cold('3ms (x|)', { x: i });
        }).pipe(throttleWith(limiter));
      const stream = (everyMs: number) =>
        range(0, 40).pipe(mergeMap((i) => timer(i * everyMs).pipe(mergeMap(() => request(i))), 4));
      merge(stream(1), stream(3), stream(7)).subscribe();
      flush();
      expect(grants).toHaveLength(120);
      for (const start of grants) {
        const inWindow = grants.filter((t) => t >= start && t < start + 100).length;
        expect(inWindow).toBeLessThanOrEqual(10);
      }
      // and the long-run rate holds: 120 grants need at least (120 - 2) / 8 intervals
      expect(Math.max(...grants)).toBeGreaterThanOrEqual(((120 - 2) / 8) * 100 - 1);
    });
  });
});

describe('createRateLimiter with real timers', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('leaves no pending timer when a subscriber unsubscribes mid-wait (asyncScheduler)', () => {
    vi.useFakeTimers();
    const limiter = createRateLimiter({ rate: 1, intervalMs: 60_000, burst: 1 });
    limiter.acquire().subscribe();
    const waiting = limiter.acquire().pipe(take(1)).subscribe();
    expect(vi.getTimerCount()).toBe(1);
    waiting.unsubscribe();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('grants a waiter once its token is due', async () => {
    vi.useFakeTimers();
    const limiter = createRateLimiter({ rate: 1, intervalMs: 1000, burst: 1 });
    await firstValueFrom(limiter.acquire());
    const next = firstValueFrom(limiter.acquire());
    await vi.advanceTimersByTimeAsync(1000);
    const permit = await next;
    expect(permit.waitedMs).toBe(1000);
    expect(limiter.stats()).toMatchObject({ acquired: 2, waitingNow: 0, totalWaitedMs: 1000 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects bad options with bad_request', () => {
    expect(() => createRateLimiter({ rate: 0, intervalMs: 1000 })).toThrow(/rate must be/);
    expect(() => createRateLimiter({ rate: 1, intervalMs: 1000, burst: 0.5 })).toThrow(/burst/);
  });

  it('ships presets whose burst + rate stay within the documented limits', () => {
    const display = RATE_LIMIT_PRESETS.displayV2;
    expect(display.burst + display.rate).toBeLessThanOrEqual(600);
    expect(display.intervalMs).toBe(60_000);
    expect(RATE_LIMIT_PRESETS.research.dailyQuota).toBe(1000);
  });
});
