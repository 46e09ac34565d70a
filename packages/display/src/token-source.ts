import { TikrxError, type TikrxEventListener } from '@tikrx/core';
import { validateCredential } from '@tikrx/core/internal';
import type { Requester } from '@tikrx/operators/internal';
import {
  createTokenSource,
  type IssuedToken,
  type RefreshedToken,
  refreshTokenGrant,
  type TokenReason,
  type TokenSource,
} from '@tikrx/tiktok-platform';
import { defer, type Observable } from 'rxjs';

/** Why a token is asked for. */
export type AccessTokenReason = TokenReason;

/**
 * Your own token source: called once for the first request and again when the API rejects
 * the token it gave (expired or revoked; at most 3 times in a row for one page request).
 * Return the current access token.
 */
export type AccessTokenProvider = (context: {
  reason: AccessTokenReason;
}) => string | PromiseLike<string>;

/** The refresh-token flow of Display v2 (`POST /v2/oauth/token/`, grant_type=refresh_token). */
export interface DisplayRefreshFlow {
  refreshToken: string;
  clientKey: string;
  clientSecret: string;
  tokenUrl: string;
  requester: Requester;
  onTokenRefresh?: (token: RefreshedToken) => void;
}

/** Display's tokens, and every secret to keep out of error texts and events. */
export interface DisplayTokens {
  tokens: TokenSource;
  secrets(): string[];
}

/**
 * Display's token source on the platform layer: a fixed `accessToken`, your `getAccessToken`
 * (it wins when given), or the refresh-token flow; a given `accessToken` is used first.
 */
export function displayTokens(options: {
  accessToken?: string | undefined;
  provider?: AccessTokenProvider | undefined;
  refresh?: DisplayRefreshFlow | undefined;
  onEvent?: TikrxEventListener | undefined;
}): DisplayTokens {
  const refresh = options.refresh === undefined ? undefined : refreshTokenGrant(options.refresh);
  let tokens: TokenSource | undefined;
  const secrets = () => [...(tokens?.secrets() ?? []), ...(refresh?.secrets() ?? [])];
  const obtain =
    options.provider === undefined ? refresh?.obtain : fromProvider(options.provider, secrets);
  const { onEvent } = options;
  tokens = createTokenSource({
    ...(options.accessToken === undefined ? {} : { accessToken: options.accessToken }),
    ...(obtain === undefined ? {} : { obtain }),
    ...(onEvent === undefined
      ? {}
      : { onToken: (reason) => onEvent({ type: 'token', source: 'display', reason }) }),
  });
  return { tokens, secrets };
}

/** The user's callback as a grant: what it throws or returns is checked before any request. */
function fromProvider(
  provider: AccessTokenProvider,
  secrets: () => string[],
): (reason: TokenReason) => Observable<IssuedToken> {
  return (reason) =>
    defer(async () => {
      let value: unknown;
      try {
        value = await provider({ reason });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw authError(`getAccessToken failed: ${message}`, secrets());
      }
      if (typeof value !== 'string' || value === '') {
        throw authError('getAccessToken returned no token (expected a non-empty string)', []);
      }
      try {
        // It goes into a header (v2) or the URL (v1): no newline, space or control character.
        validateCredential(value, 'The token getAccessToken returned');
      } catch (error) {
        throw authError((error as Error).message, [...secrets(), value]);
      }
      return { accessToken: value };
    });
}

function authError(message: string, secrets: string[]): TikrxError {
  return new TikrxError({ kind: 'auth', message, retryable: false, secrets });
}
