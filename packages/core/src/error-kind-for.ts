import type { ErrorKind } from './errors.js';

/**
 * The kind of a failed exchange by its HTTP status. What an API's own codes mean is the
 * source's knowledge: its error reader maps them to a kind, which wins over this.
 */
export function errorKindFor(status: number): ErrorKind {
  if (status === 401) return 'auth';
  if (status === 402) return 'quota_exhausted';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server';
  if (status >= 400) return 'bad_request';
  return 'invalid_response';
}
