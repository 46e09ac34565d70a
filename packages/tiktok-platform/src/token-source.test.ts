import { TikrxError } from '@tikrx/core';
import { firstValueFrom, lastValueFrom, Observable, of, Subject, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createTokenSource, type IssuedToken, type TokenReason } from './token-source.js';

/** A grant that hands out `tok-1`, `tok-2`… and records why it was asked. */
function countingGrant(expiresInSec?: number) {
  const reasons: TokenReason[] = [];
  const obtain = (reason: TokenReason) =>
    new Observable<IssuedToken>((subscriber) => {
      reasons.push(reason);
      subscriber.next({
        accessToken: `tok-${reasons.length}`,
        ...(expiresInSec === undefined ? {} : { expiresInSec }),
      });
      subscriber.complete();
    });
  return { reasons, obtain };
}

describe('createTokenSource', () => {
  it('hands a fixed token out as is, and cannot renew it', async () => {
    const tokens = createTokenSource({ accessToken: 'fixed' });
    expect(tokens.renewable).toBe(false);
    expect(await firstValueFrom(tokens.token())).toBe('fixed');
    await expect(firstValueFrom(tokens.renew('fixed'))).rejects.toMatchObject({ kind: 'auth' });
  });

  it('asks for the first token once, however many requests wait for it (single flight)', async () => {
    const answer = new Subject<IssuedToken>();
    let asked = 0;
    const tokens = createTokenSource({
      obtain: () => {
        asked += 1;
        return answer;
      },
    });
    const waiting = [1, 2, 3].map(() => firstValueFrom(tokens.token()));
    answer.next({ accessToken: 'shared' });
    answer.complete();
    expect(await Promise.all(waiting)).toEqual(['shared', 'shared', 'shared']);
    expect(asked).toBe(1);
    expect(await firstValueFrom(tokens.token())).toBe('shared');
    expect(asked).toBe(1);
  });

  it('renews a refused token once, however many requests report it refused', async () => {
    const grant = countingGrant();
    const renewed: TokenReason[] = [];
    const tokens = createTokenSource({ obtain: grant.obtain, onToken: (r) => renewed.push(r) });
    const first = await firstValueFrom(tokens.token());
    expect(await firstValueFrom(tokens.renew(first))).toBe('tok-2');
    // A second request refused with the old token gets the new one, without a new request.
    expect(await firstValueFrom(tokens.renew(first))).toBe('tok-2');
    expect(grant.reasons).toEqual(['initial', 'rejected']);
    expect(renewed).toEqual(['initial', 'rejected']);
  });

  it('renews before expiry: a tenth of the life ahead, at most five minutes', async () => {
    let nowMs = 0;
    const grant = countingGrant(7200);
    const tokens = createTokenSource({ obtain: grant.obtain, now: () => nowMs });
    expect(await firstValueFrom(tokens.token())).toBe('tok-1');
    nowMs = 7200_000 - 5 * 60_000 - 1;
    expect(await firstValueFrom(tokens.token())).toBe('tok-1');
    nowMs += 1;
    expect(await firstValueFrom(tokens.token())).toBe('tok-2');
    expect(grant.reasons).toEqual(['initial', 'expiring']);

    const short = countingGrant(60);
    nowMs = 0;
    const shortLived = createTokenSource({ obtain: short.obtain, now: () => nowMs });
    await firstValueFrom(shortLived.token());
    nowMs = 53_999;
    expect(await firstValueFrom(shortLived.token())).toBe('tok-1');
    nowMs = 54_000;
    expect(await firstValueFrom(shortLived.token())).toBe('tok-2');
  });

  it('aborts the token request once every waiting request unsubscribed', () => {
    let aborted = 0;
    const tokens = createTokenSource({
      obtain: () =>
        new Observable<IssuedToken>(() => () => {
          aborted += 1;
        }),
    });
    const a = tokens.token().subscribe();
    const b = tokens.token().subscribe();
    a.unsubscribe();
    expect(aborted).toBe(0);
    b.unsubscribe();
    expect(aborted).toBe(1);
  });

  it('asks again after a failed token request, and fails every waiting request with its error', async () => {
    let attempt = 0;
    const tokens = createTokenSource({
      obtain: () => {
        attempt += 1;
        return attempt === 1
          ? throwError(() => new TikrxError({ kind: 'server', message: 'down' }))
          : of({ accessToken: 'after-failure' });
      },
    });
    await expect(lastValueFrom(tokens.token())).rejects.toMatchObject({ kind: 'server' });
    expect(await firstValueFrom(tokens.token())).toBe('after-failure');
  });

  it('names every token it handed out as a secret', async () => {
    const grant = countingGrant();
    const tokens = createTokenSource({ accessToken: 'given', obtain: grant.obtain });
    await firstValueFrom(tokens.renew('given'));
    expect(tokens.secrets().sort()).toEqual(['given', 'tok-1']);
  });
});
