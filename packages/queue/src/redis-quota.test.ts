import { firstValueFrom, lastValueFrom, mergeMap, range, toArray } from 'rxjs';
import { afterAll, describe, expect, it } from 'vitest';
import { freshPrefix, testRedis } from '../test/fresh.js';
import { createSharedQuota } from './redis-quota.js';

describe('createSharedQuota (real Redis)', () => {
  const redis = testRedis();
  const other = testRedis();
  afterAll(async () => {
    await redis.quit();
    await other.quit();
  });

  it('grants exactly the daily quota across limiters on separate connections, then refuses until 00:00 UTC', async () => {
    const prefix = freshPrefix();
    let nowMs = Date.UTC(2024, 0, 1, 23, 59, 0);
    const now = () => nowMs;
    const a = createSharedQuota({ redis, prefix, api: 'research', perDay: 25, now });
    const b = createSharedQuota({ redis: other, prefix, api: 'research', perDay: 25, now });
    const outcomes = await lastValueFrom(
      range(0, 40).pipe(
        mergeMap((i) =>
          firstValueFrom((i % 2 === 0 ? a : b).acquire()).then(
            () => 'granted',
            (error: { kind?: string }) => error.kind,
          ),
        ),
        toArray(),
      ),
    );
    expect(outcomes.filter((o) => o === 'granted')).toHaveLength(25);
    expect(outcomes.filter((o) => o === 'quota_exhausted')).toHaveLength(15);
    await expect(firstValueFrom(a.acquire())).rejects.toThrow(/resets at 2024-01-02T00:00:00.000Z/);
    expect(await a.usage()).toEqual({
      api: 'research',
      usedToday: 25,
      limit: 25,
      resetsAt: '2024-01-02T00:00:00.000Z',
    });
    nowMs = Date.UTC(2024, 0, 2, 0, 0, 1);
    await expect(firstValueFrom(b.acquire())).resolves.toMatchObject({
      waitedMs: expect.any(Number),
    });
    expect((await a.usage()).usedToday).toBe(1);
  });

  it('spaces requests of all limiters to the shared rate', async () => {
    const prefix = freshPrefix();
    const a = createSharedQuota({ redis, prefix, api: 'research', perDay: 1000, perMinute: 1200 });
    const b = createSharedQuota({
      redis: other,
      prefix,
      api: 'research',
      perDay: 1000,
      perMinute: 1200,
    });
    const waits = await Promise.all(
      [a, b, a, b, a, b].map((limiter) => firstValueFrom(limiter.acquire())),
    );
    // 1,200 a minute is one per 50 ms: six permits cannot all come at once.
    const waited = waits.map((p) => p.waitedMs).sort((x, y) => x - y);
    expect(waited[5]).toBeGreaterThanOrEqual(200);
  });
});
