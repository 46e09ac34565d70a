import type { TikrxEvent } from '@tikrx/core';
import { TikrxError } from '@tikrx/core';
import { concat, from, lastValueFrom, throwError, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createProgress, progress } from './progress.js';

describe('createProgress + progress()', () => {
  it('counts requests, pages, videos, duplicates, retries, waits, credits and errors', async () => {
    let nowMs = 0;
    const tracker = createProgress({ now: () => nowMs });
    const events: TikrxEvent[] = [
      { type: 'request', source: 'research', method: 'POST', url: 'u', attempt: 1 },
      { type: 'response', source: 'research', status: 429, durationMs: 3 },
      { type: 'retry', source: 'research', attempt: 1, delayMs: 10, kind: 'rate_limited' },
      { type: 'throttle', source: 'research', waitedMs: 250 },
      { type: 'request', source: 'research', method: 'POST', url: 'u', attempt: 2 },
      { type: 'response', source: 'research', status: 200, durationMs: 3 },
      { type: 'page', source: 'research', videos: 3, hasMore: false },
      { type: 'credits', source: 'socialfetch', credits: 2 },
      { type: 'duplicate', source: 'research', count: 1 },
      { type: 'checkpoint', source: 'research', checkpoint: { cursor: 3 } },
    ];
    for (const event of events) tracker.onEvent(event);
    tracker.onDuplicate();
    const snapshots = lastValueFrom(tracker.snapshots$.pipe(toArray()));
    nowMs = 1500;
    await lastValueFrom(from([1, 2]).pipe(progress({ tracker })));
    nowMs = 9999;
    expect(tracker.snapshot()).toEqual({
      requests: 2,
      responses: 2,
      pages: 1,
      videosReceived: 3,
      videos: 2,
      duplicates: 2,
      retries: 1,
      waitedMs: 250,
      credits: 2,
      errors: { rate_limited: 1 },
      elapsedMs: 1500,
      checkpoint: { cursor: 3 },
    });
    expect((await snapshots).map((s) => s.videos)).toEqual([1, 2, 2]);
  });

  it('counts the error that ends the stream by kind', async () => {
    const tracker = createProgress();
    const failing = concat(
      from([1]),
      throwError(() => new TikrxError({ kind: 'auth', message: 'no' })),
    );
    await expect(lastValueFrom(failing.pipe(progress({ tracker })))).rejects.toThrow('no');
    expect(tracker.snapshot()).toMatchObject({ videos: 1, errors: { auth: 1 } });
  });
});
