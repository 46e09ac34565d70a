import { badRequest } from './bad-request.js';
import type { CommonClientOptions } from './client-options.js';
import { describeValue } from './describe-value.js';
import { isPlainObject, validateOptionsObject } from './validate-options-object.js';

/** Node's timers fire at once above this (2^31 - 1 ms, about 24.8 days). */
export const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * Throws `bad_request` naming the first bad option of those every client shares
 * (`limiter`, `retry`, `timeoutMs`, `transport`, `dispatcher`, `onEvent`). Absent (or
 * `undefined`) options are fine; other keys are left to the client. Clients call it on
 * subscribe, before any request, so a typo fails fast instead of as a retried `network` error.
 */
export function validateCommonOptions(options: unknown): asserts options is CommonClientOptions {
  validateOptionsObject(options, 'options');
  const { limiter, retry, timeoutMs, transport, dispatcher, onEvent } = options as Record<
    string,
    unknown
  >;

  if (timeoutMs !== undefined) {
    if (
      typeof timeoutMs !== 'number' ||
      !Number.isFinite(timeoutMs) ||
      timeoutMs <= 0 ||
      timeoutMs > MAX_TIMEOUT_MS
    ) {
      throw badRequest(
        `timeoutMs must be a number of milliseconds above 0 and at most ${MAX_TIMEOUT_MS}; got ${describeValue(timeoutMs)}`,
      );
    }
  }
  if (retry !== undefined && retry !== false) validateRetry(retry);
  if (transport !== undefined && typeof transport !== 'function') {
    throw badRequest(
      `transport must be a function (request) => Promise<response>, such as undiciTransport() or fetchTransport(); got ${describeValue(transport)}`,
    );
  }
  if (
    dispatcher !== undefined &&
    !(isObjectLike(dispatcher) && typeof dispatcher.dispatch === 'function')
  ) {
    throw badRequest(
      `dispatcher must be an undici Dispatcher (an Agent, ProxyAgent or MockAgent); got ${describeValue(dispatcher)}`,
    );
  }
  if (onEvent !== undefined && typeof onEvent !== 'function') {
    throw badRequest(`onEvent must be a function (event) => void; got ${describeValue(onEvent)}`);
  }
  if (
    limiter !== undefined &&
    !(
      isObjectLike(limiter) &&
      typeof limiter.acquire === 'function' &&
      typeof limiter.penalize === 'function'
    )
  ) {
    throw badRequest(
      `limiter must be a RateLimiter (an object with acquire() and penalize(), such as createRateLimiter(...)); got ${describeValue(limiter)}`,
    );
  }
}

function validateRetry(retry: unknown): void {
  if (!isPlainObject(retry)) {
    throw badRequest(
      `retry must be false or an object of retry options; got ${describeValue(retry)}`,
    );
  }
  const { maxRetries, baseDelayMs, maxDelayMs, maxRetryAfterMs } = retry;
  if (
    maxRetries !== undefined &&
    !(
      typeof maxRetries === 'number' &&
      maxRetries >= 0 &&
      (Number.isInteger(maxRetries) || maxRetries === Number.POSITIVE_INFINITY)
    )
  ) {
    throw badRequest(
      `retry.maxRetries must be a non-negative integer (or Infinity); got ${describeValue(maxRetries)}`,
    );
  }
  for (const [name, value] of [
    ['baseDelayMs', baseDelayMs],
    ['maxDelayMs', maxDelayMs],
  ] as const) {
    if (
      value !== undefined &&
      !(typeof value === 'number' && Number.isFinite(value) && value >= 0)
    ) {
      throw badRequest(
        `retry.${name} must be a non-negative number of milliseconds; got ${describeValue(value)}`,
      );
    }
  }
  if (
    maxRetryAfterMs !== undefined &&
    !(typeof maxRetryAfterMs === 'number' && maxRetryAfterMs >= 0)
  ) {
    throw badRequest(
      `retry.maxRetryAfterMs must be a non-negative number of milliseconds (or Infinity); got ${describeValue(maxRetryAfterMs)}`,
    );
  }
  for (const name of ['shouldRetry', 'onRetry', 'now'] as const) {
    if (retry[name] !== undefined && typeof retry[name] !== 'function') {
      throw badRequest(`retry.${name} must be a function; got ${describeValue(retry[name])}`);
    }
  }
  if (retry.waitForQuotaReset !== undefined && typeof retry.waitForQuotaReset !== 'boolean') {
    throw badRequest(
      `retry.waitForQuotaReset must be a boolean; got ${describeValue(retry.waitForQuotaReset)}`,
    );
  }
}

function isObjectLike(value: unknown): value is Record<string, unknown> {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}
