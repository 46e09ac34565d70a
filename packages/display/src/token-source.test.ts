import { expectNoSecrets, failure } from '@tikrx/testing';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { displayTokens } from './token-source.js';

describe('displayTokens', () => {
  it('uses a given accessToken first and asks getAccessToken only once it is refused', async () => {
    const reasons: string[] = [];
    const { tokens } = displayTokens({
      accessToken: 'act.given',
      provider: ({ reason }) => {
        reasons.push(reason);
        return 'act.fresh';
      },
    });
    expect(await firstValueFrom(tokens.token())).toBe('act.given');
    expect(reasons).toEqual([]);
    expect(await firstValueFrom(tokens.renew('act.given'))).toBe('act.fresh');
    expect(reasons).toEqual(['rejected']);
  });

  it('cannot renew a fixed accessToken', () => {
    expect(displayTokens({ accessToken: 'act.fixed' }).tokens.renewable).toBe(false);
  });

  it('turns what getAccessToken throws into auth, without the tokens it knows', async () => {
    const { tokens } = displayTokens({
      accessToken: 'act.old-secret',
      provider: () => {
        throw new Error('vault refused act.old-secret');
      },
    });
    const error = await failure(lastValueFrom(tokens.renew('act.old-secret')));
    expect(error).toMatchObject({ kind: 'auth', retryable: false });
    expect(error.message).toMatch(/getAccessToken failed/);
    expectNoSecrets(error, ['act.old-secret']);
  });

  it('refuses an empty token, or one with a newline, before any request', async () => {
    for (const returned of ['', 'act.x\r\nX-Injected: 1']) {
      const { tokens } = displayTokens({ provider: () => returned });
      const error = await failure(lastValueFrom(tokens.token()));
      expect(error).toMatchObject({ kind: 'auth', retryable: false });
      if (returned !== '') expectNoSecrets(error, ['act.x']);
    }
  });

  it('names the refresh token and client secret among the secrets of the refresh flow', () => {
    const { secrets } = displayTokens({
      accessToken: 'act.a',
      refresh: {
        refreshToken: 'rft.r',
        clientKey: 'ck',
        clientSecret: 'cs',
        tokenUrl: 'https://open.tiktokapis.com/v2/oauth/token/',
        requester: () => {
          throw new Error('not called');
        },
      },
    });
    expect(secrets().sort()).toEqual(['act.a', 'cs', 'rft.r']);
  });
});
