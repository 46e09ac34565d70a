import {
  isTikrxError,
  type TikrxError,
  type TikrxEvent,
  type Video,
  type WindowState,
} from '@tikrx/core';
import {
  asyncScheduler,
  Observable,
  type SchedulerLike,
  type Subscriber,
  type Subscription,
  switchMap,
  timer,
} from 'rxjs';
import {
  type CheckpointWindow,
  decodeWindow,
  encodeWindow,
  type ResearchCheckpoint,
  reportCheckpoint,
} from './checkpoint.js';
import { gapError, stuckCursorError } from './crawl-errors.js';
import { type DayRange, daysIn } from './dates.js';
import type { WindowMemory } from './window-memory.js';
import { daysOf, splitWindow } from './window-plan.js';
import { type RunCommand, type RunPolicy, type RunState, startRun, step } from './window-run.js';
import type { PageAt, WirePage } from './wire.js';

/** What a crawl is: its windows (from a plan or a checkpoint) and how to fetch one page. */
export interface CrawlSpec {
  kind: ResearchCheckpoint['kind'];
  key: string;
  done: ResearchCheckpoint['done'];
  windows: CheckpointWindow[];
  concurrency: number;
  /** One page of a window (`range` undefined for a cursor-paged list), retried inside as the requester does. */
  fetchPage: (range: DayRange | undefined, at: PageAt) => Observable<WirePage>;
  emit: (event: TikrxEvent) => void;
  onCheckpoint?: ((checkpoint: ResearchCheckpoint) => void) | undefined;
  policy: RunPolicy;
  /** Drives the waits between tries. Default `asyncScheduler`. */
  scheduler?: SchedulerLike;
}

/** A window of the crawl: its range, where it stands, and what it emitted. */
interface CrawlWindow {
  range: DayRange | undefined;
  state: RunState;
  memory: WindowMemory;
  videos: number;
}

/**
 * Runs a crawl's windows, `concurrency` at a time, each through its window run (window-run.ts),
 * and keeps the checkpoint: reported after every page and once more when the stream stops,
 * exact to the video. Windows split by failures run next; days given up are reported once every
 * other window is over, and the stream then fails naming them.
 */
export function crawl(spec: CrawlSpec): Observable<Video> {
  return new Observable<Video>((subscriber) => new Crawl(spec, subscriber).start());
}

class Crawl {
  private readonly done: ResearchCheckpoint['done'];
  /** Every window not done, in checkpoint order (gaps of this run included: they stay pending). */
  private readonly open: CrawlWindow[];
  private readonly pending: CrawlWindow[];
  private readonly running = new Map<CrawlWindow, Subscription | undefined>();
  private readonly gaps: Array<{ window: CrawlWindow; error: TikrxError }> = [];
  private finished = false;

  constructor(
    private readonly spec: CrawlSpec,
    private readonly subscriber: Subscriber<Video>,
  ) {
    this.done = spec.done.map((range) => ({ ...range }));
    this.open = spec.windows.map((window) => {
      const { range, at, memory } = decodeWindow(window);
      const days = range === undefined ? undefined : daysIn(range);
      return { range, state: startRun(at, days).state, memory, videos: 0 };
    });
    this.pending = [...this.open];
  }

  start(): () => void {
    for (const window of this.pending) this.windowEvent(window, 'waiting');
    this.pump();
    return () => {
      for (const subscription of this.running.values()) subscription?.unsubscribe();
      this.running.clear();
      // Stopped early: the checkpoint now knows exactly which videos of the open pages went out.
      if (!this.finished) this.reportQuietly();
    };
  }

  /** Starts windows while there are free slots; ends the crawl when nothing is left. */
  private pump(): void {
    if (this.finished) return;
    while (this.running.size < this.spec.concurrency && this.pending.length > 0) {
      const window = this.pending.shift() as CrawlWindow;
      this.running.set(window, undefined);
      this.windowEvent(window, 'running');
      this.execute(window, startRun(window.state.at, window.state.days).commands);
    }
    if (this.running.size === 0 && this.pending.length === 0) this.end();
  }

  private execute(window: CrawlWindow, commands: readonly RunCommand[]): void {
    for (const command of commands) {
      switch (command.type) {
        case 'fetch':
          if (command.reason !== 'next') this.windowEvent(window, 'retrying');
          this.fetch(window, command.at, command.delayMs);
          break;
        case 'restart':
          this.restart(window);
          break;
        case 'split':
          this.split(window);
          break;
        case 'gap':
          this.gap(window, command.error);
          break;
        case 'done':
          this.finishWindow(window);
          break;
        case 'fail':
          this.fail(command.error);
          break;
      }
    }
  }

  private fetch(window: CrawlWindow, at: PageAt, delayMs: number): void {
    const page$ = timer(delayMs, this.spec.scheduler ?? asyncScheduler).pipe(
      switchMap(() => this.spec.fetchPage(window.range, at)),
    );
    // A listener that throws fails the stream with what it threw (never escapes RxJS).
    const guarded = (run: () => void) => {
      try {
        run();
      } catch (error) {
        this.fail(error);
      }
    };
    const subscription = page$.subscribe({
      next: (page) => guarded(() => this.onPage(window, at, page)),
      error: (error: unknown) =>
        guarded(() => {
          if (!isTikrxError(error)) {
            this.fail(error);
            return;
          }
          const next = step(window.state, { type: 'error', error }, this.spec.policy);
          window.state = next.state;
          this.execute(window, next.commands);
        }),
    });
    if (this.running.has(window)) this.running.set(window, subscription);
    else subscription.unsubscribe();
  }

