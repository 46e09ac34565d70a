import { TikrxError } from '@tikrx/core';
import { defer, lastValueFrom, of, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { sendWithToken, TOKEN_RENEWALS_PER_PAGE } from './send-with-token.js';
import { createTokenSource } from './token-source.js';

const refused = (code = 'access_token_invalid') =>
  new TikrxError({ kind: 'auth', status: 401, code, message: 'refused' });

function renewingTokens() {
  let issued = 0;
  return createTokenSource({
    accessToken: 'tok-0',
    obtain: () => defer(() => of({ accessToken: `tok-${++issued}` })),
  });
}

describe('sendWithToken', () => {
  it('renews a refused token and sends the same request again with the new one', async () => {
    const sent: string[] = [];
    const result = await lastValueFrom(
      sendWithToken(renewingTokens(), (token) => {
        sent.push(token);
        return token === 'tok-0' ? throwError(() => refused()) : of(`page with ${token}`);
      }),
    );
    expect(result).toBe('page with tok-1');
    expect(sent).toEqual(['tok-0', 'tok-1']);
  });

  it(`gives up after ${TOKEN_RENEWALS_PER_PAGE} renewals in a row, with the refusal`, async () => {
    const sent: string[] = [];
    const error = await lastValueFrom(
      sendWithToken(renewingTokens(), (token) => {
        sent.push(token);
        return throwError(() => refused());
      }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'auth', code: 'access_token_invalid' });
    expect(sent).toEqual(['tok-0', 'tok-1', 'tok-2', 'tok-3']);
  });

  it('does not renew a fixed token, nor on a refused client or another kind of error', async () => {
    for (const [tokens, error] of [
      [createTokenSource({ accessToken: 'fixed' }), refused()],
      [renewingTokens(), refused('invalid_client')],
      [renewingTokens(), new TikrxError({ kind: 'server', status: 500, message: 'down' })],
    ] as const) {
      let sends = 0;
      const failed = await lastValueFrom(
        sendWithToken(tokens, () => {
          sends += 1;
          return throwError(() => error);
        }),
      ).catch((e: unknown) => e);
      expect(failed).toBe(error);
      expect(sends).toBe(1);
    }
  });
});
