/** `YYYYMMDD` `days` after `day` (`YYYYMMDD`; a negative count goes back). */
export function addDays(day: string, days: number): string {
  const ms = Date.UTC(
    Number(day.slice(0, 4)),
    Number(day.slice(4, 6)) - 1,
    Number(day.slice(6, 8)),
  );
  return new Date(ms + days * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
}
