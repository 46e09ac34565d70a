import { TikrxError } from '@tikrx/core';
import type { Requester } from '@tikrx/operators/internal';
import { defer, map, type Observable } from 'rxjs';
import { type OAuthTokenBody, oauthTokenSchema } from './oauth-token-schema.js';
import { readTikTokError } from './read-tiktok-error.js';
import type { IssuedToken, TokenReason } from './token-source.js';

/** The app's credentials and where to exchange them. */
export interface OAuthGrantOptions {
  /** `${baseUrl}/v2/oauth/token/`. */
  tokenUrl: string;
  clientKey: string;
  clientSecret: string;
  /**
   * Sends the token request. Give it no limiter: a token request is no API request and
   * spends none of the API's quota.
   */
  requester: Requester;
}

/** Grant `client_credentials` (Research API): a client access token for the app itself. */
export function clientCredentialsGrant(
  options: OAuthGrantOptions,
): (reason: TokenReason) => Observable<IssuedToken> {
  return () =>
    requestToken(options, { grant_type: 'client_credentials' }, [
      options.clientKey,
      options.clientSecret,
    ]).pipe(map(issuedToken));
}

/** What a refresh returned, for the user to persist. */
export interface RefreshedToken {
  accessToken: string;
  /** TikTok may rotate the refresh token; store this one. */
  refreshToken?: string;
  expiresInSec?: number;
  openId?: string;
}

export interface RefreshTokenGrantOptions extends OAuthGrantOptions {
  refreshToken: string;
  /** Called after each refresh: TikTok may rotate the refresh token, so persist the new one. */
  onTokenRefresh?: (token: RefreshedToken) => void;
}

/** Grant `refresh_token` (Display v2): a user's access token, renewed with their refresh token. */
export interface RefreshTokenGrant {
  /** Asks TikTok for a new access token with the refresh token (a cold Observable of one). */
  obtain: (reason: TokenReason) => Observable<IssuedToken>;
  /** The client secret and every refresh token seen, for error texts to scrub. */
  secrets(): string[];
}

/** The `refresh_token` grant for a token source: renews a user's token, rotating the refresh token. */
export function refreshTokenGrant(options: RefreshTokenGrantOptions): RefreshTokenGrant {
  let refreshToken = options.refreshToken;
  const seen = new Set([options.refreshToken]);
  return {
    secrets: () => [options.clientSecret, ...seen],
    obtain: () =>
      defer(() =>
        requestToken(options, { grant_type: 'refresh_token', refresh_token: refreshToken }, [
          options.clientSecret,
          refreshToken,
        ]),
      ).pipe(
        map((body) => {
          if (body.refresh_token) {
            refreshToken = body.refresh_token;
            seen.add(refreshToken);
          }
          options.onTokenRefresh?.({
            accessToken: body.access_token,
            ...(body.refresh_token ? { refreshToken: body.refresh_token } : {}),
            ...(typeof body.expires_in === 'number' ? { expiresInSec: body.expires_in } : {}),
            ...(body.open_id ? { openId: body.open_id } : {}),
          });
          return issuedToken(body);
        }),
      ),
  };
}

function requestToken(
  options: OAuthGrantOptions,
  grant: Record<string, string>,
  secrets: string[],
): Observable<OAuthTokenBody> {
  return options
    .requester(
      {
        method: 'POST',
        url: options.tokenUrl,
        headers: { 'cache-control': 'no-cache' },
        form: { client_key: options.clientKey, client_secret: options.clientSecret, ...grant },
        secrets,
      },
      readTikTokError,
    )
    .pipe(
      map((response) => {
        const parsed = oauthTokenSchema.safeParse(response.body);
        if (!parsed.success) {
          throw new TikrxError({
            kind: 'invalid_response',
            message: `POST ${options.tokenUrl} answered without an access_token`,
            retryable: false,
            url: options.tokenUrl,
          });
        }
        return parsed.data;
      }),
    );
}

function issuedToken(body: OAuthTokenBody): IssuedToken {
  return {
    accessToken: body.access_token,
    ...(typeof body.expires_in === 'number' ? { expiresInSec: body.expires_in } : {}),
  };
}
