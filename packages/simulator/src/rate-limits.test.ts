import { describe, expect, it } from 'vitest';
import { startSimulator } from './simulator.js';
import { postJson, researchToken } from './test-http.js';

const BODY = {
  query: { and: [{ field_name: 'region_code', operation: 'EQ', field_values: ['US'] }] },
  start_date: '20230101',
  end_date: '20230102',
  max_count: 1,
};

/** A video query of `BODY` with a fresh token, sent anew on every call. */
async function videoQueryCaller(url: string) {
  const token = await researchToken(url);
  return () =>
    postJson(`${url}/v2/research/video/query/?fields=id`, BODY, {
      authorization: `Bearer ${token}`,
    });
}

describe('Research limits on the simulator clock', () => {
  it('answers 429 daily_quota_limit_exceeded past the daily quota, and resets at UTC midnight', async () => {
    let now = Date.UTC(2024, 2, 10, 23, 59, 0);
    const sim = await startSimulator({ now: () => now, limits: { research: { perDay: 3 } } });
    try {
      const call = await videoQueryCaller(sim.url);
      for (let k = 0; k < 3; k++) expect((await call()).status).toBe(200);
      const over = await call();
      expect(over.status).toBe(429);
      expect(over.json.error.code).toBe('daily_quota_limit_exceeded');
      now = Date.UTC(2024, 2, 10, 23, 59, 59);
      expect((await call()).status).toBe(429);
      now = Date.UTC(2024, 2, 11, 0, 0, 1);
      expect((await call()).status).toBe(200);
      expect(sim.stats().limited).toBe(2);
    } finally {
      await sim.close();
    }
  });

  it('defaults to 1,000 Research requests a day', async () => {
    const sim = await startSimulator({ now: () => Date.UTC(2024, 0, 1) });
    try {
      const call = await videoQueryCaller(sim.url);
      const results = await Promise.all(Array.from({ length: 1_001 }, call));
      expect(results.filter((r) => r.status === 200)).toHaveLength(1_000);
      expect(results.filter((r) => r.status === 429)).toHaveLength(1);
    } finally {
      await sim.close();
    }
  });

  it.each([
    { label: 'no Retry-After by default (the field)', quirks: {}, retryAfter: null },
    {
      label: 'Retry-After with quirk rateLimitRetryAfter',
      quirks: { rateLimitRetryAfter: true },
      retryAfter: '45',
    },
  ])(
    'answers 429 rate_limit_exceeded past the per-minute limit: $label',
    async ({ quirks, retryAfter }) => {
      let now = Date.UTC(2024, 0, 1, 10, 0, 15);
      const sim = await startSimulator({
        now: () => now,
        limits: { research: { perMinute: 2 } },
        quirks,
      });
      try {
        const call = await videoQueryCaller(sim.url);
        expect((await call()).status).toBe(200);
        expect((await call()).status).toBe(200);
        const limited = await call();
        expect(limited.status).toBe(429);
        expect(limited.json.error.code).toBe('rate_limit_exceeded');
        expect(limited.headers.get('retry-after')).toBe(retryAfter);
        // The limit resets with the next minute, 45 s on, whether the answer says so or not.
        now += 44_000;
        expect((await call()).status).toBe(429);
        now += 1_000;
        expect((await call()).status).toBe(200);
      } finally {
        await sim.close();
      }
    },
  );

  it('counts the per-minute limit in windows of rateWindowMs when given', async () => {
    let now = Date.UTC(2024, 0, 1, 10, 0, 0, 200);
    const sim = await startSimulator({
      now: () => now,
      limits: { research: { perMinute: 2, rateWindowMs: 1_000 } },
      quirks: { rateLimitRetryAfter: true },
    });
    try {
      const call = await videoQueryCaller(sim.url);
      expect((await call()).status).toBe(200);
      expect((await call()).status).toBe(200);
      const limited = await call();
      expect(limited.status).toBe(429);
      expect(limited.json.error.code).toBe('rate_limit_exceeded');
      // Whole seconds, as Retry-After has them.
      expect(limited.headers.get('retry-after')).toBe('1');
      // The next window is 800 ms away, not the next minute.
      now += 800;
      expect((await call()).status).toBe(200);
      expect(sim.stats().limited).toBe(1);
    } finally {
      await sim.close();
    }
    await expect(
      startSimulator({ limits: { research: { perMinute: 2, rateWindowMs: 0 } } }),
    ).rejects.toThrow(/limits.research.rateWindowMs must be a positive number of ms/);
  });

  it('expires client tokens after tokenTtlSec on the clock with 401 access_token_invalid', async () => {
    let now = Date.UTC(2024, 0, 1);
    const sim = await startSimulator({ now: () => now, tokenTtlSec: 100 });
    try {
      const call = await videoQueryCaller(sim.url);
      expect((await call()).status).toBe(200);
      now += 100_000;
      const expired = await call();
      expect(expired.status).toBe(401);
      expect(expired.json.error.code).toBe('access_token_invalid');
    } finally {
      await sim.close();
    }
  });
});
