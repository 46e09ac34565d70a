import type { CommonClientOptions, RateLimiter } from '@tikrx/core';
import { createRateLimiter, RATE_LIMIT_PRESETS, type RateLimiterOptions } from '@tikrx/operators';
import {
  createResearchClient,
  type RateAdaptationOptions,
  type ResearchClient,
} from '@tikrx/research';
import type { RateWindowFlags } from './common-options.js';
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

/**
 * A Research API client (every Research command), at its documented rate; `--rate-window`
 * sets how its shared rate slows down on 429s.
 */
export function researchClientFor(
  target: Target,
  context: CrawlContext,
  flags: RateWindowFlags,
): ResearchClient {
  const rateAdaptation = rateAdaptationOf(flags.rateWindow);
  return createResearchClient({
    clientKey: target.credential('TIKTOK_CLIENT_KEY'),
    clientSecret: target.credential('TIKTOK_CLIENT_SECRET'),
    ...clientOptionsFor(target, context, RATE_LIMIT_PRESETS.research),
    ...(rateAdaptation === undefined ? {} : { rateAdaptation }),
    // Followers and following spend their own daily quota.
    ...(target.baseUrl === undefined
      ? {
          socialGraphLimiter: context.gate(
            createRateLimiter(RATE_LIMIT_PRESETS.researchSocialGraph),
          ),
        }
      : {}),
  });
}

/** `--rate-window MS`: the adaptive rate's window, recovering every half of it (as the defaults, a minute and 30 s, do). */
function rateAdaptationOf(windowMs: number | undefined): RateAdaptationOptions | undefined {
  return windowMs === undefined ? undefined : { windowMs, recoveryMs: windowMs / 2 };
}
