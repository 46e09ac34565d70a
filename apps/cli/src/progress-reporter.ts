import { clearLine, cursorTo } from 'node:readline';
import type { TikrxEvent } from '@tikrx/core';

/** What a crawl has done so far; the progress line and the closing summary print it. */
export interface CrawlStats {
  pages: number;
  videos: number;
  /** Dropped as already written (this run, an earlier run of a resumed crawl, or by the client). */
  duplicates: number;
  retries: number;
  throttledMs: number;
  /** Social Fetch credits charged. */
  credits: number;
  /** Pages a resumed crawl fetched again because the checkpoint lagged the output. */
  refetchedPages: number;
}

export interface ProgressReporterOptions {
  stream?: NodeJS.WriteStream;
  /** A live bar on a terminal, else a plain line this often. */
  lineIntervalMs?: number;
  /** `--quiet`: only the closing summary. */
  quiet?: boolean;
}

export interface ProgressReporter {
  readonly stats: CrawlStats;
  /** Feed it every client event. */
  onEvent(event: TikrxEvent): void;
  start(): void;
  /** Stops the bar and prints the summary line. */
  finish(outcome: string): void;
  /** Prints a line above the bar (a warning, a note). */
  note(text: string): void;
}

const BAR_REFRESH_MS = 150;
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function createProgressReporter(options: ProgressReporterOptions = {}): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  const live = stream.isTTY === true && options.quiet !== true;
  const lineIntervalMs = options.lineIntervalMs ?? 5_000;
  const stats: CrawlStats = {
    pages: 0,
    videos: 0,
    duplicates: 0,
    retries: 0,
    throttledMs: 0,
    credits: 0,
    refetchedPages: 0,
  };
  const startedAt = Date.now();
  let waitingSince: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let frame = 0;
  let barShown = false;

  const clearBar = (): void => {
    if (!barShown) return;
    cursorTo(stream, 0);
    clearLine(stream, 0);
    barShown = false;
  };
  const drawBar = (): void => {
    const spinner = SPINNER[frame++ % SPINNER.length];
    const waiting =
      waitingSince === undefined ? '' : ` · waiting ${seconds(Date.now() - waitingSince)}`;
    const line = `${spinner} ${describe(stats, Date.now() - startedAt)}${waiting}`;
    cursorTo(stream, 0);
    stream.write(line.slice(0, (stream.columns || 120) - 1));
    clearLine(stream, 1);
    barShown = true;
  };

  return {
    stats,
    onEvent(event) {
      switch (event.type) {
        case 'page':
          stats.pages++;
          waitingSince = undefined;
          break;
        case 'retry':
          stats.retries++;
          waitingSince = Date.now();
          break;
        case 'throttle':
          stats.throttledMs += event.waitedMs;
          break;
        case 'credits':
          stats.credits += event.credits;
          break;
        case 'duplicate':
          stats.duplicates += event.count;
          break;
        case 'response':
          waitingSince = undefined;
          break;
        default:
          break;
      }
    },
    start() {
      if (options.quiet) return;
      if (live) {
        timer = setInterval(drawBar, BAR_REFRESH_MS);
      } else {
        timer = setInterval(
          () => stream.write(`progress: ${describe(stats, Date.now() - startedAt)}\n`),
          lineIntervalMs,
        );
      }
      timer.unref();
    },
    finish(outcome) {
      if (timer) clearInterval(timer);
      clearBar();
      stream.write(`${outcome}: ${describe(stats, Date.now() - startedAt)}\n`);
    },
    note(text) {
      clearBar();
      stream.write(text + '\n');
    },
  };
}

/** "1,234 videos · 13 pages · 5 duplicates dropped · 3 retries · 1.2s throttled · 40 credits · 4.3s". */
export function describe(stats: CrawlStats, elapsedMs: number): string {
  const parts = [
    `${count(stats.videos)} videos`,
    `${count(stats.pages)} pages` +
      (stats.refetchedPages > 0 ? ` (${stats.refetchedPages} fetched again)` : ''),
    `${count(stats.duplicates)} duplicates dropped`,
    `${count(stats.retries)} retries`,
    `${seconds(stats.throttledMs)} throttled`,
  ];
  if (stats.credits > 0) parts.push(`${count(stats.credits)} credits`);
  parts.push(`${seconds(elapsedMs)} elapsed`);
  return parts.join(' · ');
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
