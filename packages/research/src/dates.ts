import { TikrxError } from '@tikrx/core';

/** A day as the API takes it: `YYYYMMDD`, `YYYY-MM-DD`, or a `Date` (its UTC day). */
export type DayInput = string | Date;

/** Inclusive range of UTC days, as `YYYYMMDD` strings (what the API and checkpoints carry). */
export interface DayRange {
  start: string;
  end: string;
}

const MS_PER_DAY = 86_400_000;

/**
 * The API's rule: "end_date must be no more than 30 days after the start_date", both ends
 * inclusive. A window of 30 days (end − start = 29) keeps every request valid with a day to
 * spare; a user may ask for up to {@link MAX_WINDOW_DAYS}.
 */
export const DEFAULT_WINDOW_DAYS = 30;
/** The longest date range (in days, both ends included) the API takes in one query. */
export const MAX_WINDOW_DAYS = 31;

/** Days since 1970-01-01 UTC of a day input; `bad_request` when it is no real day. */
export function dayNumberOf(input: DayInput, label = 'date'): number {
  if (input instanceof Date) {
    const ms = input.getTime();
    if (Number.isNaN(ms)) throw badDate(label, 'Invalid Date');
    return Math.floor(ms / MS_PER_DAY);
  }
  if (typeof input !== 'string') throw badDate(label, String(input));
  const match = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(input);
  // "2024-0101" mixes both forms; accept only one of them.
  if (match === null || (input.length !== 8 && input.length !== 10)) throw badDate(label, input);
  const [, y, m, d] = match as unknown as [string, string, string, string];
  const ms = Date.UTC(Number(y), Number(m) - 1, Number(d));
  const back = new Date(ms);
  if (
    back.getUTCFullYear() !== Number(y) ||
    back.getUTCMonth() !== Number(m) - 1 ||
    back.getUTCDate() !== Number(d)
  ) {
    throw badDate(label, input);
  }
  return ms / MS_PER_DAY;
}

/** `YYYYMMDD` of a day number. */
export function formatDay(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10).replaceAll('-', '');
}

/** A day input as the API's `YYYYMMDD`. */
export function toApiDate(input: DayInput, label = 'date'): string {
  return formatDay(dayNumberOf(input, label));
}

/** Number of days in an inclusive range. */
export function daysIn(range: DayRange): number {
  return dayNumberOf(range.end) - dayNumberOf(range.start) + 1;
}

/**
 * Consecutive windows of at most `days` days covering `range` (both ends inclusive, like
 * the API), earliest first.
 */
export function windowsOf(range: DayRange, days: number): DayRange[] {
  const first = dayNumberOf(range.start);
  const last = dayNumberOf(range.end);
  const windows: DayRange[] = [];
  for (let start = first; start <= last; start += days) {
    windows.push({ start: formatDay(start), end: formatDay(Math.min(start + days - 1, last)) });
  }
  return windows;
}

/** The range cut in two halves (the first one day longer when odd); one day cannot be cut. */
export function halvesOf(range: DayRange): [DayRange, DayRange] | undefined {
  const first = dayNumberOf(range.start);
  const last = dayNumberOf(range.end);
  if (last <= first) return undefined;
  const mid = first + Math.floor((last - first) / 2);
  return [
    { start: formatDay(first), end: formatDay(mid) },
    { start: formatDay(mid + 1), end: formatDay(last) },
  ];
}

function badDate(label: string, value: string): TikrxError {
  return new TikrxError({
    kind: 'bad_request',
    message: `${label} must be YYYYMMDD, YYYY-MM-DD or a valid Date; got ${JSON.stringify(value)}`,
  });
}
