import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { SIMULATOR_CREDENTIALS } from './credentials.js';
import { type Simulator, startSimulator } from './simulator.js';
import { http, postJson, researchToken } from './test-http.js';
import type { FaultKind, SimulatorOptions } from './types.js';

const BODY = {
  query: { and: [{ field_name: 'region_code', operation: 'IN', field_values: ['US', 'JP'] }] },
  start_date: '20230110',
  end_date: '20230112',
  max_count: 10,
};
const FIELDS = 'id,create_time';

async function withSim(
  options: SimulatorOptions,
  run: (sim: Simulator) => Promise<void>,
): Promise<void> {
  const sim = await startSimulator(options);
  try {
    await run(sim);
  } finally {
    await sim.close();
  }
}

/** A Research page request with a fault of one kind on every request to the Research API. */
async function faultOn(kind: FaultKind, body: Record<string, unknown> = BODY) {
  let result: Awaited<ReturnType<typeof postJson>> | undefined;
  await withSim({ faults: { rate: 1, kinds: [kind], apis: ['research'] } }, async (sim) => {
    const token = await researchToken(sim.url);
    result = await postJson(`${sim.url}/v2/research/video/query/?fields=${FIELDS}`, body, {
      authorization: `Bearer ${token}`,
    });
    expect(sim.stats().faults[kind]).toBe(1);
  });
  return result!;
}

