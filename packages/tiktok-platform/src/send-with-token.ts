import { isTikrxError } from '@tikrx/core';
import { catchError, type Observable, switchMap, throwError } from 'rxjs';
import { isTokenRejected } from './is-token-rejected.js';
import type { TokenSource } from './token-source.js';

/**
 * Renewals of a refused token in a row for one request. More than one: a token renewed a
 * moment ago can be refused again (an expiry racing the renewal, the simulator's
 * token-expired fault). Bounded: a token the API keeps refusing fails after 4 requests.
 */
export const TOKEN_RENEWALS_PER_PAGE = 3;

/**
 * Sends one request with the current token; when the API refuses the token and the source
 * can renew it, renews it and sends the same request again (at most
 * {@link TOKEN_RENEWALS_PER_PAGE} times). Any other error, or a refusal past the bound, fails.
 */
export function sendWithToken<T>(
  tokens: TokenSource,
  send: (token: string) => Observable<T>,
): Observable<T> {
  const attempt = (token$: Observable<string>, renewalsLeft: number): Observable<T> =>
    token$.pipe(
      switchMap((token) =>
        send(token).pipe(
          catchError((error: unknown) =>
            renewalsLeft > 0 && tokens.renewable && isTikrxError(error) && isTokenRejected(error)
              ? attempt(tokens.renew(token), renewalsLeft - 1)
              : throwError(() => error),
          ),
        ),
      ),
    );
  return attempt(tokens.token(), TOKEN_RENEWALS_PER_PAGE);
}
