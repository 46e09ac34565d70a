import type { Video } from '@tikrx/core';
import { from, lastValueFrom, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBoundedStore } from './bounded-store.js';
import { dedupe } from './dedupe.js';
import type { DedupeStore } from './dedupe-store.js';

const video = (id: string, source: Video['source'] = 'research'): Video => ({ id, source });

describe('dedupe', () => {
  it('drops videos whose id was seen, keeping order and reporting each duplicate', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ cold, expectObservable }) => {
      const values = {
        a: video('7320768196569599275'),
        b: video('7320768196569599276'),
        c: video('7320768196569599275', 'display'),
      };
      const dropped: string[] = [];
      const out = cold('a-b-c-a|', values).pipe(
        dedupe({ onDuplicate: (v) => dropped.push(v.source) }),
      );
      expectObservable(out).toBe('a-b----|', values);
      return dropped;
    });
  });

  it('uses a key function for anything else', async () => {
    const out = await lastValueFrom(
      from(['a', 'B', 'A', 'b', 'c']).pipe(
        dedupe({ key: (s: string) => s.toLowerCase() }),
        toArray(),
      ),
    );
    expect(out).toEqual(['a', 'B', 'c']);
  });

  it('starts each subscription with a fresh store unless one is shared', async () => {
    const ids = from([video('1'), video('2')]);
    const deduped = ids.pipe(dedupe());
    expect(await lastValueFrom(deduped.pipe(toArray()))).toHaveLength(2);
    expect(await lastValueFrom(deduped.pipe(toArray()))).toHaveLength(2);
    const shared = ids.pipe(dedupe({ store: createBoundedStore({ maxEntries: 10 }) }));
    expect(await lastValueFrom(shared.pipe(toArray()))).toHaveLength(2);
    expect(await lastValueFrom(shared.pipe(toArray()))).toHaveLength(0);
  });

  describe('with an async external store', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('checks items one at a time, in order, so two copies arriving together are caught', async () => {
      vi.useFakeTimers();
      const remembered = new Set<string>();
      const calls: string[] = [];
      const sleep = () => new Promise<void>((resolve) => setTimeout(resolve, 10));
      const store: DedupeStore = {
        has: async (key) => {
          calls.push(`has ${key}`);
          await sleep();
          return remembered.has(key);
        },
        add: async (key) => {
          calls.push(`add ${key}`);
          await sleep();
          remembered.add(key);
        },
      };
      const result = lastValueFrom(
        from([video('5'), video('5'), video('6')]).pipe(dedupe({ store }), toArray()),
      );
      await vi.advanceTimersByTimeAsync(100);
      expect((await result).map((v) => v.id)).toEqual(['5', '6']);
      expect(calls).toEqual(['has 5', 'add 5', 'has 5', 'has 6', 'add 6']);
    });
  });
});
