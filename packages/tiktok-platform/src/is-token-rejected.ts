/** Auth codes that say the client itself is refused, not the token: a new token cannot help. */
const CLIENT_REFUSED = /^(invalid_client|invalid_grant|unauthorized_client)$/i;

/**
 * The API refused the access token (expired, revoked, invalid): a renewable token source
 * gets a new one and the same request goes again. An `auth` error without a code counts
 * (a bare 401); a refused client key or refresh token does not.
 */
export function isTokenRejected(error: { kind?: string; code?: string }): boolean {
  return error.kind === 'auth' && (error.code === undefined || !CLIENT_REFUSED.test(error.code));
}
