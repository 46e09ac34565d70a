import { paginate } from '@tikrx/core';
import { defer, of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createPacer } from './create-pacer.js';
import { throttleWith } from './throttle-with.js';

const PAGE_SIZE = 10;
const PAGES = 100;

/** A paged source shaped like a client: every page request asks the limiter first. */
function pagedSource(limiter: ReturnType<ReturnType<typeof createPacer>['limiter']>) {
  let requested = 0;
  const stream = paginate<number, number>({
    first: 0,
    fetchPage: (page) =>
      defer(() => {
        requested++;
        // Resolve on a later turn, as a real HTTP response would.
        return new Promise<{ items: number[]; next: number | undefined }>((resolve) =>
          setImmediate(() =>
            resolve({
              items: Array.from({ length: PAGE_SIZE }, (_, i) => page * PAGE_SIZE + i),
              next: page + 1 < PAGES ? page + 1 : undefined,
            }),
          ),
        );
      }).pipe(throttleWith(limiter)),
  });
  return { stream, requested: () => requested };
}

const turns = async (count: number) => {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('createPacer', () => {
  it('stops requesting pages while the loop is behind, then delivers every item in order', async () => {
    const pacer = createPacer({ highWaterMark: 30 });
    const source = pagedSource(pacer.limiter());
    const iterator = pacer.iterate(source.stream);

    const first = await iterator.next();
    expect(first.value).toBe(0);
    await turns(200);
    // 30 waiting items close the gate: three or four pages, plus the one in flight.
    expect(source.requested()).toBeLessThanOrEqual(5);

    const seen = [first.value as number];
    for await (const item of iterator) seen.push(item);
    expect(seen).toEqual(Array.from({ length: PAGE_SIZE * PAGES }, (_, i) => i));
    expect(source.requested()).toBe(PAGES);
  });

  it('without a pacer the same source runs ahead of a stalled consumer', async () => {
    const unpaced = pagedSource({
      acquire: () => of({ waitedMs: 0, release: () => {} }),
      penalize: () => {},
    });
    const subscription = unpaced.stream.subscribe();
    await turns(400);
    subscription.unsubscribe();
    expect(unpaced.requested()).toBeGreaterThan(50);
  });

  it('hands out permits through the wrapped limiter when the consumer keeps up', async () => {
    let innerAcquired = 0;
    const pacer = createPacer({ highWaterMark: 1000 });
    const limiter = pacer.limiter({
      acquire: () =>
        defer(() => {
          innerAcquired++;
          return of({ waitedMs: 0, release: () => {} });
        }),
      penalize: () => {},
    });
    const source = pagedSource(limiter);
    let count = 0;
    for await (const _ of pacer.iterate(source.stream)) count++;
    expect(count).toBe(PAGE_SIZE * PAGES);
    expect(innerAcquired).toBe(PAGES);
  });
});
