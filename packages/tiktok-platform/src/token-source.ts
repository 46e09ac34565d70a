import { TikrxError } from '@tikrx/core';
import { defer, finalize, map, type Observable, of, ReplaySubject, share, tap } from 'rxjs';

/** Why a new token is asked for: none yet, the current one is about to expire, the API refused it. */
export type TokenReason = 'initial' | 'expiring' | 'rejected';

/** A token as a grant hands it out. */
export interface IssuedToken {
  accessToken: string;
  /** Seconds it lives from now; absent: it lives until the API refuses it. */
  expiresInSec?: number;
}

/** Options of `createTokenSource`: a first token, how to get a new one, and a callback per new token. */
export interface TokenSourceOptions {
  /** A token to begin with (a user's `accessToken`). */
  accessToken?: string;
  /**
   * Gets a new token: a cold Observable of one token (an OAuth grant, or a user's callback).
   * Absent when `accessToken` is all there is: nothing can renew it.
   */
  obtain?: (reason: TokenReason) => Observable<IssuedToken>;
  /** Called each time a new token arrived (the clients' `token` event). */
  onToken?: (reason: TokenReason) => void;
  /** Clock for expiry, ms since the epoch. Default `Date.now`. */
  now?: () => number;
}

/** Hands every request of a client the current access token, and renews it for all of them at once. */
export interface TokenSource {
  /** The token to send now: the current one while fresh, else one shared request for a new one. */
  token(): Observable<string>;
  /**
   * The API refused `rejected`: a new token. When another request already renewed it, the
   * token it got, without asking again: however many requests were refused, one renewal.
   */
  renew(rejected: string): Observable<string>;
  /** False when there is nothing to renew with (a fixed `accessToken`). */
  readonly renewable: boolean;
  /** Every token this source handed out, for error texts to scrub. */
  secrets(): string[];
}

/**
 * Longest head start taken on a token's expiry. A short-lived token is renewed when a tenth of
 * its life is left, so a token of one minute is not renewed at once.
 */
export const MAX_RENEW_AHEAD_MS = 5 * 60_000;

/**
 * A token source: single flight (every request waiting for a token shares one token request),
 * renewal before expiry (see {@link MAX_RENEW_AHEAD_MS}) and after a refusal, and the token
 * request aborted once every request waiting for it has unsubscribed.
 */
export function createTokenSource(options: TokenSourceOptions): TokenSource {
  const now = options.now ?? Date.now;
  const { obtain } = options;
  let current = options.accessToken;
  let renewAtMs = Number.POSITIVE_INFINITY;
  let inFlight: Observable<string> | undefined;
  const handedOut = new Set<string>(current === undefined ? [] : [current]);

  const fetchToken = (reason: TokenReason): Observable<string> => {
    if (obtain === undefined) {
      return defer(() => {
        throw new TikrxError({
          kind: 'auth',
          message: 'No way to get a new access token: pass credentials that can renew it',
          retryable: false,
        });
      });
    }
    inFlight ??= obtain(reason).pipe(
      tap((issued) => {
        // Cleared before the token goes out: a request refused at once (in the same tick)
        // must find no request in flight, or it would be handed the token it just reported.
        inFlight = undefined;
        current = issued.accessToken;
        handedOut.add(current);
        renewAtMs = renewAt(now(), issued.expiresInSec);
        options.onToken?.(reason);
      }),
      map((issued) => issued.accessToken),
      finalize(() => {
        inFlight = undefined;
      }),
      // A late caller gets the same token; when every caller left, the request is aborted.
      share({
        connector: () => new ReplaySubject<string>(1),
        resetOnError: true,
        resetOnComplete: false,
        resetOnRefCountZero: true,
      }),
    );
    return inFlight;
  };

  return {
    renewable: obtain !== undefined,
    secrets: () => [...handedOut],
    token: () =>
      defer(() => {
        if (inFlight !== undefined) return inFlight;
        if (current === undefined) return fetchToken('initial');
        if (now() >= renewAtMs) return fetchToken('expiring');
        return of(current);
      }),
    renew: (rejected) =>
      defer(() => {
        if (inFlight !== undefined) return inFlight;
        if (current !== undefined && current !== rejected) return of(current);
        return fetchToken('rejected');
      }),
  };
}

function renewAt(nowMs: number, expiresInSec: number | undefined): number {
  if (expiresInSec === undefined) return Number.POSITIVE_INFINITY;
  const lifeMs = expiresInSec * 1000;
  return nowMs + lifeMs - Math.min(MAX_RENEW_AHEAD_MS, lifeMs / 10);
}
