import { Writable } from 'node:stream';
import { createPacer, writeNdjson } from '@tikrx/operators';
import { SIMULATOR_CREDENTIALS, type Simulator, startSimulator } from '@tikrx/simulator';
import { lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResearchClient } from './client.js';
import { q } from './query.js';
import { sim90Days } from './test-sim-range.js';

const query = q.query(q.and(q.in('hashtag_name', ['cat', 'cats', 'fyp'])));

/** A file that accepts writes only while `open`, with a tiny buffer. */
function stallableWritable() {
  const lines: string[] = [];
  let open = false;
  let pending: Array<() => void> = [];
  const writable = new Writable({
    highWaterMark: 1024,
    decodeStrings: false,
    write(chunk: string, _encoding, callback) {
      lines.push(chunk);
      if (open) callback();
      else pending.push(callback);
    },
  });
  return {
    writable,
    lines,
    release() {
      open = true;
      const waiting = pending;
      pending = [];
      for (const callback of waiting) callback();
    },
  };
}

const settle = async (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the README pipeline: queryVideos(...).pipe(writeNdjson(file)) against a stalled file', () => {
  let sim: Simulator;
  let range: { startDate: string; endDate: string };
  beforeAll(async () => {
    sim = await startSimulator({ seed: 11, limits: { research: { perDay: 100_000 } } });
    range = sim90Days(sim);
  });
  afterAll(() => sim.close());

  const client = () =>
    createResearchClient({
      clientKey: SIMULATOR_CREDENTIALS.clientKey,
      clientSecret: SIMULATOR_CREDENTIALS.clientSecret,
      baseUrl: sim.url,
    });

  it('requests no page while the sink is behind, then writes every video once', async () => {
    const expected = sim.expected.research({ query, ...range });
    // Enough videos that an unpaced crawl would fetch them all while the file is stalled.
    expect(expected.length).toBeGreaterThan(1500);
    const file = stallableWritable();
    const before = sim.stats().pagesServed;
    const done = lastValueFrom(
      client()
        .queryVideos({ query, ...range, concurrency: 2 })
        .pipe(writeNdjson(file.writable, { highWaterMark: 200 })),
    );
    await settle(1500);
    const pagesWhileStalled = sim.stats().pagesServed - before;
    // 200 waiting lines close the gate: a few pages of 100 plus those in flight, not all of them.
    expect(pagesWhileStalled).toBeLessThan(8);
    file.release();
    const { written } = await done;
    const ids = file.lines.map((line) => (JSON.parse(line) as { id: string }).id);
    expect(written).toBe(expected.length);
    expect(ids.sort()).toEqual([...expected].sort());
  });

  it('paces a for-await loop through createPacer without passing its limiter', async () => {
    const expected = sim.expected.research({ query, ...range });
    const pacer = createPacer({ highWaterMark: 150 });
    const before = sim.stats().pagesServed;
    // Two windows at once (the default is 12): pages in flight when the gate closes stay few.
    const iterator = pacer.iterate(client().queryVideos({ query, ...range, concurrency: 2 }));
    const first = await iterator.next();
    await settle(1000);
    expect(sim.stats().pagesServed - before).toBeLessThan(6);
    const ids = [(first.value as { id: string }).id];
    for await (const video of iterator) ids.push(video.id);
    expect(ids.sort()).toEqual([...expected].sort());
  });
});
