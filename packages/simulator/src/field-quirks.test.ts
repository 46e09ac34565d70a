import { describe, expect, it } from 'vitest';
import { VAGUE_MESSAGES } from './faults.js';
import { type Simulator, startSimulator } from './simulator.js';
import { http, postJson, researchToken, videoIdOf } from './test-http.js';
import type { SimulatorOptions } from './types.js';

/** The Research API as the field reports it (see shared/api-docs/research-field-behaviours.md). */

const QUERY = { and: [{ field_name: 'region_code', operation: 'IN', field_values: ['US', 'JP'] }] };
const FIELDS = 'id,create_time';

async function withSim(
  options: SimulatorOptions,
  run: (sim: Simulator, post: (body: object) => ReturnType<typeof postJson>) => Promise<void>,
): Promise<void> {
  const sim = await startSimulator(options);
  try {
    const token = await researchToken(sim.url);
    const post = (body: object) =>
      postJson(`${sim.url}/v2/research/video/query/?fields=${FIELDS}`, body, {
        authorization: `Bearer ${token}`,
      });
    await run(sim, post);
  } finally {
    await sim.close();
  }
}

/** A clock the test moves by hand. */
function manualClock(startMs: number) {
  let at = startMs;
  return { now: () => at, advance: (ms: number) => (at += ms) };
}

describe('search warm-up (quirk searchWarmupMs)', () => {
  it('refuses a fresh search_id with 400 invalid_params until the warm-up is over, then serves the same search', async () => {
    const clock = manualClock(Date.UTC(2025, 0, 1));
    await withSim({ now: clock.now, quirks: { searchWarmupMs: 3_000 } }, async (_sim, post) => {
      const body = { query: QUERY, start_date: '20230110', end_date: '20230112', max_count: 10 };
      const first = await post(body);
      expect(first.status).toBe(200);
      const next = {
        ...body,
        cursor: first.json.data.cursor,
        search_id: first.json.data.search_id,
      };
      clock.advance(2_999);
      const early = await post(next);
      expect(early.status).toBe(400);
      expect(early.json.error).toMatchObject({
        code: 'invalid_params',
        message: `Search Id ${next.search_id} is invalid or expired`,
      });
      clock.advance(1);
      const warm = await post(next);
      expect(warm.status).toBe(200);
      expect(warm.json.data.search_id).toBe(next.search_id);
    });
  });

  it('is a few seconds by default when the simulator runs with latency, and off without', async () => {
    const slow = await startSimulator({ latencyMs: 1 });
    const fast = await startSimulator();
    try {
      for (const [sim, warmupMs] of [
        [slow, 3_000],
        [fast, 0],
      ] as const) {
        const token = await researchToken(sim.url);
        const url = `${sim.url}/v2/research/video/query/?fields=${FIELDS}`;
        const auth = { authorization: `Bearer ${token}` };
        const body = { query: QUERY, start_date: '20230110', end_date: '20230112', max_count: 10 };
        const first = await postJson(url, body, auth);
        const next = await postJson(
          url,
          { ...body, cursor: first.json.data.cursor, search_id: first.json.data.search_id },
          auth,
        );
        expect(next.status).toBe(warmupMs > 0 ? 400 : 200);
      }
    } finally {
      await Promise.all([slow.close(), fast.close()]);
    }
  });
});

describe('days that always fail (quirk failingDays)', () => {
  it('answers 500 to every window covering a failing day, every time, and serves the days around it', async () => {
    await withSim({ quirks: { failingDays: ['20230115'] } }, async (sim, post) => {
      for (const [start, end] of [
        ['20230101', '20230130'],
        ['20230115', '20230115'],
        ['20230114', '20230116'],
      ]) {
        for (let attempt = 0; attempt < 3; attempt++) {
          const result = await post({ query: QUERY, start_date: start, end_date: end });
          expect(result.status).toBe(500);
          expect(result.json.error.code).toBe('internal_error');
        }
      }
      for (const [start, end] of [
        ['20230101', '20230114'],
        ['20230116', '20230116'],
      ]) {
        expect((await post({ query: QUERY, start_date: start, end_date: end })).status).toBe(200);
      }
      expect(sim.stats().faults['failing-day']).toBe(9);
    });
  });
});

