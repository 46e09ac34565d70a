import { createRateLimiter, RATE_LIMIT_PRESETS } from '@tikrx/operators';
import {
  createResearchClient,
  type RateAdaptationOptions,
  type ResearchClient,
} from '@tikrx/research';
import { clientOptionsFor } from './client-options.js';
import type { RateWindowFlags } from './common-options.js';
import type { CrawlContext } from './run-crawl.js';
import type { Target } from './target.js';

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
