import type { TikrxEvent, TikrxEventListener } from '@tikrx/core';
import { scrubSecrets } from '@tikrx/core/internal';

/** A log method as pino, bunyan-style and console-like loggers spell it: an object, then a message. */
export type LogMethod = (fields: Record<string, unknown>, message: string) => void;

/**
 * What `logEvents` writes to: any logger with pino's `debug`, `info` and `warn` methods (a
 * pino logger or child logger works as is). tikrx depends on no logging library.
 */
export interface EventLogger {
  /** Requests, responses, pages, throttling, checkpoints: the detail of a crawl. */
  debug: LogMethod;
  /** Retries, token renewals, quota and rate changes: worth knowing, not wrong. */
  info: LogMethod;
  /** Gaps, warnings, windows given up: something the user may have to act on. */
  warn: LogMethod;
}

/** Options of `logEvents`. */
export interface LogEventsOptions {
  /** Strings never to write (credentials the caller holds); replaced by `[REDACTED]`. */
  secrets?: readonly string[];
}

const LEVEL_OF: Record<TikrxEvent['type'], keyof EventLogger> = {
  request: 'debug',
  response: 'debug',
  page: 'debug',
  throttle: 'debug',
  credits: 'debug',
  checkpoint: 'debug',
  duplicate: 'debug',
  window: 'debug',
  retry: 'info',
  token: 'info',
  quota: 'info',
  rate: 'info',
  gap: 'warn',
  warning: 'warn',
};

/**
 * An `onEvent` listener that writes each client event as one structured log line:
 * `logger[level]({ event: type, source, ...fields }, 'research retry')`. Pass it as a client's
 * `onEvent` (or call it from yours). Events carry no secrets; `secrets` are scrubbed anyway,
 * from every string of every line, as a second line of defence.
 */
export function logEvents(logger: EventLogger, options: LogEventsOptions = {}): TikrxEventListener {
  const secrets = options.secrets ?? [];
  return (event) => {
    const { type, source, ...fields } = event;
    const level = event.type === 'window' && event.state === 'gap' ? 'warn' : LEVEL_OF[type];
    const line = scrubbed({ event: type, source, ...fields }, secrets) as Record<string, unknown>;
    logger[level](line, `${source} ${type}`);
  };
}

function scrubbed(value: unknown, secrets: readonly string[]): unknown {
  if (secrets.length === 0) return value;
  if (typeof value === 'string') return scrubSecrets(value, secrets);
  if (Array.isArray(value)) return value.map((item) => scrubbed(item, secrets));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, scrubbed(item, secrets)]),
    );
  }
  return value;
}
