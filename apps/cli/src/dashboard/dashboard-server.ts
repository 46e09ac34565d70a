import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProgressSnapshot } from '@tikrx/operators';
import type { Observable } from 'rxjs';
import { loadDashboardAssets } from './dashboard-assets.js';
import {
  applyDashboardInput,
  createDashboardState,
  type DashboardInput,
} from './dashboard-state.js';
import { type DashboardView, dashboardView } from './dashboard-view.js';

export interface DashboardOptions {
  /** What the page shows: the crawl's events, videos, summaries and its end. */
  inputs: Observable<DashboardInput>;
  /** Read on every tick while the crawl runs: the counters the progress line prints. */
  summary?: () => ProgressSnapshot;
  /** Port on 127.0.0.1; 0 (the default) takes a free one. */
  port?: number;
  /** The crawl's credentials, scrubbed from any text sent to the page. */
  secrets?: readonly string[];
  /** How often the summary is sampled and connected pages are sent what changed. */
  tickMs?: number;
  /** Clock in epoch ms, for tests. */
  now?: () => number;
}

export interface DashboardServer {
  /** `http://127.0.0.1:<port>/`. */
  url: string;
  /** What the page shows now. */
  view(): DashboardView;
  /** Stops feeding and serving; open pages keep their last state. */
  close(): Promise<void>;
}

const DEFAULT_TICK_MS = 500;
/** A comment line this often keeps proxies and the browser from dropping an idle stream. */
const KEEPALIVE_MS = 15_000;

/**
 * Serves the live dashboard on 127.0.0.1: the page, its assets, and `/events`, a stream of
 * Server-Sent Events, each the whole `DashboardView` as JSON. Page and stream share one
 * origin (Chromium lets no `file:` or `data:` page reach 127.0.0.1).
 */
export async function startDashboard(options: DashboardOptions): Promise<DashboardServer> {
  const now = options.now ?? Date.now;
  const secrets = options.secrets ?? [];
  const assets = loadDashboardAssets();
  const state = createDashboardState(now());
  const clients = new Set<ServerResponse>();
  let sentVersion = -1;
  let lastMessage = '';

  const message = (): string => {
    if (sentVersion !== state.version) {
      lastMessage = `event: state\ndata: ${JSON.stringify(dashboardView(state, now(), secrets))}\n\n`;
      sentVersion = state.version;
    }
    return lastMessage;
  };
  const broadcast = (): void => {
    if (clients.size === 0 || sentVersion === state.version) return;
    const text = message();
    for (const client of clients) client.write(text);
  };
  const tick = (): void => {
    if (state.finished === undefined && options.summary !== undefined) {
      applyDashboardInput(state, { type: 'summary', summary: options.summary(), at: now() });
    }
    broadcast();
  };

  const subscription = options.inputs.subscribe((input) => {
    applyDashboardInput(state, input);
    // The end is sent at once: a page must not miss the final numbers to a tick.
    if (input.type === 'finish') broadcast();
  });
  const ticker = setInterval(tick, options.tickMs ?? DEFAULT_TICK_MS);
  ticker.unref();
  const keepalive = setInterval(() => {
    for (const client of clients) client.write(': keepalive\n\n');
  }, KEEPALIVE_MS);
  keepalive.unref();

  const server = createServer((request, response) => {
    if (!isLocalHost(request)) {
      response.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden host\n');
      return;
    }
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/events') {
      openStream(response);
      return;
    }
    const asset = request.method === 'GET' ? assets.get(path) : undefined;
    if (asset === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    response
      .writeHead(200, { 'content-type': asset.contentType, 'cache-control': 'no-cache' })
      .end(asset.body);
  });
  const openStream = (response: ServerResponse): void => {
    response.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    response.write(`retry: 2000\n\n${message()}`);
    clients.add(response);
    response.on('close', () => clients.delete(response));
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    view: () => dashboardView(state, now(), secrets),
    close: async () => {
      subscription.unsubscribe();
      clearInterval(ticker);
      clearInterval(keepalive);
      for (const client of clients) client.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Only pages that name the server as 127.0.0.1 or localhost: another site's page cannot
 * read the crawl through a DNS name rebound to this address.
 */
function isLocalHost(request: IncomingMessage): boolean {
  const host = (request.headers.host ?? '').replace(/:\d+$/, '');
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}
