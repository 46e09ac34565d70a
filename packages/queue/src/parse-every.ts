import { badRequest } from '@tikrx/core/internal';

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--every` as ms: `90s`, `15m`, `1h`, `1d` (a whole number and a unit), at least one second. */
export function parseEvery(every: string | number): number {
  if (typeof every === 'number') {
    if (Number.isInteger(every) && every >= 1_000) return every;
    throw badRequest(`every must be at least 1000 ms; got ${every}`);
  }
  const match = /^(\d+)\s*([smhd])$/.exec(every.trim());
  const ms = match === null ? Number.NaN : Number(match[1]) * (UNIT_MS[match[2]!] ?? Number.NaN);
  if (!Number.isFinite(ms) || ms < 1_000) {
    throw badRequest(
      `every must be a number and a unit (90s, 15m, 1h, 1d); got ${JSON.stringify(every)}`,
    );
  }
  return ms;
}
