import { isTikrxError, type TikrxError, type WindowState } from '@tikrx/core';
import {
  asapScheduler,
  asyncScheduler,
  Observable,
  type Subscriber,
  type Subscription,
  switchMap,
  timer,
} from 'rxjs';
import { encodeWindow, type ResearchCheckpoint, reportCheckpoint } from './checkpoint.js';
import { gapError, stuckCursorError } from './crawl-errors.js';
import type { CrawlSpec } from './crawl-spec.js';
import {
  type CrawlWindow,
  cutWindow,
  datedMemory,
  dateWindow,
  doneEntry,
  openWindow,
  pageItemsOf,
  recordItem,
  requestOf,
  stealCandidateOf,
  windowEventOf,
} from './crawl-window.js';
import { type DayRange, daysIn } from './dates.js';
import { planSteal, StealCosts } from './steal-plan.js';
import { daysOf, splitWindow } from './window-plan.js';
import { type RunCommand, startRun, step } from './window-run.js';
import type { CrawlPage, PageAt } from './wire.js';

export type { CrawlSpec } from './crawl-spec.js';
export type { CrawlTarget } from './crawl-window.js';

/**
 * Runs a crawl's windows, `concurrency` at a time, each through its window run (window-run.ts),
 * and keeps the checkpoint: reported after every page and once more when the stream stops,
 * exact to the item. Windows split by failures run next; a free slot with nothing left to
 * start may take part of a running window (work stealing); days given up are reported once
 * every other window is over, and the stream then fails naming them.
 */
export function crawl<T>(spec: CrawlSpec<T>): Observable<T> {
  return new Observable<T>((subscriber) => new Crawl(spec, subscriber).start());
}

class Crawl<T> {
  private readonly done: ResearchCheckpoint['done'];
  /** Every window not done, in checkpoint order (gaps of this run included: they stay pending). */
  private readonly open: CrawlWindow[];
  private readonly pending: CrawlWindow[];
  private readonly running = new Map<CrawlWindow, Subscription | undefined>();
  private readonly gaps: Array<{ window: CrawlWindow; error: TikrxError }> = [];
  private readonly costs = new StealCosts();
  private finished = false;

  constructor(
    private readonly spec: CrawlSpec<T>,
    private readonly subscriber: Subscriber<T>,
  ) {
    this.done = spec.done.map((range) => ({ ...range }));
    this.open = spec.windows.map(openWindow);
    this.pending = [...this.open];
  }

  start(): () => void {
    for (const window of this.pending) this.windowEvent(window, 'waiting');
    this.pump();
    return () => {
      for (const subscription of this.running.values()) subscription?.unsubscribe();
      this.running.clear();
      // Stopped early: the checkpoint now knows exactly which items of the open pages went out.
      if (!this.finished) this.reportQuietly();
    };
  }

  /** Starts windows while there are free slots (stealing when none is left to start); ends the crawl when nothing is left. */
  private pump(): void {
    if (this.finished) return;
    while (this.running.size < this.spec.concurrency) {
      if (this.pending.length === 0 && !this.steal()) break;
      const window = this.pending.shift() as CrawlWindow;
      this.running.set(window, undefined);
      this.windowEvent(window, 'running');
      this.execute(window, startRun(window.state.at, window.state.days).commands);
    }
    if (this.running.size === 0 && this.pending.length === 0) this.end();
  }

