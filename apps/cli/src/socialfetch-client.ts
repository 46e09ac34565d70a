import { createSocialFetchClient, type SocialFetchClient } from '@tikrx/socialfetch';
import { clientOptionsFor } from './client-options.js';
import type { CrawlContext } from './run-crawl.js';
import type { Target } from './target.js';

/** A Social Fetch client (socialfetch, merge); it is limited by credits, not by a rate. */
export function socialFetchClientFor(target: Target, context: CrawlContext): SocialFetchClient {
  return createSocialFetchClient({
    apiKey: target.credential('SOCIALFETCH_API_KEY'),
    ...clientOptionsFor(target, context),
  });
}
