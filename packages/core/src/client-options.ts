import type { Dispatcher } from 'undici';
import type { ErrorKind, TikrxError } from './errors.js';
import type { TikrxEventListener } from './events.js';
import type { RateLimiter } from './rate-limiter.js';
import type { Transport } from './transport.js';

/** How each page request is retried. Defaults documented in `@tikrx/operators`. */
export interface RetryOptions {
  /** Attempts after the first. */
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Longest `Retry-After` honoured; a longer one fails the request. */
  maxRetryAfterMs?: number;
  /** Decide yourself; default: `error.retryable`. */
  shouldRetry?: (error: TikrxError, attempt: number) => boolean;
  /** On `quota_exhausted` from a daily quota, wait for the reset (00:00 UTC) instead of failing. */
  waitForQuotaReset?: boolean;
  /** The clock `waitForQuotaReset` reads to find the next 00:00 UTC, ms since the epoch. */
  now?: () => number;
  /** Called before each retry (the clients also report it as a `retry` event). */
  onRetry?: (info: {
    attempt: number;
    delayMs: number;
    kind: ErrorKind;
    error: TikrxError;
  }) => void;
}

/** Options every client factory takes. */
export interface CommonClientOptions {
  /** Shared limiter; one limiter may serve several clients and streams. */
  limiter?: RateLimiter;
  /** `false` turns retries off. */
  retry?: RetryOptions | false;
  /** Per request, default 30 000. */
  timeoutMs?: number;
  /** Default: `undiciTransport({ dispatcher })`. */
  transport?: Transport;
  /** For the default undici transport: a ProxyAgent, MockAgent or Agent. */
  dispatcher?: Dispatcher;
  onEvent?: TikrxEventListener;
}

/** The timeout of one request when `timeoutMs` is not given: 30 seconds. */
export const DEFAULT_TIMEOUT_MS = 30_000;