  private onPage(window: CrawlWindow, at: PageAt, page: WirePage): void {
    const items = window.memory.fresh(page.videos);
    const dropped = page.videos.length - items.length;
    const { emit } = this.spec;
    // A restarted search, a resumed page or a split window may hand back videos already emitted.
    if (dropped > 0) emit({ type: 'duplicate', source: 'research', count: dropped });
    emit({
      type: 'page',
      source: 'research',
      videos: items.length,
      hasMore: page.next !== undefined,
    });
    for (const video of items) {
      if (this.subscriber.closed) return;
      window.memory.record(video);
      window.videos += 1;
      this.subscriber.next(video);
    }
    if (this.subscriber.closed) return;
    window.memory.pageDone();
    if (page.next !== undefined && page.next.cursor === at.cursor) {
      // has_more with a cursor that did not move is the API's bug: stop rather than loop.
      this.fail(stuckCursorError(at.cursor));
      return;
    }
    const next = step(window.state, { type: 'page', next: page.next }, this.spec.policy);
    window.state = next.state;
    this.execute(window, next.commands);
    if (!this.finished) this.report();
  }

  /** The search is gone: search afresh over what is left of the window. */
  private restart(window: CrawlWindow): void {
    const range = window.memory.remainder(window.range as DayRange);
    window.range = range;
    window.state = { ...window.state, days: daysIn(range) };
    this.report();
    this.fetch(window, window.state.at, 0);
  }

  /** A window that keeps failing: its remainder as two windows, run next. */
  private split(window: CrawlWindow): void {
    const remainder = window.memory.remainder(window.range as DayRange);
    const halves = splitWindow(remainder) ?? [remainder];
    const children = halves.map((range) => ({
      range,
      state: startRun({ cursor: 0 }, daysIn(range)).state,
      memory: window.memory.child(range),
      videos: 0,
    }));
    this.windowEvent(window, 'split');
    this.open.splice(this.open.indexOf(window), 1, ...children);
    this.pending.unshift(...children);
    for (const child of children) this.windowEvent(child, 'waiting');
    this.running.delete(window);
    this.report();
    this.pump();
  }

  /** A day that still fails: left pending for a later run, reported once the crawl is over. */
  private gap(window: CrawlWindow, error: TikrxError): void {
    this.gaps.push({ window, error });
    this.windowEvent(window, 'gap');
    this.running.delete(window);
    this.report();
    this.pump();
  }

  private finishWindow(window: CrawlWindow): void {
    this.open.splice(this.open.indexOf(window), 1);
    this.done.push(window.range === undefined ? {} : { ...window.range });
    this.windowEvent(window, 'done');
    this.running.delete(window);
    this.pump();
  }

  /** Every window is over: complete, or fail naming the days given up. */
  private end(): void {
    this.report();
    this.finished = true;
    if (this.gaps.length === 0) {
      this.subscriber.complete();
      return;
    }
    const days = this.gapDays();
    const last = (this.gaps.at(-1) as { error: TikrxError }).error;
    const { kind, message } = last;
    this.spec.emit({ type: 'gap', source: 'research', days, kind, message });
    this.subscriber.error(gapError(days, last));
  }

  private fail(error: unknown): void {
    if (this.finished) return;
    this.finished = true;
    for (const subscription of this.running.values()) subscription?.unsubscribe();
    this.running.clear();
    this.reportQuietly();
    this.subscriber.error(error);
  }

  private gapDays(): string[] {
    return this.gaps.flatMap(({ window }) => (window.range ? daysOf(window.range) : [])).sort();
  }

  private windowEvent(window: CrawlWindow, state: WindowState): void {
    if (window.range === undefined) return;
    const { start, end } = window.range;
    this.spec.emit({
      type: 'window',
      source: 'research',
      start,
      end,
      state,
      videos: window.videos,
    });
  }

  private snapshot(): ResearchCheckpoint {
    const gaps = this.gapDays();
    return {
      version: 1,
      kind: this.spec.kind,
      key: this.spec.key,
      done: this.done.map((range) => ({ ...range })),
      windows: this.open.map(({ range, state, memory }) =>
        encodeWindow({ range, at: state.at, memory }),
      ),
      ...(gaps.length === 0 ? {} : { gaps }),
    };
  }

  private report(): void {
    reportCheckpoint(this.snapshot(), this.spec);
  }

  /**
   * The last report of a stream that is failing or was unsubscribed. A listener that throws
   * here has no stream left to fail (and a throw from an error handler or a teardown would
   * escape RxJS as an uncaught exception): the stream's own error, if any, stands.
   */
  private reportQuietly(): void {
    try {
      this.report();
    } catch {
      // Ignored on purpose: see above.
    }
  }
}
