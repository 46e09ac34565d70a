const DAY_MS = 86_400_000;
/** A crawl of decades would draw a strip no one can read; past this the strip stops. */
const MAX_DAYS = 3_660;

/** `2024-01-31` or `20240131` → `20240131`. */
export function toCompactDay(day: string): string {
  return day.replaceAll('-', '');
}

export const SECONDS_PER_DAY = 86_400;

/** `YYYYMMDD` of a UTC day number (days since 1970-01-01). */
export function dayOfDayNumber(dayNumber: number): string {
  return toCompactDay(new Date(dayNumber * DAY_MS).toISOString().slice(0, 10));
}

/** Every `YYYYMMDD` from `start` to `end`, both inclusive; empty if either is not a day. */
export function daysOf(start: string, end: string): string[] {
  const first = epochMsOf(start);
  const last = epochMsOf(end);
  if (first === undefined || last === undefined) return [];
  const days: string[] = [];
  for (let ms = first; ms <= last && days.length < MAX_DAYS; ms += DAY_MS) {
    days.push(toCompactDay(new Date(ms).toISOString().slice(0, 10)));
  }
  return days;
}

function epochMsOf(day: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(toCompactDay(day));
  if (match === null) return undefined;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(ms) ? undefined : ms;
}
