import { type ApiErrorReader, TikrxError, type TikrxEventListener } from '@tikrx/core';
import { scrubSecrets, validateCredential } from '@tikrx/core/internal';
import type { Requester } from '@tikrx/operators/internal';
import { defer, from, map, type Observable } from 'rxjs';
import { oauthTokenSchema } from './schema.js';

/** Why a token is asked for. */
export type AccessTokenReason = 'initial' | 'expiring' | 'rejected';

/**
 * Your own token source: called once for the first request and again when the API rejects
 * the token it gave (expired or revoked; at most 3 times in a row for one page request).
 * Return the current access token.
 */
export type AccessTokenProvider = (context: {
  reason: AccessTokenReason;
}) => string | PromiseLike<string>;

/** What a refresh through `POST /v2/oauth/token/` returned, for you to persist. */
export interface RefreshedToken {
  accessToken: string;
  /** TikTok may rotate the refresh token; store this one. */
  refreshToken?: string;
  expiresInSec?: number;
  openId?: string;
}

export interface RefreshTokenFlow {
  refreshToken: string;
  clientKey: string;
  clientSecret: string;
  /** `POST {baseUrl}/v2/oauth/token/` */
  baseUrl: string;
  requester: Requester;
  readApiError: ApiErrorReader;
  onTokenRefresh?: (token: RefreshedToken) => void;
}

/** Hands out the current access token, and a new one after a rejection. */
export interface AccessTokenSource {
  current(): Observable<string>;
  /** `rejected` was refused by the API: a fresh token (or the one another stream already got). */
  renew(rejected: string): Observable<string>;
  readonly canRenew: boolean;
  /** Every secret this source knows, to scrub from error texts. */
  secrets(): string[];
}

/** A refreshed token is renewed this long before it expires. */
const EXPIRY_MARGIN_MS = 60_000;

export function createAccessTokenSource(options: {
  accessToken?: string;
  provider?: AccessTokenProvider;
  refresh?: RefreshTokenFlow;
  onEvent?: TikrxEventListener;
  now?: () => number;
}): AccessTokenSource {
  const now = options.now ?? Date.now;
  const refresh = options.refresh;
  let refreshToken = refresh?.refreshToken;
  let token = options.accessToken;
  let expiresAtMs: number | undefined;
  let pending: Promise<string> | undefined;
  const known = new Set<string>();
  if (token !== undefined) known.add(token);

  const secrets = () => {
    const all = [...known];
    if (refreshToken !== undefined) all.push(refreshToken);
    if (refresh !== undefined) all.push(refresh.clientSecret, refresh.refreshToken);
    return all;
  };

  const fromRefreshToken = (): Observable<string> =>
    defer(() => {
      if (refresh === undefined || refreshToken === undefined) {
        throw new TikrxError({ kind: 'auth', message: 'No way to get a new access token' });
      }
      const secret = refreshToken;
      return refresh.requester(
        {
          method: 'POST',
          url: `${refresh.baseUrl}/v2/oauth/token/`,
          headers: { 'cache-control': 'no-cache' },
          form: {
            client_key: refresh.clientKey,
            client_secret: refresh.clientSecret,
            grant_type: 'refresh_token',
            refresh_token: secret,
          },
          secrets: [refresh.clientSecret, secret],
        },
        refresh.readApiError,
      );
    }).pipe(
      map((response) => {
        const parsed = oauthTokenSchema.safeParse(response.body);
        if (!parsed.success) {
          throw new TikrxError({
            kind: 'invalid_response',
            message: 'POST /v2/oauth/token/ answered without an access_token',
            retryable: false,
          });
        }
        const body = parsed.data;
        known.add(body.access_token);
        if (body.refresh_token) refreshToken = body.refresh_token;
        expiresAtMs =
          typeof body.expires_in === 'number' ? now() + body.expires_in * 1000 : undefined;
        refresh?.onTokenRefresh?.({
          accessToken: body.access_token,
          ...(body.refresh_token ? { refreshToken: body.refresh_token } : {}),
          ...(typeof body.expires_in === 'number' ? { expiresInSec: body.expires_in } : {}),
          ...(body.open_id ? { openId: body.open_id } : {}),
        });
        return body.access_token;
      }),
    );

  const fromProvider = async (reason: AccessTokenReason): Promise<string> => {
    let value: unknown;
    try {
      value = await options.provider?.({ reason });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new TikrxError({
        kind: 'auth',
        message: `getAccessToken failed: ${message}`,
        retryable: false,
        secrets: secrets(),
      });
    }
    if (typeof value !== 'string' || value === '') {
      throw new TikrxError({
        kind: 'auth',
        message: 'getAccessToken returned no token (expected a non-empty string)',
        retryable: false,
      });
    }
    known.add(value);
    try {
      // It goes into a header (v2) or the URL (v1): no newline, space or control character.
      validateCredential(value, 'The token getAccessToken returned');
    } catch (error) {
      throw new TikrxError({
        kind: 'auth',
        message: (error as Error).message,
        retryable: false,
        secrets: secrets(),
      });
    }
    return value;
  };

  /** One request for a new token at a time; concurrent streams share it. */
  const acquire = (reason: AccessTokenReason): Observable<string> =>
    defer(() => {
      if (pending === undefined) {
        options.onEvent?.({ type: 'token', source: 'display', reason });
        const next =
          options.provider !== undefined
            ? fromProvider(reason)
            : new Promise<string>((resolve, reject) => {
                fromRefreshToken().subscribe({ next: resolve, error: reject });
              });
        pending = next.then(
          (value) => {
            token = value;
            pending = undefined;
            return value;
          },
          (error: unknown) => {
            pending = undefined;
            throw error instanceof TikrxError
              ? error
              : new TikrxError({
                  kind: 'auth',
                  message: scrubSecrets(String(error), secrets()),
                  retryable: false,
                });
          },
        );
      }
      return from(pending);
    });

  const canRenew = options.provider !== undefined || refresh !== undefined;

  return {
    canRenew,
    secrets,
    current: () =>
      defer(() => {
        if (pending !== undefined) return from(pending);
        if (token === undefined) return acquire('initial');
        if (expiresAtMs !== undefined && now() > expiresAtMs - EXPIRY_MARGIN_MS) {
          return acquire('expiring');
        }
        return from([token]);
      }),
    renew: (rejected) =>
      defer(() => {
        if (pending !== undefined) return from(pending);
        if (token !== undefined && token !== rejected) return from([token]);
        return acquire('rejected');
      }),
  };
}
