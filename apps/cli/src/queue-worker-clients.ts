import { badRequest } from '@tikrx/core/internal';
import type { QueueWorkerOptions } from '@tikrx/queue';
import type { CredentialVariable } from './credentials.js';
import { openTarget, type Target, type TargetFlags } from './target.js';

type ClientOptions = Pick<QueueWorkerOptions, 'research' | 'display' | 'socialfetch'>;

/**
 * The clients a `queue work` process runs, from the credentials in its environment: Research
 * with `TIKTOK_CLIENT_KEY` and `TIKTOK_CLIENT_SECRET`, Display with `TIKTOK_ACCESS_TOKEN`,
 * Social Fetch with `SOCIALFETCH_API_KEY` (every one with `--simulator`). At least one is
 * needed; half of the Research pair is an error naming the other half. The credentials stay
 * in this process: jobs never carry them.
 */
export async function openWorkerClients(
  flags: TargetFlags,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ target: Target; clients: ClientOptions }> {
  const has = (name: CredentialVariable) => Boolean(env[name]?.trim());
  const wants = {
    research: flags.simulator || has('TIKTOK_CLIENT_KEY') || has('TIKTOK_CLIENT_SECRET'),
    display: flags.simulator || has('TIKTOK_ACCESS_TOKEN'),
    socialfetch: flags.simulator || has('SOCIALFETCH_API_KEY'),
  };
  if (!wants.research && !wants.display && !wants.socialfetch) {
    throw badRequest(
      'Missing credentials: set TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET (Research API), ' +
        'TIKTOK_ACCESS_TOKEN (Display API) or SOCIALFETCH_API_KEY (Social Fetch), ' +
        'for the kinds of crawl this worker runs',
    );
  }
  const target = await openTarget(
    flags,
    wants.research ? ['TIKTOK_CLIENT_KEY', 'TIKTOK_CLIENT_SECRET'] : [],
  );
  const baseUrl = target.baseUrl === undefined ? {} : { baseUrl: target.baseUrl };
  return {
    target,
    clients: {
      ...(wants.research
        ? {
            research: {
              clientKey: target.credential('TIKTOK_CLIENT_KEY'),
              clientSecret: target.credential('TIKTOK_CLIENT_SECRET'),
              ...baseUrl,
            },
          }
        : {}),
      ...(wants.display
        ? { display: { accessToken: target.credential('TIKTOK_ACCESS_TOKEN'), ...baseUrl } }
        : {}),
      ...(wants.socialfetch
        ? { socialfetch: { apiKey: target.credential('SOCIALFETCH_API_KEY'), ...baseUrl } }
        : {}),
    },
  };
}
