import { type ErrorKind, TikrxError } from '@tikrx/core';
import { defer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { msUntilNextUtcMidnight, retryWithBackoff } from './retry-with-backoff.js';

const newScheduler = () =>
  new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

const failure = (
  kind: ErrorKind,
  extra: Partial<ConstructorParameters<typeof TikrxError>[0]> = {},
) => new TikrxError({ kind, message: kind, ...extra });

describe('retryWithBackoff', () => {
  it('waits random() * min(maxDelay, base * 2^(n-1)) before retry n (full jitter)', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('--#', undefined, failure('server'));
      const retried = source.pipe(
        retryWithBackoff({ baseDelayMs: 10, maxDelayMs: 30, maxRetries: 3, random: () => 0.5 }),
      );
      // attempts at 0; 2+5=7; 9+10=19; 21+15=36 (cap 30 * 0.5); fails at 38
      expectObservable(retried).toBe('38ms #', undefined, failure('server'));
      expectSubscriptions(source.subscriptions).toBe(['^-!', '7ms ^-!', '19ms ^-!', '36ms ^-!']);
    });
  });

  it('honours retryAfterMs and reports each retry with attempt, delay and kind', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const retries: Array<{ attempt: number; delayMs: number; kind: ErrorKind }> = [];
      let calls = 0;
      const source = defer(() =>
        ++calls < 3
          ? cold('-#', undefined, failure('rate_limited', { retryAfterMs: 100 }))
          : cold('-a|'),
      );
      const retried = source.pipe(
        retryWithBackoff({
          onRetry: ({ attempt, delayMs, kind }) => retries.push({ attempt, delayMs, kind }),
        }),
      );
      // fail at 1, wait 100, fail at 102, wait 100, a at 203
      expectObservable(retried).toBe('203ms a|');
      scheduler.flush();
      expect(retries).toEqual([
        { attempt: 1, delayMs: 100, kind: 'rate_limited' },
        { attempt: 2, delayMs: 100, kind: 'rate_limited' },
      ]);
    });
  });

  it('fails at once when retryAfterMs is above maxRetryAfterMs', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const error = failure('rate_limited', { retryAfterMs: 500_000 });
      const retried = cold('-#', undefined, error).pipe(retryWithBackoff());
      expectObservable(retried).toBe('-#', undefined, error);
    });
  });

  it.each(['bad_request', 'auth', 'forbidden', 'not_found', 'quota_exhausted'] as const)(
    'never retries %s by default',
    (kind) => {
      newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const error = failure(kind, { retryable: true });
        const source = cold('-#', undefined, error);
        expectObservable(source.pipe(retryWithBackoff())).toBe('-#', undefined, error);
        expectSubscriptions(source.subscriptions).toBe(['^!']);
      });
    },
  );

  it.each(['rate_limited', 'server', 'network', 'timeout', 'invalid_response'] as const)(
    'retries %s by default',
    (kind) => {
      newScheduler().run(({ cold, expectObservable }) => {
        const source = cold('-#', undefined, failure(kind));
        // maxRetries 1, random 0 → a retry at once, then the error.
        expectObservable(source.pipe(retryWithBackoff({ maxRetries: 1, random: () => 0 }))).toBe(
          '--#',
          undefined,
          failure(kind),
        );
      });
    },
  );

  it('does not retry errors that are not TikrxErrors', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const bug = new TypeError('bug');
      expectObservable(cold('-#', undefined, bug).pipe(retryWithBackoff())).toBe(
        '-#',
        undefined,
        bug,
      );
    });
  });

  it('lets shouldRetry override the default decision', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const source = cold('-#', undefined, failure('not_found'));
      const retried = source.pipe(
        retryWithBackoff({
          maxRetries: 2,
          random: () => 0,
          shouldRetry: (e) => e.kind === 'not_found',
        }),
      );
      expectObservable(retried).toBe('---#', undefined, failure('not_found'));
      const never = cold('-#', undefined, failure('server'));
      expectObservable(never.pipe(retryWithBackoff({ shouldRetry: () => false }))).toBe(
        '-#',
        undefined,
        failure('server'),
      );
    });
  });

  it('waits for the next 00:00 UTC on a daily quota when asked, without spending a retry', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const quota = failure('quota_exhausted', { dailyQuota: true });
      let calls = 0;
      const source = defer(() => (++calls === 1 ? cold('#', undefined, quota) : cold('(a|)')));
      // The virtual clock starts at 0 = 1970-01-01T00:00Z; use "now" = 23:00 UTC.
      const hour = 3_600_000;
      const retried = source.pipe(
        retryWithBackoff({ maxRetries: 0, waitForQuotaReset: true, now: () => 23 * hour }),
      );
      expectObservable(retried).toBe(`${hour}ms (a|)`);
      const failing = cold('#', undefined, quota).pipe(retryWithBackoff());
      expectObservable(failing).toBe('#', undefined, quota);
    });
  });

  it('computes the time to the next UTC midnight', () => {
    expect(msUntilNextUtcMidnight(Date.UTC(2024, 1, 28, 23, 59, 0))).toBe(60_000);
    expect(msUntilNextUtcMidnight(Date.UTC(2024, 0, 1))).toBe(86_400_000);
  });

  it('rejects nothing that succeeds: values pass through untouched', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-a-b|').pipe(retryWithBackoff())).toBe('-a-b|');
    });
  });
});
