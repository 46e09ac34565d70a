import type { CommonClientOptions } from './client-options.js';

/**
 * Only the options every client shares, from a client's whole options object: what a
 * factory hands to `createRequester`, without its own credentials and settings.
 */
export function pickCommonOptions(options: CommonClientOptions): CommonClientOptions {
  const common: CommonClientOptions = {};
  if (options.limiter !== undefined) common.limiter = options.limiter;
  if (options.retry !== undefined) common.retry = options.retry;
  if (options.timeoutMs !== undefined) common.timeoutMs = options.timeoutMs;
  if (options.transport !== undefined) common.transport = options.transport;
  if (options.dispatcher !== undefined) common.dispatcher = options.dispatcher;
  if (options.onEvent !== undefined) common.onEvent = options.onEvent;
  return common;
}
