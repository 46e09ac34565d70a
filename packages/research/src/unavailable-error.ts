import { TikrxError } from '@tikrx/core';
import { unavailableReason } from './user-unavailable.js';

/**
 * The API's refusal of a user or video, as a `TikrxError` that says so: kind `not_found` (no
 * such user or video) or `forbidden` (private, hidden, or not to be disclosed), the API's own
 * code, status, message and log id kept. Any other error is returned as it is.
 */
export function asUnavailable(error: TikrxError, what: string): TikrxError {
  const reason = unavailableReason(error);
  if (reason === undefined) return error;
  return new TikrxError({
    kind: reason === 'not_found' ? 'not_found' : 'forbidden',
    message:
      reason === 'not_found'
        ? `The Research API does not know ${what}`
        : `The Research API does not return ${what} (private or hidden)`,
    retryable: false,
    ...(error.status === undefined ? {} : { status: error.status }),
    ...(error.code === undefined ? {} : { code: error.code }),
    ...(error.apiMessage === undefined ? {} : { apiMessage: error.apiMessage }),
    ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
    ...(error.method === undefined ? {} : { method: error.method }),
    ...(error.url === undefined ? {} : { url: error.url }),
    cause: error,
  });
}
