import { toApiDate } from '@tikrx/research';

const MS_PER_DAY = 86_400_000;

/** `YYYYMMDD` of the UTC day `ms` falls in. */
export function dayOf(ms: number): string {
  return toApiDate(new Date(ms));
}

/** `YYYYMMDD` `days` after (or before, when negative) `day`. */
export function addDays(day: string, days: number): string {
  return dayOf(startOfDayMs(day) + days * MS_PER_DAY);
}

/** Ms since the epoch of 00:00 UTC of `day`. */
export function startOfDayMs(day: string): number {
  const apiDay = toApiDate(day);
  return Date.UTC(
    Number(apiDay.slice(0, 4)),
    Number(apiDay.slice(4, 6)) - 1,
    Number(apiDay.slice(6, 8)),
  );
}

/** The next 00:00 UTC after `ms`: when a daily quota resets. */
export function nextUtcMidnightMs(ms: number): number {
  return (Math.floor(ms / MS_PER_DAY) + 1) * MS_PER_DAY;
}
