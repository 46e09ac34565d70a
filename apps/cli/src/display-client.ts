import { createDisplayClient, type DisplayApiVersion, type DisplayClient } from '@tikrx/display';
import { RATE_LIMIT_PRESETS } from '@tikrx/operators';
import { clientOptionsFor } from './client-options.js';
import type { CrawlContext } from './run-crawl.js';
import type { Target } from './target.js';

/** A Display API client (display, merge); v2 at its documented rate, v1 has none published. */
export function displayClientFor(
  target: Target,
  context: CrawlContext,
  options: { apiVersion: DisplayApiVersion; username?: string },
): DisplayClient {
  return createDisplayClient({
    ...options,
    accessToken: target.credential('TIKTOK_ACCESS_TOKEN'),
    ...clientOptionsFor(
      target,
      context,
      options.apiVersion === 'v2' ? RATE_LIMIT_PRESETS.displayV2 : undefined,
    ),
  });
}
