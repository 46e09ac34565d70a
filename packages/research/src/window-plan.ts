import {
  type DayRange,
  DEFAULT_WINDOW_DAYS,
  dayNumberOf,
  daysIn,
  formatDay,
  halvesOf,
  windowsOf,
} from './dates.js';

/**
 * The windows of a date-range crawl: `windowDays` each when given, else the range cut into
 * `concurrency` windows of as equal a number of days as can be (at most the API's 30 days
 * each, the longer ones first) so every slot has one and none holds more days than it must.
 * Earliest first.
 */
export function planWindows(
  range: DayRange,
  options: { windowDays?: number | undefined; concurrency: number },
): DayRange[] {
  if (options.windowDays !== undefined) return windowsOf(range, options.windowDays);
  const days = daysIn(range);
  const count = Math.min(
    days,
    Math.max(options.concurrency, Math.ceil(days / DEFAULT_WINDOW_DAYS)),
  );
  const first = dayNumberOf(range.start);
  const windows: DayRange[] = [];
  for (let k = 0, start = first; k < count; k++) {
    const size = Math.floor(days / count) + (k < days % count ? 1 : 0);
    windows.push({ start: formatDay(start), end: formatDay(start + size - 1) });
    start += size;
  }
  return windows;
}

/**
 * A failing window cut in two, early: the field's failing ranges answer 500 every time, and
 * each failure spends quota. Undefined for a single day (it becomes a gap instead).
 */
export function splitWindow(range: DayRange): DayRange[] | undefined {
  return halvesOf(range);
}

/** Days the Research index lags behind the clock (the field: about 2). */
export const INDEX_LAG_DAYS = 2;

/**
 * The warning for an `endDate` inside the index's lag: its last days may come back short.
 * Undefined when the range ends before it.
 */
export function indexLagWarning(range: DayRange, nowMs: number): string | undefined {
  const today = Math.floor(nowMs / 86_400_000);
  const firstLagging = today - INDEX_LAG_DAYS + 1;
  if (dayNumberOf(range.end) < firstLagging) return undefined;
  return `endDate ${range.end} is within the last ${INDEX_LAG_DAYS} days (from ${formatDay(firstLagging)}): the Research index does not hold them yet, so those days may come back empty or short`;
}

/** Every day of a range, `YYYYMMDD`. */
export function daysOf(range: DayRange): string[] {
  const first = dayNumberOf(range.start);
  const last = dayNumberOf(range.end);
  const days: string[] = [];
  for (let day = first; day <= last; day++) days.push(formatDay(day));
  return days;
}
