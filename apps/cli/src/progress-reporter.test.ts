import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressReporter, describe as describeProgress } from './progress-reporter.js';

/** A non-terminal stream that keeps what was written. */
function captured(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString();
      callback();
    },
  }) as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

describe('createProgressReporter', () => {
  it('sums the clients’ events, the CLI’s drops and the written videos in the summary', () => {
    let nowMs = 0;
    const { stream, text } = captured();
    const reporter = createProgressReporter({ stream, quiet: true, now: () => nowMs });
    reporter.onEvent({
      type: 'retry',
      source: 'socialfetch',
      attempt: 1,
      delayMs: 5,
      kind: 'server',
    });
    reporter.onEvent({ type: 'throttle', source: 'socialfetch', waitedMs: 1_250 });
    reporter.onEvent({ type: 'page', source: 'socialfetch', videos: 3, hasMore: true });
    reporter.onEvent({ type: 'credits', source: 'socialfetch', credits: 2 });
    reporter.onEvent({ type: 'duplicate', source: 'socialfetch', count: 1 });
    reporter.onDuplicate();
    reporter.onVideoWritten();
    reporter.onVideoWritten();
    reporter.onPageFetchedAgain();
    nowMs = 4_300;
    reporter.finish('done');
    expect(text()).toBe(
      'done: 2 videos · 1 pages (1 fetched again) · 2 duplicates dropped · 1 retries · 1.3s throttled · 2 credits · 4.3s elapsed\n',
    );
  });

  it('prints a plain progress line at its interval when the stream is not a terminal', async () => {
    const { stream, text } = captured();
    const reporter = createProgressReporter({ stream, lineIntervalMs: 5 });
    reporter.start();
    reporter.onVideoWritten();
    await new Promise((resolve) => setTimeout(resolve, 30));
    reporter.note('a note');
    reporter.finish('interrupted');
    expect(text()).toMatch(/^progress: 1 videos · 0 pages · /m);
    expect(text()).toMatch(/^a note$/m);
    expect(text()).toMatch(/^interrupted: 1 videos · /m);
  });

  it('shows the Research requests spent today and the gap days, and notes gaps and warnings', () => {
    const { stream, text } = captured();
    const reporter = createProgressReporter({ stream, now: () => 0 });
    const resetsAt = '2024-01-02T00:00:00.000Z';
    for (const usedToday of [1, 2, 1_234]) {
      reporter.onEvent({ type: 'quota', source: 'research', usedToday, limit: 1_000, resetsAt });
    }
    reporter.onEvent({
      type: 'warning',
      source: 'research',
      code: 'index_lag',
      message: 'endDate 20240101 is within the last 2 days',
    });
    reporter.onEvent({
      type: 'gap',
      source: 'research',
      days: ['20231215'],
      kind: 'server',
      message: 'HTTP 500',
    });
    reporter.finish('failed');
    expect(text()).toMatch(/^warning: endDate 20240101 is within the last 2 days$/m);
    expect(text()).toMatch(/^gap: 20231215 kept failing \(server\)/m);
    expect(text()).toMatch(
      /^failed: .* · requests today: 1,234 of 1,000 · gap days: 20231215 · 0\.0s elapsed$/m,
    );
  });

  it('notes each change of the shared rate: slowed down after 429s, then recovering', () => {
    const { stream, text } = captured();
    const reporter = createProgressReporter({ stream, now: () => 0 });
    reporter.onEvent({
      type: 'rate',
      source: 'research',
      requestsPerMinute: 1_200,
      reason: 'throttled',
    });
    reporter.onEvent({
      type: 'rate',
      source: 'research',
      requestsPerMinute: 1_500,
      reason: 'recovering',
    });
    reporter.finish('done');
    expect(text()).toMatch(
      /^rate limited by the API: slowed to 1,200 requests\/min for every window\nrate recovering: 1,500 requests\/min for every window$/m,
    );
  });
});

describe('describe', () => {
  it('groups the thousands of every count with commas', () => {
    const line = describeProgress({
      requests: 12_345,
      responses: 12_345,
      pages: 12_345,
      videosReceived: 1_234_567,
      videos: 1_234_567,
      duplicates: 999,
      retries: 1_000,
      waitedMs: 0,
      credits: 100_000,
      errors: {},
      elapsedMs: 0,
    });
    expect(line).toBe(
      '1,234,567 videos · 12,345 pages · 999 duplicates dropped · 1,000 retries · 0.0s throttled · 100,000 credits · 0.0s elapsed',
    );
  });
});
