import { badRequest } from '@tikrx/core/internal';
import { windowsOf } from '@tikrx/research';
import { addDays, dayOf, startOfDayMs } from './days.js';
import { type CrawlSpec, type DayWindow, DEFAULT_QUEUE_WINDOW_DAYS } from './job-data.js';

/** The days one run covers and the window jobs it is cut into. */
export interface RunPlan {
  /** Absent for kinds without dates. */
  range?: DayWindow;
  /** One entry per window job; `undefined` for the single window of a kind without dates. */
  windows: Array<DayWindow | undefined>;
  /** Last day the run covers completely; the next run of a recurring crawl starts the day after. */
  coversUntil?: string;
}

/**
 * Plans the next run of a crawl at `nowMs`. A recurring crawl catches up: it starts the day
 * after the last one a successful run covered completely (`coveredUntil`), or at `spec.from`.
 * A run that ends on the current day covers that day only partly (videos keep arriving), so
 * the next run fetches it again; rows are upserted, nothing is duplicated. `undefined` when
 * there is nothing new to fetch.
 */
export function planRun(
  spec: CrawlSpec,
  coveredUntil: string | undefined,
  nowMs: number,
): RunPlan | undefined {
  if (spec.kind !== 'research.videos') return { windows: [undefined] };
  const today = dayOf(nowMs);
  const start =
    coveredUntil === undefined ? spec.from : maxDay(spec.from, addDays(coveredUntil, 1));
  const end = minDay(spec.to ?? today, today);
  if (start > end) return undefined;
  const windowDays = spec.windowDays ?? DEFAULT_QUEUE_WINDOW_DAYS;
  const range = { start, end };
  // The last day is complete once it is over: a run that starts after its end covers it.
  const endComplete = nowMs >= startOfDayMs(addDays(end, 1));
  return {
    range,
    windows: windowsOf(range, windowDays),
    coversUntil: endComplete ? end : addDays(end, -1),
  };
}

/** Checks a spec before it is queued (`bad_request` naming the problem). */
export function validateWindowDays(windowDays: number | undefined): void {
  if (windowDays === undefined) return;
  if (!Number.isInteger(windowDays) || windowDays < 1 || windowDays > 30) {
    throw badRequest(`windowDays must be an integer from 1 to 30; got ${String(windowDays)}`);
  }
}

function maxDay(a: string, b: string): string {
  return a > b ? a : b;
}

function minDay(a: string, b: string): string {
  return a < b ? a : b;
}