describe('injected faults', () => {
  it('429 without Retry-After', async () => {
    const result = await faultOn('429');
    expect(result.status).toBe(429);
    expect(result.json.error.code).toBe('rate_limit_exceeded');
    expect(result.headers.get('retry-after')).toBeNull();
  });

  it('429 with Retry-After', async () => {
    const result = await faultOn('429-retry-after');
    expect(result.status).toBe(429);
    expect(result.headers.get('retry-after')).toBe('1');
  });

  it('500 internal_error in the API shape', async () => {
    const result = await faultOn('500');
    expect(result.status).toBe(500);
    expect(result.json).toEqual({
      error: { code: 'internal_error', message: expect.any(String), log_id: expect.any(String) },
    });
  });

  it('503', async () => {
    expect((await faultOn('503')).status).toBe(503);
  });

  it('an HTML 504 body', async () => {
    const result = await faultOn('504-html');
    expect(result.status).toBe(504);
    expect(result.headers.get('content-type')).toMatch(/text\/html/);
    expect(result.text).toMatch(/<html>/);
  });

  it('a 200 body that is not JSON', async () => {
    const result = await faultOn('non-json');
    expect(result.status).toBe(200);
    expect(() => JSON.parse(result.text)).toThrow();
  });

  it('a truncated JSON body', async () => {
    const result = await faultOn('truncated');
    expect(result.status).toBe(200);
    expect(result.text.startsWith('{"data":{"videos":[')).toBe(true);
    expect(() => JSON.parse(result.text)).toThrow();
  });

  it('a connection reset mid-response', async () => {
    await withSim({ faults: { rate: 1, kinds: ['reset'] } }, async (sim) => {
      const outcome = await new Promise<string>((resolve) => {
        const req = httpRequest(
          `${sim.url}/v1/tiktok/profiles/x/videos`,
          { headers: { 'x-api-key': SIMULATOR_CREDENTIALS.apiKey } },
          (res) => {
            res.on('data', () => {});
            res.on('error', (error) =>
              resolve(`error:${(error as NodeJS.ErrnoException).code ?? error.message}`),
            );
            res.on('end', () => resolve('end'));
            res.on('aborted', () => resolve('aborted'));
          },
        );
        req.on('error', (error) => resolve(`error:${error.message}`));
        req.end();
      });
      expect(outcome).not.toBe('end');
      await expect(
        fetch(`${sim.url}/v1/tiktok/profiles/x/videos`, {
          headers: { 'x-api-key': SIMULATOR_CREDENTIALS.apiKey },
        }).then((r) => r.text()),
      ).rejects.toThrow();
    });
  });

  it('Invalid count or cursor on a later page (400 invalid_params)', async () => {
    const result = await faultOn('invalid-cursor', { ...BODY, cursor: 10, search_id: '1' });
    expect(result.status).toBe(400);
    expect(result.json.error).toMatchObject({
      code: 'invalid_params',
      message: 'Invalid count or cursor',
    });
  });

  it('a search_id rejected as invalid or expired right after being issued; restarting the window recovers the same pages', async () => {
    await withSim({ faults: { rate: 0.3, kinds: ['search-id-expired'], seed: 4 } }, async (sim) => {
      const token = await researchToken(sim.url);
      const auth = { authorization: `Bearer ${token}` };
      const url = `${sim.url}/v2/research/video/query/?fields=${FIELDS}`;
      let restarts = 0;
      const ids: string[] = [];
      let cursor = 0;
      let searchId: string | undefined;
      for (let guard = 0; guard < 1_000; guard++) {
        const body = {
          ...BODY,
          max_count: 40,
          cursor,
          ...(searchId ? { search_id: searchId } : {}),
        };
        const result = await postJson(url, body, auth);
        if (result.status === 400) {
          expect(result.json.error.message).toBe(`Search Id ${searchId} is invalid or expired`);
          // The id is really gone: the same request fails again.
          expect((await postJson(url, body, auth)).status).toBe(400);
          restarts++;
          ids.length = 0;
          cursor = 0;
          searchId = undefined;
          continue;
        }
        expect(result.status).toBe(200);
        ids.push(
          ...result.json.data.videos.map((v: Record<string, string>) => v['id'] ?? v['video_id']),
        );
        if (!result.json.data.has_more) break;
        cursor = result.json.data.cursor;
        searchId = result.json.data.search_id;
      }
      expect(restarts).toBeGreaterThan(0);
      expect(ids.sort()).toEqual(
        sim.expected.research({
          query: BODY.query,
          startDate: BODY.start_date,
          endDate: BODY.end_date,
        }),
      );
    });
  });

  it('token-expired: a valid client token answered 401 access_token_invalid, then revoked', async () => {
    await withSim({ faults: { rate: 1, kinds: ['token-expired'] } }, async (sim) => {
      const token = await researchToken(sim.url);
      const result = await postJson(`${sim.url}/v2/research/video/query/?fields=id`, BODY, {
        authorization: `Bearer ${token}`,
      });
      expect(result.status).toBe(401);
      expect(result.json.error.code).toBe('access_token_invalid');
      expect(sim.stats().rejected).toBe(0);
    });
  });

  it('Display v1 faults use the v1 error shape', async () => {
    await withSim({ faults: { rate: 1, kinds: ['500'] } }, async (sim) => {
      const result = await postJson(
        `${sim.url}/video/list/?access_token=${SIMULATOR_CREDENTIALS.displayAccessToken}`,
        { fields: ['id'] },
      );
      expect(result.status).toBe(500);
      expect(result.json.data.error_code).toBe(10000);
      expect(result.json.extra.logid).toEqual(expect.any(String));
    });
  });

  it('Social Fetch 503 is temporarily_unavailable', async () => {
    await withSim({ faults: { rate: 1, kinds: ['503'] } }, async (sim) => {
      const result = await http(`${sim.url}/v1/tiktok/profiles/x/videos`, {
        headers: { 'x-api-key': SIMULATOR_CREDENTIALS.apiKey },
      });
      expect(result.status).toBe(503);
      expect(result.json.error.code).toBe('temporarily_unavailable');
    });
  });

  it('is deterministic per seed, and a retried request gets the same page', async () => {
    const run = async () => {
      const statuses: number[] = [];
      const pages: string[] = [];
      await withSim(
        { faults: { rate: 0.4, kinds: ['500', '429', 'non-json'], seed: 9 } },
        async (sim) => {
          for (let k = 0; k < 30; k++) {
            const result = await http(
              `${sim.url}/v1/tiktok/profiles/${sim.dataset.featuredCreator}/videos?trim=true`,
              {
                headers: { 'x-api-key': SIMULATOR_CREDENTIALS.apiKey },
              },
            );
            statuses.push(result.status);
            if (result.status === 200 && result.json !== undefined)
              pages.push(JSON.stringify(result.json.data));
          }
        },
      );
      return { statuses, pages };
    };
    const first = await run();
    const second = await run();
    expect(first.statuses).toEqual(second.statuses);
    expect(first.statuses.some((s) => s !== 200)).toBe(true);
    expect(new Set(first.pages).size).toBe(1);
  });

  it('applies faults only to the APIs listed', async () => {
    await withSim({ faults: { rate: 1, kinds: ['500'], apis: ['display'] } }, async (sim) => {
      expect((await researchToken(sim.url)).startsWith('clt.')).toBe(true);
      const result = await http(`${sim.url}/v1/tiktok/profiles/x/videos`, {
        headers: { 'x-api-key': SIMULATOR_CREDENTIALS.apiKey },
      });
      expect(result.status).toBe(200);
    });
  });

  it('grows 500s with the window length when windowErrorRate is set', async () => {
    await withSim(
      { quirks: { windowErrorRate: 0.6 }, limits: { research: { perDay: 10_000 } } },
      async (sim) => {
        const token = await researchToken(sim.url);
        const count = async (start: string, end: string) => {
          let failures = 0;
          for (let k = 0; k < 100; k++) {
            const result = await postJson(
              `${sim.url}/v2/research/video/query/?fields=id`,
              { ...BODY, start_date: start, end_date: end },
              { authorization: `Bearer ${token}` },
            );
            if (result.status === 500) failures++;
          }
          return failures;
        };
        const oneDay = await count('20230110', '20230110');
        const month = await count('20230101', '20230131');
        expect(month).toBeGreaterThan(oneDay + 20);
      },
    );
  });
});

describe('latency', () => {
  it('delays each response by latencyMs', async () => {
    await withSim({ latencyMs: 60 }, async (sim) => {
      const started = performance.now();
      await http(`${sim.url}/v1/tiktok/profiles/x`, {
        headers: { 'x-api-key': SIMULATOR_CREDENTIALS.apiKey },
      });
      expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    });
  });
});
