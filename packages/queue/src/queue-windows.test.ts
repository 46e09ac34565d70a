import { describe, expect, it } from 'vitest';
import type { WindowJobData } from './job-data.js';
import { windowOf } from './queue-windows.js';

const data: WindowJobData = {
  crawlId: 'cats',
  owner: 'ana',
  runId: 'cats.run',
  spec: { kind: 'research.reposts', username: 'ana' },
  window: { start: '20230101', end: '20230107' },
  pages: 2,
  videos: 150,
};

describe('windowOf', () => {
  it('maps BullMQ states to day states; a job back in the wait list after a failure is retrying', () => {
    const facts = { attemptsMade: 0, timestamp: 1 };
    expect(windowOf('j', 'waiting', data, facts).state).toBe('waiting');
    expect(windowOf('j', 'prioritized', data, facts).state).toBe('waiting');
    expect(windowOf('j', 'waiting', data, { ...facts, attemptsMade: 2 }).state).toBe('retrying');
    expect(windowOf('j', 'delayed', data, facts).state).toBe('retrying');
    expect(windowOf('j', 'active', data, { ...facts, attemptsMade: 1 }).state).toBe('running');
    expect(windowOf('j', 'failed', data, { ...facts, attemptsMade: 5 }).state).toBe('gap');
  });

  it('reports what a finished window returned, and only its failed attempts', () => {
    const done = windowOf('j', 'completed', data, {
      attemptsMade: 3,
      timestamp: 1,
      finishedOn: 9,
      returnvalue: { pages: 4, videos: 320 },
    });
    expect(done).toMatchObject({ state: 'done', pages: 4, videos: 320, failedAttempts: 2 });
    expect(done.finishedAt).toBe(9);
    // A running window: the progress its data holds.
    expect(windowOf('j', 'active', data, { attemptsMade: 0, timestamp: 1 })).toMatchObject({
      pages: 2,
      videos: 150,
      failedAttempts: 0,
    });
  });
});
