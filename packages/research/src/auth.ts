import type { TikrxEventListener } from '@tikrx/core';
import { badRequest, validateCredential } from '@tikrx/core/internal';
import type { Requester } from '@tikrx/operators/internal';
import {
  clientCredentialsGrant,
  createTokenSource,
  type TokenSource,
} from '@tikrx/tiktok-platform';

export interface ResearchCredentials {
  clientKey?: string | undefined;
  clientSecret?: string | undefined;
  accessToken?: string | undefined;
}

/**
 * The Research API's token source (throws `bad_request` on missing or malformed credentials):
 * a fixed `accessToken`, or client-credentials tokens from `POST /v2/oauth/token/` that the
 * platform layer caches, shares between windows and renews.
 */
export function researchTokenSource(
  credentials: ResearchCredentials,
  options: {
    tokenUrl: string;
    requester: Requester;
    onEvent?: TikrxEventListener | undefined;
    now?: (() => number) | undefined;
  },
): TokenSource {
  const { clientKey, clientSecret, accessToken } = credentials;
  if (accessToken !== undefined) {
    validateCredential(accessToken, 'accessToken');
    return createTokenSource({ accessToken });
  }
  if (clientKey === undefined && clientSecret === undefined) {
    throw badRequest(
      'createResearchClient needs clientKey and clientSecret (TIKTOK_CLIENT_KEY, TIKTOK_CLIENT_SECRET) or an accessToken',
    );
  }
  for (const [name, value] of [
    ['clientKey', clientKey],
    ['clientSecret', clientSecret],
  ] as const) {
    if (value === undefined) {
      throw badRequest(`createResearchClient needs ${name} too (clientKey and clientSecret)`);
    }
    validateCredential(value, name);
  }
  const { onEvent, now } = options;
  return createTokenSource({
    obtain: clientCredentialsGrant({
      tokenUrl: options.tokenUrl,
      clientKey: clientKey as string,
      clientSecret: clientSecret as string,
      requester: options.requester,
    }),
    ...(onEvent === undefined
      ? {}
      : { onToken: (reason) => onEvent({ type: 'token', source: 'research', reason }) }),
    ...(now === undefined ? {} : { now }),
  });
}
