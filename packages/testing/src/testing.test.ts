import { of, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { expectNoSecrets } from './expect-no-secrets.js';
import { failure } from './failure.js';
import { fixture } from './fixture.js';
import { simulatorPerTest } from './simulator-per-test.js';

class TikrxError extends Error {
  override readonly name = 'TikrxError';
  readonly kind = 'auth';
  readonly retryable = false;
}

const startSim = simulatorPerTest();

describe('failure', () => {
  it('returns the TikrxError a stream or a promise failed with', async () => {
    const error = new TikrxError('refused');
    expect(await failure(throwError(() => error))).toBe(error);
    expect(await failure(Promise.reject(error))).toBe(error);
  });

  it('fails the test when the stream completes or fails with something else', async () => {
    await expect(failure(of(1))).rejects.toThrow(/completed/);
    await expect(failure(throwError(() => new TypeError('bug')))).rejects.toThrow();
  });
});

describe('expectNoSecrets', () => {
  it('finds a secret hidden in the cause, which only util.inspect shows', () => {
    const error = new Error('clean', { cause: new Error('token act.SECRET-1') });
    expect(() => expectNoSecrets(error, ['act.SECRET-1'])).toThrow();
    expect(() => expectNoSecrets(error, ['act.OTHER'])).not.toThrow();
  });

  it('reads events and other plain values too', () => {
    expect(() => expectNoSecrets({ url: '/x?access_token=abc' }, ['abc'])).toThrow();
  });
});

describe('fixture', () => {
  it('returns a recorded page byte for byte, ids as bare int64 numbers', () => {
    expect(fixture('research-video-query-page-1-of-2.recorded.json')).toMatch(/"id":\s*\d{19}/);
  });
});

describe('simulatorPerTest', () => {
  it('starts a simulator that answers on a free port', async () => {
    const sim = await startSim({ seed: 1 });
    const response = await fetch(`${sim.url}/v2/research/video/query/`, { method: 'POST' });
    expect(response.status).toBe(401);
  });
});
