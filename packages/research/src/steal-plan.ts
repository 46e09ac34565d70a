/**
 * Work stealing between the windows of a date-range crawl: a slot with nothing left to start
 * takes the older part of a running window's remaining days. Results come newest first (the
 * window memory relies on it too), so what is left of a running window is
 * `start..boundaryDay`, the oldest day it emitted; the days strictly before that day are
 * untouched and can be searched by another window, exactly. The running window keeps its
 * search and stops at the first video before its new start (that video belongs to the other
 * window). This needs each video's day from its `create_time`: a day is never inferred from
 * an id alone.
 */

/** A running date window as stealing sees it (day numbers). */
export interface StealCandidate {
  /** The first day the window answers for. */
  startDay: number;
  /** The oldest and newest days of the videos it emitted; undefined before its first video. */
  boundaryDay: number | undefined;
  newestDay: number | undefined;
  /** Videos it emitted (all of them on boundaryDay..newestDay). */
  videos: number;
  /** Retrying, waiting out a warm-up, or over: not to be cut now. */
  busy: boolean;
}

/** How eager stealing is. */
export interface StealPolicy {
  /** Videos a page holds (the request's `max_count`). */
  pageSize: number;
  /**
   * Pages a window must still have, by estimate, to be cut: each cut costs about one request
   * (the thief's last page is short, and the page where the window meets the thief's days is
   * fetched by both), so only a window with several pages left is worth it.
   */
  minPagesLeft: number;
  /**
   * What a page takes, and what a fresh search waits before its second page is accepted (the
   * field's warm-up), as the crawl has seen them: a new window pays the wait, so a cut must
   * save more than that.
   */
  pageMs?: number;
  warmupMs?: number;
}

export const DEFAULT_STEAL_POLICY: Omit<StealPolicy, 'pageSize'> = { minPagesLeft: 4 };

/** A cut: the candidate at `index` gives `startDay..lastDay` (its own start) to a new window. */
export interface Steal {
  index: number;
  lastDay: number;
}

/**
 * The window with the most pages left (estimated from the videos per day it has seen so far),
 * cut so the new window takes the older half of its untouched days; undefined when no window
 * has enough left.
 */
export function planSteal(
  candidates: readonly StealCandidate[],
  policy: StealPolicy,
): Steal | undefined {
  const { pageMs = 0, warmupMs = 0 } = policy;
  // Halving what is left saves half of it; the new window first waits out its warm-up.
  const minPagesLeft = Math.max(
    policy.minPagesLeft,
    pageMs > 0 ? (2 * warmupMs) / pageMs + 2 : warmupMs > 0 ? Number.POSITIVE_INFINITY : 0,
  );
  let best: { index: number; pagesLeft: number; lastDay: number } | undefined;
  candidates.forEach((window, index) => {
    const { startDay, boundaryDay, newestDay, videos, busy } = window;
    if (busy || boundaryDay === undefined || newestDay === undefined) return;
    // Days before the boundary day are untouched; the boundary day itself is in progress.
    const untouchedDays = boundaryDay - startDay;
    if (untouchedDays < 1) return;
    const perDay = videos / (newestDay - boundaryDay + 1);
    const pagesLeft = (perDay * (untouchedDays + 0.5)) / policy.pageSize;
    if (pagesLeft < minPagesLeft) return;
    if (best !== undefined && best.pagesLeft >= pagesLeft) return;
    // The window keeps the boundary day's rest: give the new one the larger half of the others.
    best = { index, pagesLeft, lastDay: startDay + Math.ceil(untouchedDays / 2) - 1 };
  });
  return best === undefined ? undefined : { index: best.index, lastDay: best.lastDay };
}

/** What pages and warm-ups cost in this crawl, as seen so far: the costs `planSteal` weighs. */
export class StealCosts {
  private pageMs: number | undefined;
  private warmupMs = 0;

  /** A page came back `ms` after it was sent. */
  page(ms: number): void {
    this.pageMs = this.pageMs === undefined ? ms : 0.8 * this.pageMs + 0.2 * ms;
  }

  /** A search's id was accepted after waiting `ms` on it. */
  warmup(ms: number): void {
    this.warmupMs = Math.max(this.warmupMs, ms);
  }

  /** `policy` with the costs seen. */
  of(policy: StealPolicy): StealPolicy {
    return {
      ...policy,
      ...(this.pageMs === undefined ? {} : { pageMs: this.pageMs }),
      warmupMs: this.warmupMs,
    };
  }
}