describe('failures spend the daily quota', () => {
  it("counts a failing day's 500s against the quota like successes", async () => {
    await withSim(
      { limits: { research: { perDay: 3 } }, quirks: { failingDays: ['20230111'] } },
      async (_sim, post) => {
        const failing = { query: QUERY, start_date: '20230110', end_date: '20230112' };
        const healthy = { query: QUERY, start_date: '20230101', end_date: '20230105' };
        const statuses: number[] = [];
        for (const body of [failing, failing, healthy, healthy]) {
          statuses.push((await post(body)).status);
        }
        expect(statuses).toEqual([500, 500, 200, 429]);
      },
    );
  });

  it('counts injected faults against the 1,000 a day like successes', async () => {
    await withSim(
      {
        limits: { research: { perDay: 4 } },
        faults: { rate: 1, kinds: ['500'], apis: ['research'] },
      },
      async (_sim, post) => {
        const body = { query: QUERY, start_date: '20230110', end_date: '20230112' };
        const statuses: number[] = [];
        for (let k = 0; k < 5; k++) statuses.push((await post(body)).status);
        expect(statuses).toEqual([500, 500, 500, 500, 429]);
        const spent = await post(body);
        expect(spent.json.error.code).toBe('daily_quota_limit_exceeded');
      },
    );
  });
});

describe('vague transient answers (fault vague-transient)', () => {
  it('answers 400 or 500 with a vague message that the same request, sent again, gets through', async () => {
    await withSim(
      { faults: { rate: 0.5, kinds: ['vague-transient'], apis: ['research'], seed: 3 } },
      async (sim, post) => {
        const body = { query: QUERY, start_date: '20230110', end_date: '20230112' };
        const statuses = new Set<number>();
        let served = 0;
        for (let k = 0; k < 40; k++) {
          const result = await post(body);
          if (result.status === 200) {
            served++;
            continue;
          }
          statuses.add(result.status);
          expect(VAGUE_MESSAGES).toContain(result.json.error.message);
        }
        expect([...statuses].sort()).toEqual([400, 500]);
        expect(served).toBeGreaterThan(0);
        expect(sim.stats().faults['vague-transient']).toBe(40 - served);
      },
    );
  });
});

describe('index lag (quirk indexLagDays)', () => {
  it('leaves the last 2 days before the clock out of results and of expected()', async () => {
    // The clock on 2023-02-10 12:00 UTC, inside the dataset (2023-01-01 onwards).
    const now = () => Date.UTC(2023, 1, 10, 12);
    await withSim({ now }, async (sim, post) => {
      const result = await post({
        query: QUERY,
        start_date: '20230207',
        end_date: '20230210',
        max_count: 100,
      });
      expect(result.status).toBe(200);
      const nowSec = now() / 1000;
      const cutoffSec = nowSec - 2 * 86_400;
      // (What lies after the clock is the simulator's synthetic future, served as before.)
      const lagging = (sec: number) => sec >= cutoffSec && sec < nowSec;
      const times: number[] = result.json.data.videos.map(
        (v: { create_time: number }) => v.create_time,
      );
      expect(times.some((sec) => sec < cutoffSec)).toBe(true);
      expect(times.filter(lagging)).toEqual([]);
      const expected = sim.expected.research({
        query: QUERY,
        startDate: '20230207',
        endDate: '20230210',
      });
      const expectedTimes = expected.map(
        (id) => sim.dataset.video(sim.dataset.indexOf(id)).createTime,
      );
      expect(expectedTimes.some((sec) => sec < cutoffSec)).toBe(true);
      expect(expectedTimes.filter(lagging)).toEqual([]);
    });
  });
});

describe('ids and time (quirk idTimeSkew)', () => {
  it('sends ids whose top 32 bits are 18-48 s before create_time', async () => {
    await withSim({}, async (_sim, post) => {
      const result = await post({ query: QUERY, start_date: '20230110', end_date: '20230112' });
      for (const video of result.json.data.videos) {
        const lead = video.create_time - Number(BigInt(videoIdOf(video)) >> 32n);
        expect(lead).toBeGreaterThanOrEqual(18);
        expect(lead).toBeLessThanOrEqual(48);
      }
    });
  });
});

describe('OAuth errors with HTTP 200 (quirk oauthErrorsWith200)', () => {
  it('answers a bad client secret with 200 and the OAuth error body', async () => {
    const sim = await startSimulator({ quirks: { oauthErrorsWith200: true } });
    try {
      const result = await http(`${sim.url}/v2/oauth/token/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_key: 'nope',
          client_secret: 'nope',
          grant_type: 'client_credentials',
        }).toString(),
      });
      expect(result.status).toBe(200);
      expect(result.json).toMatchObject({ error: 'invalid_client' });
      expect(result.json.access_token).toBeUndefined();
    } finally {
      await sim.close();
    }
  });
});
