import type { TikrxEvent } from '@tikrx/core';

/** The Research API's daily request quota: 1,000 requests, reset at 00:00 UTC. */
export const DAILY_REQUEST_QUOTA = 1_000;

const DAY_MS = 86_400_000;

/**
 * Counts the requests a client spent against the daily quota in the current UTC day, failures
 * included (the field: a 500 spends quota like a success), as `quota` events.
 */
export function createQuotaMeter(
  limit: number,
  now: () => number,
): () => Extract<TikrxEvent, { type: 'quota' }> {
  let day = Number.NaN;
  let used = 0;
  return () => {
    const today = Math.floor(now() / DAY_MS);
    if (today !== day) {
      day = today;
      used = 0;
    }
    used += 1;
    return {
      type: 'quota',
      source: 'research',
      usedToday: used,
      limit,
      resetsAt: new Date((today + 1) * DAY_MS).toISOString(),
    };
  };
}
