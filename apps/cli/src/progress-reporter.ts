import { clearLine, cursorTo } from 'node:readline';
import type { TikrxEvent } from '@tikrx/core';
import { createProgress, type ProgressSnapshot } from '@tikrx/operators';

export interface ProgressReporterOptions {
  /** Where the bar, the progress lines, the notes and the summary go. Default: stderr, never stdout. */
  stream?: NodeJS.WriteStream;
  /** A live bar on a terminal, else a plain line this often. */
  lineIntervalMs?: number;
  /** `--quiet`: only the closing summary. */
  quiet?: boolean;
  /** Clock in ms, for tests. */
  now?: () => number;
}

export interface ProgressReporter {
  /** Feed it every client event. */
  onEvent(event: TikrxEvent): void;
  /** A video the CLI dropped as already written. */
  onDuplicate(): void;
  /** A video that reached the output. */
  onVideoWritten(): void;
  /** A page a resumed crawl fetched again because the checkpoint lagged the output. */
  onPageFetchedAgain(): void;
  start(): void;
  /** Stops the bar and prints the summary line. */
  finish(outcome: string): void;
  /** Prints a line above the bar (a warning, a note). */
  note(text: string): void;
  /** The counters the line prints, for `--dashboard`. */
  snapshot(): ProgressSnapshot;
}

const BAR_REFRESH_MS = 150;
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
/** A progress line this often when stderr is not a terminal; `TIKRX_PROGRESS_INTERVAL_MS` overrides it. */
const DEFAULT_LINE_INTERVAL_MS = 5_000;

/**
 * The progress line and the closing summary. The counters are `createProgress` from
 * `@tikrx/operators`; this adds what only the CLI knows (pages fetched again on resume, how
 * long it has been waiting on a retry) and renders them.
 */
export function createProgressReporter(options: ProgressReporterOptions = {}): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? (() => performance.now());
  const live = stream.isTTY === true && options.quiet !== true;
  const lineIntervalMs =
    options.lineIntervalMs ?? lineIntervalFromEnv() ?? DEFAULT_LINE_INTERVAL_MS;
  const tracker = createProgress({ now });
  let refetchedPages = 0;
  const field: FieldNotes = { gapDays: [] };
  let waitingSince: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let frame = 0;
  let barShown = false;

  const summary = (): string => describe(tracker.snapshot(), refetchedPages, field);
  const clearBar = (): void => {
    if (!barShown) return;
    cursorTo(stream, 0);
    clearLine(stream, 0);
    barShown = false;
  };
  const drawBar = (): void => {
    const spinner = SPINNER[frame++ % SPINNER.length];
    const waiting = waitingSince === undefined ? '' : ` · waiting ${seconds(now() - waitingSince)}`;
    cursorTo(stream, 0);
    stream.write(`${spinner} ${summary()}${waiting}`.slice(0, (stream.columns || 120) - 1));
    clearLine(stream, 1);
    barShown = true;
  };

  const note = (text: string): void => {
    clearBar();
    stream.write(`${text}\n`);
  };

  return {
    onEvent(event) {
      tracker.onEvent(event);
      if (event.type === 'retry') waitingSince = now();
      else if (event.type === 'page' || event.type === 'response') waitingSince = undefined;
      const line = noteField(field, event);
      if (line !== undefined && options.quiet !== true) note(line);
    },
    onDuplicate: tracker.onDuplicate,
    onVideoWritten: tracker.countVideo,
    onPageFetchedAgain() {
      refetchedPages++;
    },
    start() {
      if (options.quiet) return;
      timer = live
        ? setInterval(drawBar, BAR_REFRESH_MS)
        : setInterval(() => stream.write(`progress: ${summary()}\n`), lineIntervalMs);
      timer.unref();
    },
    finish(outcome) {
      if (timer) clearInterval(timer);
      tracker.finish();
      clearBar();
      stream.write(`${outcome}: ${summary()}\n`);
    },
    note,
    snapshot: tracker.snapshot,
  };
}

/** What the Research API's field behaviours add to the line: the quota spent today, gap days. */
interface FieldNotes {
  quota?: { usedToday: number; limit: number };
  gapDays: string[];
}

/** Keeps what the line shows of `event`; returns a note to print above it, if any. */
function noteField(field: FieldNotes, event: TikrxEvent): string | undefined {
  switch (event.type) {
    case 'quota':
      field.quota = { usedToday: event.usedToday, limit: event.limit };
      return undefined;
    case 'gap':
      field.gapDays = [...new Set([...field.gapDays, ...event.days])].sort();
      return `gap: ${event.days.join(', ')} kept failing (${event.kind}); left pending in the checkpoint, a rerun with it retries only them`;
    case 'warning':
      return `warning: ${event.message}`;
    case 'rate':
      return event.reason === 'throttled'
        ? `rate limited by the API: slowed to ${count(event.requestsPerMinute)} requests/min for every window`
        : `rate recovering: ${count(event.requestsPerMinute)} requests/min for every window`;
    default:
      return undefined;
  }
}

/**
 * "1,234 videos · 13 pages · 5 duplicates dropped · 3 retries · 1.2s throttled · 40 credits ·
 * 4.3s elapsed". Videos are those that reached the output.
 */
export function describe(
  snapshot: ProgressSnapshot,
  refetchedPages = 0,
  field: FieldNotes = { gapDays: [] },
): string {
  const parts = [
    `${count(snapshot.videos)} videos`,
    `${count(snapshot.pages)} pages` +
      (refetchedPages > 0 ? ` (${count(refetchedPages)} fetched again)` : ''),
    `${count(snapshot.duplicates)} duplicates dropped`,
    `${count(snapshot.retries)} retries`,
    `${seconds(snapshot.waitedMs)} throttled`,
  ];
  if (snapshot.credits > 0) parts.push(`${count(snapshot.credits)} credits`);
  if (field.quota !== undefined) {
    parts.push(`requests today: ${count(field.quota.usedToday)} of ${count(field.quota.limit)}`);
  }
  if (field.gapDays.length > 0) parts.push(`gap days: ${field.gapDays.join(', ')}`);
  parts.push(`${seconds(snapshot.elapsedMs)} elapsed`);
  return parts.join(' · ');
}

function lineIntervalFromEnv(): number | undefined {
  const text = process.env['TIKRX_PROGRESS_INTERVAL_MS'];
  const value = Number(text);
  return text !== undefined && /^\d+$/.test(text) && value > 0 ? value : undefined;
}

/** 9872 → "9,872". Not `toLocaleString`: its first call loads ICU's data, ~25 ms at every summary. */
function count(value: number): string {
  if (!Number.isSafeInteger(value)) return value.toLocaleString('en-US');
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
