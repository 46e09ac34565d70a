import { apiError, jsonReply, type Route } from './context.js';

const OAUTH = { api: 'oauth' } as const;

/**
 * `POST /v2/oauth/token/` (form-urlencoded): client credentials for the Research API, and
 * refresh tokens for Display tokens.
 */
export const oauthToken: Route = {
  endpoint: 'oauth.token',
  api: 'oauth',
  handle(ctx, request) {
    const form = new URLSearchParams(request.body);
    const grantType = form.get('grant_type');
    const clientKey = form.get('client_key');
    const clientSecret = form.get('client_secret');
    if (grantType === null || clientKey === null) {
      return apiError(
        ctx,
        OAUTH,
        400,
        'invalid_request',
        'grant_type and client_key are required.',
      );
    }
    if (clientKey !== ctx.credentials.clientKey) {
      return apiError(ctx, OAUTH, 401, 'invalid_client', 'Client key or secret is invalid.');
    }
    const ttlSec = ctx.tokenTtlSec;
    if (grantType === 'client_credentials') {
      if (clientSecret !== ctx.credentials.clientSecret) {
        return apiError(ctx, OAUTH, 401, 'invalid_client', 'Client key or secret is invalid.');
      }
      const token = ctx.tokens.issueClient(ttlSec);
      ctx.stats.tokensIssued++;
      return jsonReply(
        200,
        JSON.stringify({ access_token: token, expires_in: ttlSec, token_type: 'Bearer' }),
      );
    }
    if (grantType === 'refresh_token') {
      if (clientSecret !== null && clientSecret !== ctx.credentials.clientSecret) {
        return apiError(ctx, OAUTH, 401, 'invalid_client', 'Client key or secret is invalid.');
      }
      const refreshToken = form.get('refresh_token');
      const username =
        refreshToken === null ? undefined : ctx.tokens.usernameOfRefresh(refreshToken);
      if (refreshToken === null || username === undefined) {
        return apiError(ctx, OAUTH, 400, 'invalid_grant', 'Refresh token is invalid or expired.');
      }
      const issued = ctx.tokens.issueDisplay(username, ttlSec);
      ctx.stats.tokensIssued++;
      const creator = ctx.dataset.creatorByName(username);
      return jsonReply(
        200,
        JSON.stringify({
          access_token: issued.accessToken,
          expires_in: ttlSec,
          open_id: `sim-open-id-${creator}`,
          refresh_expires_in: 31_536_000,
          refresh_token: issued.refreshToken,
          scope: 'user.info.basic,video.list',
          token_type: 'Bearer',
        }),
      );
    }
    return apiError(
      ctx,
      OAUTH,
      400,
      'unsupported_grant_type',
      `Grant type ${grantType} is not supported.`,
    );
  },
};
