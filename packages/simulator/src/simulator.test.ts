import { spawn } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SIMULATOR_CREDENTIALS } from './credentials.js';
import { startSimulator } from './simulator.js';
import { http, pageResearch, postJson, researchToken } from './test-http.js';

describe('startSimulator', () => {
  it('shows the featured creator through all three APIs with the same ids', async () => {
    const sim = await startSimulator({ seed: 'merge' });
    try {
      const handle = sim.dataset.featuredCreator;
      const token = await researchToken(sim.url);
      const research: string[] = [];
      const query = { and: [{ field_name: 'username', operation: 'EQ', field_values: [handle] }] };
      for (const [start, end] of [
        ['20230101', '20230130'],
        ['20230131', '20230301'],
        ['20230302', '20230331'],
      ] as const) {
        research.push(
          ...(
            await pageResearch(sim.url, token, {
              query,
              start_date: start,
              end_date: end,
              max_count: 100,
            })
          ).ids,
        );
      }
      const display: string[] = [];
      let cursor = 0;
      for (;;) {
        const page = await postJson(
          `${sim.url}/video/list/?access_token=${SIMULATOR_CREDENTIALS.displayAccessToken}`,
          { fields: ['id'], cursor, max_count: 20 },
        );
        display.push(...page.json.data.video_list.map((v: { id: string }) => v.id));
        if (!page.json.data.has_more) break;
        cursor = page.json.data.cursor;
      }
      const social: string[] = [];
      let next: string | null = null;
      do {
        const page = await http(
          `${sim.url}/v1/tiktok/profiles/${handle}/videos?sortBy=latest${next ? `&cursor=${next}` : ''}`,
          { headers: { 'x-api-key': SIMULATOR_CREDENTIALS.apiKey } },
        );
        social.push(...page.json.data.videos.map((v: { id: string }) => v.id));
        next = page.json.data.page.nextCursor;
      } while (next !== null);
      expect(research.sort()).toEqual(display.sort());
      expect(social.sort()).toEqual(display);
      expect(display.length).toBeGreaterThanOrEqual(25);
      expect(display.length).toBeLessThanOrEqual(60);
    } finally {
      await sim.close();
    }
  });

  it('generates the same dataset from the same seed, a different one from another', async () => {
    const [a, b, c] = await Promise.all([
      startSimulator({ seed: 42 }),
      startSimulator({ seed: 42 }),
      startSimulator({ seed: 43 }),
    ]);
    try {
      for (const index of [0, 1, 777, 19_999])
        expect(a.dataset.video(index)).toEqual(b.dataset.video(index));
      expect(a.dataset.video(777)).not.toEqual(c.dataset.video(777));
      expect(a.dataset.creators()).toEqual(b.dataset.creators());
      const path = `/v1/tiktok/profiles/${a.dataset.featuredCreator}/videos?sortBy=latest`;
      const headers = { 'x-api-key': SIMULATOR_CREDENTIALS.apiKey };
      const [pa, pb] = await Promise.all([
        http(`${a.url}${path}`, { headers }),
        http(`${b.url}${path}`, { headers }),
      ]);
      expect(pa.json.data).toEqual(pb.json.data);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it('starts a 10-million-video dataset at once and serves its last day', async () => {
    const started = performance.now();
    const sim = await startSimulator({ size: 10_000_000 });
    try {
      expect(performance.now() - started).toBeLessThan(1_000);
      const last = sim.dataset.video(9_999_999);
      expect(last.id).toMatch(/^\d{19}$/);
      expect(sim.dataset.indexOf(last.id)).toBe(9_999_999);
      const day = sim.dataset.lastDay;
      const query = {
        and: [{ field_name: 'hashtag_name', operation: 'EQ', field_values: ['cat'] }],
      };
      const t0 = performance.now();
      const expected = sim.expected.research({ query, startDate: day, endDate: day });
      expect(performance.now() - t0).toBeLessThan(2_000);
      const token = await researchToken(sim.url);
      const { ids } = await pageResearch(sim.url, token, {
        query,
        start_date: day,
        end_date: day,
        max_count: 100,
      });
      expect(ids.sort()).toEqual(expected);
      expect(ids.length).toBeGreaterThan(50);
    } finally {
      await sim.close();
    }
  });

  it('counts requests by endpoint, rejections, and resets stats', async () => {
    const sim = await startSimulator();
    try {
      await http(`${sim.url}/v1/tiktok/profiles/x/videos`, { headers: { 'x-api-key': 'nope' } });
      await http(`${sim.url}/nowhere`);
      const stats = sim.stats();
      expect(stats.requests).toBe(2);
      expect(stats.byEndpoint).toEqual({ 'socialfetch.profile.videos': 1, unknown: 1 });
      expect(stats.rejected).toBe(1);
      sim.resetStats();
      expect(sim.stats().requests).toBe(0);
    } finally {
      await sim.close();
    }
  });

  it('closes keep-alive connections on close()', async () => {
    const sim = await startSimulator();
    const agent = new Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      httpRequest(
        `${sim.url}/v1/tiktok/profiles/x`,
        { agent, headers: { 'x-api-key': SIMULATOR_CREDENTIALS.apiKey } },
        (res) => {
          res.resume();
          res.on('end', resolve);
        },
      )
        .on('error', reject)
        .end();
    });
    const started = performance.now();
    await sim.close();
    expect(performance.now() - started).toBeLessThan(1_000);
    agent.destroy();
  });
});

describe('tikrx-simulator bin', () => {
  it('prints the URL on stdout, serves, and exits cleanly on SIGTERM', async () => {
    const bin = fileURLToPath(new URL('./bin.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', bin, '--port', '0', '--seed', '3', '--size', '5000'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /tikrx simulator listening on (http:\/\/\S+)/.exec(out);
          if (match?.[1]) resolve(match[1]);
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const profile = await http(`${url}/v1/tiktok/profiles/x`, {
        headers: { 'x-api-key': SIMULATOR_CREDENTIALS.apiKey },
      });
      expect(profile.json.data.lookupStatus).toBe('not_found');
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
