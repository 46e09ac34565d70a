import type { TikrxEvent } from '@tikrx/core';
import type { ProgressSnapshot } from '@tikrx/operators';
import { Subject } from 'rxjs';
import type { OutputRecord } from './csv.js';
import { type DashboardServer, startDashboard } from './dashboard/dashboard-server.js';
import type { CollectedVideo, DashboardInput, DateRange } from './dashboard/dashboard-state.js';

/** The `--dashboard` of one crawl: feeds the page from what the crawl runner sees. */
export interface CrawlDashboard {
  url: string;
  onEvent(event: TikrxEvent): void;
  /** A video that went to the output. */
  onVideo(record: OutputRecord): void;
  finish(outcome: string, summary: ProgressSnapshot, error?: string): void;
  /** Keeps the page up after the crawl, until Ctrl-C (or SIGTERM); then closes it. */
  holdUntilInterrupted(): Promise<void>;
  close(): Promise<void>;
}

export interface CrawlDashboardOptions {
  /** `--dashboard` alone (`true`): any free port. */
  port: true | number;
  title: string;
  range?: DateRange;
  summary: () => ProgressSnapshot;
  secrets: readonly string[];
}

export async function openCrawlDashboard(options: CrawlDashboardOptions): Promise<CrawlDashboard> {
  const inputs = new Subject<DashboardInput>();
  const server: DashboardServer = await startDashboard({
    inputs,
    summary: options.summary,
    port: options.port === true ? 0 : options.port,
    secrets: options.secrets,
  });
  inputs.next({
    type: 'start',
    title: options.title,
    at: Date.now(),
    ...(options.range === undefined ? {} : { range: options.range }),
  });
  return {
    url: server.url,
    onEvent: (event) => inputs.next({ type: 'event', event, at: Date.now() }),
    // Comments, profiles, follower entries and playlists count as records too; the dashboard
    // reads only what they share with a video (createTime, username), absent otherwise.
    onVideo: (record) => inputs.next({ type: 'video', video: record as CollectedVideo }),
    finish: (outcome, summary, error) =>
      inputs.next({
        type: 'finish',
        outcome,
        summary,
        at: Date.now(),
        ...(error === undefined ? {} : { error }),
      }),
    holdUntilInterrupted: () =>
      new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      }).then(() => server.close()),
    close: () => server.close(),
  };
}
