import { EMPTY } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { TikrxError } from './errors.js';
import { validateCommonOptions } from './validate-common-options.js';

function refusal(options: unknown): TikrxError {
  try {
    validateCommonOptions(options);
  } catch (error) {
    expect(error).toBeInstanceOf(TikrxError);
    return error as TikrxError;
  }
  throw new Error('expected a bad_request');
}

const limiter = { acquire: () => EMPTY, penalize: () => {} };

describe('validateCommonOptions', () => {
  it('accepts absent options, undefined members and every documented shape', () => {
    expect(() => validateCommonOptions({})).not.toThrow();
    expect(() =>
      validateCommonOptions({ timeoutMs: undefined, retry: undefined, onEvent: undefined }),
    ).not.toThrow();
    expect(() =>
      validateCommonOptions({
        limiter,
        retry: {
          maxRetries: 0,
          baseDelayMs: 0,
          maxDelayMs: 10,
          maxRetryAfterMs: Number.POSITIVE_INFINITY,
          shouldRetry: () => true,
          onRetry: () => {},
          waitForQuotaReset: true,
        },
        timeoutMs: 1,
        transport: async () => ({ status: 200, headers: {}, body: '{}' }),
        dispatcher: { dispatch: () => true },
        onEvent: () => {},
        // Options of the client itself are not this function's business.
        apiKey: 'x',
      }),
    ).not.toThrow();
    expect(() => validateCommonOptions({ retry: false })).not.toThrow();
    expect(() => validateCommonOptions({ retry: { maxRetries: Infinity } })).not.toThrow();
  });

  it.each([
    ['options not an object', 'all', /^options must be an object/],
    ['options null', null, /^options must be an object/],
    ['timeoutMs negative', { timeoutMs: -1 }, /^timeoutMs .*got -1$/],
    ['timeoutMs zero', { timeoutMs: 0 }, /^timeoutMs/],
    ['timeoutMs NaN', { timeoutMs: Number.NaN }, /^timeoutMs .*got NaN$/],
    ['timeoutMs a string', { timeoutMs: '30s' }, /^timeoutMs .*got "30s"$/],
    ['timeoutMs beyond what a timer can wait', { timeoutMs: 2 ** 31 }, /^timeoutMs/],
    ['retry true', { retry: true }, /^retry must be false or an object/],
    ['retry a string', { retry: 'always' }, /^retry must be false or an object/],
    ['retry.maxRetries negative', { retry: { maxRetries: -1 } }, /^retry\.maxRetries/],
    ['retry.maxRetries fractional', { retry: { maxRetries: 1.5 } }, /^retry\.maxRetries/],
    ['retry.baseDelayMs a string', { retry: { baseDelayMs: 'soon' } }, /^retry\.baseDelayMs/],
    ['retry.maxDelayMs Infinity', { retry: { maxDelayMs: Infinity } }, /^retry\.maxDelayMs/],
    ['retry.maxRetryAfterMs NaN', { retry: { maxRetryAfterMs: Number.NaN } }, /maxRetryAfterMs/],
    ['retry.shouldRetry not a function', { retry: { shouldRetry: true } }, /retry\.shouldRetry/],
    ['retry.onRetry not a function', { retry: { onRetry: 'log' } }, /retry\.onRetry/],
    ['retry.waitForQuotaReset a string', { retry: { waitForQuotaReset: 'yes' } }, /waitForQuota/],
    ['transport a string', { transport: 'undici' }, /^transport must be a function/],
    ['dispatcher without dispatch()', { dispatcher: {} }, /^dispatcher/],
    ['onEvent a string', { onEvent: 'console' }, /^onEvent must be a function/],
    ['limiter without acquire()', { limiter: {} }, /^limiter must be a RateLimiter/],
    ['limiter without penalize()', { limiter: { acquire: () => EMPTY } }, /^limiter/],
  ])('refuses %s with a bad_request naming it', (_name, options, message) => {
    const error = refusal(options);
    expect(error.kind).toBe('bad_request');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(message);
  });
});
