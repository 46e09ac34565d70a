import { request } from 'node:http';
import type { ProgressSnapshot } from '@tikrx/operators';
import { Subject } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { type DashboardServer, startDashboard } from './dashboard-server.js';
import type { DashboardInput } from './dashboard-state.js';
import type { DashboardView } from './dashboard-view.js';

const SUMMARY: ProgressSnapshot = {
  requests: 3,
  responses: 3,
  pages: 3,
  videosReceived: 250,
  videos: 250,
  duplicates: 0,
  retries: 0,
  waitedMs: 0,
  credits: 0,
  errors: {},
  elapsedMs: 900,
};

let server: DashboardServer | undefined;
afterEach(() => server?.close());

function get(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
    request(url, { headers }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          type: String(response.headers['content-type']),
          body,
        }),
      );
    })
      .on('error', reject)
      .end();
  });
}

/** The `state` messages of /events, as they arrive, until `until` says stop. */
function readStates(url: string, until: (view: DashboardView) => boolean) {
  return new Promise<DashboardView[]>((resolve, reject) => {
    const views: DashboardView[] = [];
    const req = request(`${url}events`, (response) => {
      expect(response.headers['content-type']).toBe('text/event-stream');
      let buffer = '';
      response.setEncoding('utf8').on('data', (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^event: state\ndata: (.*)$/m.exec(message);
          if (data) {
            const view = JSON.parse(data[1]!) as DashboardView;
            views.push(view);
            if (until(view)) {
              req.destroy();
              resolve(views);
              return;
            }
          }
          end = buffer.indexOf('\n\n');
        }
      });
    });
    req.on('error', reject).end();
  });
}

describe('startDashboard', () => {
  it('serves the page and every asset from 127.0.0.1, uPlot included', async () => {
    server = await startDashboard({ inputs: new Subject<DashboardInput>() });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await get(server.url);
    expect(page.type).toContain('text/html');
    for (const asset of page.body.matchAll(/(?:src|href)="(\/[^"]+)"/g)) {
      const response = await get(new URL(asset[1]!, server.url).href);
      expect(response.status, asset[1]).toBe(200);
      expect(response.body.length, asset[1]).toBeGreaterThan(100);
    }
    expect(page.body).not.toMatch(/https?:\/\//);
    expect((await get(`${server.url}nope`)).status).toBe(404);
  });

  it('refuses a request that names another host (DNS rebinding)', async () => {
    server = await startDashboard({ inputs: new Subject<DashboardInput>() });
    expect((await get(server.url, { host: 'evil.example:80' })).status).toBe(403);
  });

  it('streams the state as it changes, and the final summary at the end', async () => {
    const inputs = new Subject<DashboardInput>();
    let videos = 0;
    server = await startDashboard({
      inputs,
      summary: () => ({ ...SUMMARY, videos }),
      tickMs: 20,
    });
    inputs.next({
      type: 'start',
      title: 'test crawl',
      range: { start: '20240101', end: '20240103' },
      at: Date.now(),
    });
    const live = readStates(server.url, (view) => view.counters.videos === 10);
    videos = 10;
    inputs.next({
      type: 'event',
      event: {
        type: 'window',
        source: 'research',
        start: '20240101',
        end: '20240101',
        state: 'done',
      },
      at: Date.now(),
    });
    const seen = await live;
    expect(seen[0]?.title).toBe('test crawl');
    expect(seen.at(-1)?.days[0]?.state).toBe('done');
    const end = readStates(server.url, (view) => view.status !== 'running');
    inputs.next({ type: 'finish', outcome: 'done', summary: SUMMARY, at: Date.now() });
    expect((await end).at(-1)).toMatchObject({
      status: 'done',
      counters: { videos: 250, pages: 3 },
    });
    // A page opened after the end gets the final state at once.
    const later = await readStates(server.url, () => true);
    expect(later[0]).toMatchObject({ status: 'done', counters: { videos: 250 } });
  });
});