  /** A free slot and nothing to start: the older part of a running window, if one is worth cutting. */
  private steal(): boolean {
    if (this.spec.steal === undefined) return false;
    const running = [...this.running.keys()].filter((window) => window.range !== undefined);
    const cut = planSteal(running.map(stealCandidateOf), this.costs.of(this.spec.steal));
    if (cut === undefined) return false;
    const window = running[cut.index] as CrawlWindow;
    this.windowEvent(window, 'split');
    const thief = cutWindow(window, cut.lastDay);
    this.open.splice(this.open.indexOf(window), 0, thief);
    this.pending.push(thief);
    this.windowEvent(window, 'running');
    this.windowEvent(thief, 'waiting');
    return true;
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
    const scheduler = this.spec.scheduler ?? asyncScheduler;
    let sentAt = 0;
    // The next page goes out as soon as this one is handled (a microtask), not after every other
    // page that arrived meanwhile was handled too (a timer): at 16 windows, ~100 ms a round.
    const page$ = timer(
      delayMs,
      delayMs === 0 && this.spec.scheduler === undefined ? asapScheduler : scheduler,
    ).pipe(
      switchMap(() => {
        sentAt = scheduler.now();
        return this.spec.fetchPage(requestOf(window), at);
      }),
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
      next: (page) =>
        guarded(() => {
          this.costs.page(scheduler.now() - sentAt);
          if (window.state.refusals > 0) this.costs.warmup(window.state.waitedMs);
          this.onPage(window, at, page);
        }),
      error: (error: unknown) => guarded(() => this.onError(window, error)),
    });
    if (this.running.has(window)) this.running.set(window, subscription);
    else subscription.unsubscribe();
  }

  private onError(window: CrawlWindow, error: unknown): void {
    if (!isTikrxError(error)) {
      this.fail(error);
      return;
    }
    if (this.spec.endsWindowOnly?.(error, window) === true) {
      this.finishWindow(window);
      if (!this.finished) this.report();
      return;
    }
    const next = step(window.state, { type: 'error', error }, this.spec.policy);
    window.state = next.state;
    this.execute(window, next.commands);
  }

  private onPage(window: CrawlWindow, at: PageAt, page: CrawlPage<T>): void {
    const { items, dropped, passedStart } = pageItemsOf(window, page.items, this.spec);
    const { emit } = this.spec;
    // A restarted search, a resumed page or a split window may hand back items already emitted.
    if (dropped > 0) emit({ type: 'duplicate', source: 'research', count: dropped });
    emit({
      type: 'page',
      source: 'research',
      videos: items.length,
      hasMore: page.next !== undefined && !passedStart,
    });
    for (const item of items) {
      if (this.subscriber.closed) return;
      recordItem(window, item, this.spec);
      this.subscriber.next(item);
    }
    if (this.subscriber.closed) return;
    window.memory.pageDone();
    if (page.next !== undefined && page.next.cursor === at.cursor) {
      // has_more with a cursor that did not move is the API's bug: stop rather than loop.
      this.fail(stuckCursorError(at.cursor));
      return;
    }
    const next = step(
      window.state,
      { type: 'page', next: page.next, passedStart },
      this.spec.policy,
    );
    window.state = next.state;
    this.execute(window, next.commands);
    // A slot may have room for part of this window now that it has shown how much is left.
    if (!this.finished && this.pending.length === 0) this.pump();
    if (!this.finished) this.report();
  }

  /** The search is gone: search afresh over what is left of the window. */
  private restart(window: CrawlWindow): void {
    const range = datedMemory(window).remainder(window.range as DayRange);
    window.range = range;
    window.search = undefined;
    window.state = { ...window.state, days: daysIn(range) };
    this.report();
    this.fetch(window, window.state.at, 0);
  }

  /** A window that keeps failing: its remainder as two windows, run next. */
  private split(window: CrawlWindow): void {
    const memory = datedMemory(window);
    const remainder = memory.remainder(window.range as DayRange);
    const halves = splitWindow(remainder) ?? [remainder];
    const children = halves.map((range) => dateWindow(range, memory.child(range)));
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
    this.done.push(doneEntry(window));
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
    const event = windowEventOf(window, state);
    if (event !== undefined) this.spec.emit(event);
  }

  private snapshot(): ResearchCheckpoint {
    const gaps = this.gapDays();
    return {
      version: 1,
      kind: this.spec.kind,
      key: this.spec.key,
      done: this.done.map((range) => ({ ...range })),
      windows: this.open.map(({ range, search, target, state, memory }) =>
        encodeWindow({ range, search, target, at: state.at, memory }),
      ),
      ...(gaps.length === 0 ? {} : { gaps }),
    };
  }

  private report(): void {
    if (this.spec.reportsCheckpoints === false) return;
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
