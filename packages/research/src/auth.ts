import { TikrxError, type TikrxEvent } from '@tikrx/core';
import type { Requester } from '@tikrx/operators/internal';
import { defer, finalize, map, type Observable, of, ReplaySubject, share, tap } from 'rxjs';
import { readResearchError } from './api-error.js';
import { clientTokenSchema } from './schema.js';

/** Gives the current access token to every window; renews it for all of them at once. */
export interface TokenProvider {
  /** The token to send now: cached, or one shared request for everyone waiting. */
  token(): Observable<string>;
  /** The API refused `token`; the next `token()` fetches a new one (once, however many callers refused it). */
  reject(token: string): void;
  /** False for a fixed `accessToken`: nothing to renew. */
  readonly renewable: boolean;
}

/** A fixed token the user brought. */
export function staticTokenProvider(accessToken: string): TokenProvider {
  return { token: () => of(accessToken), reject: () => {}, renewable: false };
}

export interface ClientCredentialsOptions {
  clientKey: string;
  clientSecret: string;
  /** `${baseUrl}/v2/oauth/token/`. */
  tokenUrl: string;
  requester: Requester;
  onEvent?: (event: TikrxEvent) => void;
  now?: () => number;
}

/** Longest head start taken on a token's expiry; shorter for short-lived tokens (a tenth of the life). */
const MAX_RENEW_AHEAD_MS = 5 * 60_000;

/**
 * Client-credentials tokens from `POST /v2/oauth/token/`: cached, renewed before they expire
 * and when the API refuses one, single-flight (concurrent windows share one token request).
 */
export function clientCredentialsProvider(options: ClientCredentialsOptions): TokenProvider {
  const now = options.now ?? Date.now;
  let current: { token: string; renewAtMs: number } | undefined;
  let rejected = false;
  let inFlight: Observable<string> | undefined;

  const fetchToken = (reason: 'initial' | 'expiring' | 'rejected'): Observable<string> =>
    options
      .requester(
        {
          method: 'POST',
          url: options.tokenUrl,
          form: {
            client_key: options.clientKey,
            client_secret: options.clientSecret,
            grant_type: 'client_credentials',
          },
          secrets: [options.clientKey, options.clientSecret],
        },
        readResearchError,
      )
      .pipe(
        map((response) => {
          const parsed = clientTokenSchema.safeParse(response.body);
          if (!parsed.success) {
            throw new TikrxError({
              kind: 'invalid_response',
              message: `POST ${options.tokenUrl} answered without an access_token and expires_in`,
              retryable: false,
            });
          }
          return parsed.data;
        }),
        tap((token) => {
          const lifeMs = token.expires_in * 1000;
          current = {
            token: token.access_token,
            renewAtMs: now() + lifeMs - Math.min(MAX_RENEW_AHEAD_MS, lifeMs / 10),
          };
          rejected = false;
          options.onEvent?.({ type: 'token', source: 'research', reason });
        }),
        map((token) => token.access_token),
        finalize(() => {
          inFlight = undefined;
        }),
        // One request for every window waiting; a late subscriber gets the same token.
        share({
          connector: () => new ReplaySubject<string>(1),
          resetOnError: true,
          resetOnComplete: false,
          resetOnRefCountZero: true,
        }),
      );

  return {
    renewable: true,
    token: () =>
      defer(() => {
        if (current !== undefined && !rejected && now() < current.renewAtMs)
          return of(current.token);
        if (inFlight === undefined) {
          const reason = current === undefined ? 'initial' : rejected ? 'rejected' : 'expiring';
          inFlight = fetchToken(reason);
        }
        return inFlight;
      }),
    reject: (token) => {
      // Several windows may report the same refused token; renew once.
      if (current?.token === token) rejected = true;
    },
  };
}
