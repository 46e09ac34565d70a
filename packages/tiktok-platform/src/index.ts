export { isTokenRejected } from './is-token-rejected.js';
export type {
  OAuthGrantOptions,
  RefreshedToken,
  RefreshTokenGrant,
  RefreshTokenGrantOptions,
} from './oauth-grants.js';
export { clientCredentialsGrant, refreshTokenGrant } from './oauth-grants.js';
export { readTikTokError, tiktokErrorKind } from './read-tiktok-error.js';
export { sendWithToken, TOKEN_RENEWALS_PER_PAGE } from './send-with-token.js';
export type { IssuedToken, TokenReason, TokenSource, TokenSourceOptions } from './token-source.js';
export { createTokenSource, MAX_RENEW_AHEAD_MS } from './token-source.js';
