import type { CommonClientOptions, RateLimiter } from '@tikrx/core';
import { createRateLimiter, type RateLimiterOptions } from '@tikrx/operators';
import { bothListeners } from './debug-session.js';
import type { CrawlContext } from './run-crawl.js';
import type { Target } from './target.js';

/**
 * The options every client gets from the CLI: the target's base URL, the events for the
 * progress line and checkpoints, and a limiter that waits for the output to drain. The real
 * API's documented rate (`preset`) applies only when talking to the real API: a simulator or
 * a `--base-url` server has its own limits.
 */
export function clientOptionsFor(
  target: Target,
  context: CrawlContext,
  preset?: RateLimiterOptions,
): CommonClientOptions & { baseUrl?: string } {
  const talksToRealApi = target.baseUrl === undefined;
  const rateLimiter: RateLimiter | undefined =
    talksToRealApi && preset !== undefined ? createRateLimiter(preset) : undefined;
  return {
    ...(target.baseUrl === undefined ? {} : { baseUrl: target.baseUrl }),
    limiter: context.gate(rateLimiter),
    onEvent: bothListeners(context.onEvent, target.debug.onEvent),
    ...(target.debug.transport === undefined ? {} : { transport: target.debug.transport }),
  };
}
