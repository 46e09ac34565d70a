import { of } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { createIdStore } from './id-store.js';
import { type WatchWindow, watch } from './watch.js';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

/** A source whose items are ids of minutes inside the window (one item a minute of data). */
const minutesIn = (window: WatchWindow) => {
  const ids: Array<{ id: string }> = [];
  for (let t = Math.ceil(window.since / 10) * 10; t <= window.until; t += 10)
    ids.push({ id: `v${t}` });
  return ids;
};

describe('watch', () => {
  it('re-runs the source every interval over a sliding window and emits only new ids', () => {
    const test = scheduler();
    test.run(({ expectObservable }) => {
      const windows: WatchWindow[] = [];
      const watched = watch({
        source: (window) => {
          windows.push(window);
          return of(...minutesIn(window));
        },
        intervalMs: 20,
        windowMs: 20,
        lagMs: 10,
        runs: 3,
        scheduler: test,
      });
      // run 0 at t=0 covers -30..0; run 1 at 20 covers -10..20; run 2 at 40 covers 10..40
      expectObservable(watched).toBe('(abcd) 14ms (ef) 16ms (gh|)', {
        a: { id: 'v-30' },
        b: { id: 'v-20' },
        c: { id: 'v-10' },
        d: { id: 'v0' },
        e: { id: 'v10' },
        f: { id: 'v20' },
        g: { id: 'v30' },
        h: { id: 'v40' },
      });
      test.flush();
      expect(windows.map((w) => [w.since, w.until, w.run])).toEqual([
        [-30, 0, 0],
        [-10, 20, 1],
        [10, 40, 2],
      ]);
    });
  });

  it('remembers ids across restarts through the store', () => {
    const test = scheduler();
    test.run(({ expectObservable }) => {
      const store = createIdStore();
      const source = () => of({ id: 'a' }, { id: 'b' });
      const first = watch({ source, intervalMs: 5, runs: 1, store, scheduler: test });
      expectObservable(first).toBe('(ab|)', { a: { id: 'a' }, b: { id: 'b' } });
    });
    // A second watch over the same store (a restart) emits nothing already seen.
    const store = createIdStore();
    store.add('a');
    const again = scheduler();
    again.run(({ expectObservable }) => {
      const restarted = watch({
        source: () => of({ id: 'a' }, { id: 'c' }),
        intervalMs: 5,
        runs: 2,
        store,
        scheduler: again,
      });
      expectObservable(restarted).toBe('c 4ms |', { c: { id: 'c' } });
    });
  });

  it('waits for a slow run before the next, and skips a failed run when asked', () => {
    const test = scheduler();
    test.run(({ cold, expectObservable }) => {
      const skipped: number[] = [];
      let calls = 0;
      const watched = watch({
        source: (window) => {
          calls++;
          if (window.run === 1) return cold('#', {}, new Error('500'));
          return cold('--x|', { x: { id: `r${window.run}` } });
        },
        intervalMs: 2,
        runs: 3,
        onRunError: 'skip',
        onSkippedRun: (_error, window) => skipped.push(window.run),
        scheduler: test,
      });
      // run 0: 0..3 (longer than the interval), run 1 fails at 3, run 2 starts at 5
      expectObservable(watched).toBe('--a----b|', { a: { id: 'r0' }, b: { id: 'r2' } });
      test.flush();
      expect(skipped).toEqual([1]);
      expect(calls).toBe(3);
    });
  });

  it('refuses a zero interval', () => {
    expect(() => watch({ source: () => of(), intervalMs: 0 })).toThrow(/intervalMs/);
  });
});
