import type { ApiErrorReader, JsonResponse } from '@tikrx/core';
import type { Requester, RequesterRequest } from '@tikrx/operators/internal';
import { lastValueFrom, type Observable, of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { clientCredentialsGrant, type RefreshedToken, refreshTokenGrant } from './oauth-grants.js';
import { readTikTokError } from './read-tiktok-error.js';

/** A requester that answers each request with the next body and records what was sent. */
function answering(...bodies: unknown[]) {
  const sent: RequesterRequest[] = [];
  const readers: ApiErrorReader[] = [];
  const requester: Requester = (request, readApiError): Observable<JsonResponse> => {
    sent.push(request);
    readers.push(readApiError);
    return of({ status: 200, headers: {}, body: bodies.shift() });
  };
  return { sent, readers, requester };
}

const app = {
  tokenUrl: 'https://open.tiktokapis.com/v2/oauth/token/',
  clientKey: 'ck',
  clientSecret: 'cs',
};

describe('clientCredentialsGrant', () => {
  it('posts the client credentials as a form, naming both as secrets, and reads the expiry', async () => {
    const api = answering({ access_token: 'clt.1', expires_in: 7200, token_type: 'Bearer' });
    const token = await lastValueFrom(
      clientCredentialsGrant({ ...app, requester: api.requester })('initial'),
    );
    expect(token).toEqual({ accessToken: 'clt.1', expiresInSec: 7200 });
    expect(api.sent[0]).toMatchObject({
      method: 'POST',
      url: app.tokenUrl,
      form: { client_key: 'ck', client_secret: 'cs', grant_type: 'client_credentials' },
      secrets: ['ck', 'cs'],
    });
    expect(api.readers[0]).toBe(readTikTokError);
  });

  it('fails with invalid_response, not retried, on an answer without an access_token', async () => {
    const api = answering({ token_type: 'Bearer' });
    await expect(
      lastValueFrom(clientCredentialsGrant({ ...app, requester: api.requester })('initial')),
    ).rejects.toMatchObject({ kind: 'invalid_response', retryable: false });
  });
});

describe('refreshTokenGrant', () => {
  it('sends the newest refresh token, reports each refresh, and keeps every refresh token secret', async () => {
    const api = answering(
      { access_token: 'act.1', expires_in: 86400, refresh_token: 'rft.2', open_id: 'u1' },
      { access_token: 'act.2' },
    );
    const refreshed: RefreshedToken[] = [];
    const grant = refreshTokenGrant({
      ...app,
      requester: api.requester,
      refreshToken: 'rft.1',
      onTokenRefresh: (token) => refreshed.push(token),
    });
    expect(await lastValueFrom(grant.obtain('initial'))).toEqual({
      accessToken: 'act.1',
      expiresInSec: 86400,
    });
    expect(await lastValueFrom(grant.obtain('rejected'))).toEqual({ accessToken: 'act.2' });
    expect(api.sent.map((request) => request.form?.['refresh_token'])).toEqual(['rft.1', 'rft.2']);
    expect(api.sent[1]?.form?.['grant_type']).toBe('refresh_token');
    expect(refreshed).toEqual([
      { accessToken: 'act.1', refreshToken: 'rft.2', expiresInSec: 86400, openId: 'u1' },
      { accessToken: 'act.2' },
    ]);
    expect(grant.secrets().sort()).toEqual(['cs', 'rft.1', 'rft.2']);
  });
});
