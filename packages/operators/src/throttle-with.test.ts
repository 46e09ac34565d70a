import { firstValueFrom, Observable, of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './create-rate-limiter.js';
import { throttleWith } from './throttle-with.js';

describe('throttleWith', () => {
  it('fails the subscription with what onWait threw, gives the permit back, and never subscribes the source', async () => {
    const limiter = createRateLimiter({ rate: 100, intervalMs: 1_000, concurrency: 1 });
    let subscribed = 0;
    const page = new Observable<string>((subscriber) => {
      subscribed += 1;
      subscriber.next('page');
      subscriber.complete();
    });
    const throwingListener = () => {
      throw new Error('listener bug');
    };
    await expect(
      firstValueFrom(page.pipe(throttleWith(limiter, { onWait: throwingListener }))),
    ).rejects.toThrow('listener bug');
    expect(subscribed).toBe(0);
    // concurrency 1: a permit kept by the failed subscription would block this one forever.
    await expect(firstValueFrom(of('next').pipe(throttleWith(limiter)))).resolves.toBe('next');
  });
});
