import { TikrxError } from './errors.js';

/** The error for input refused before any request: `kind: 'bad_request'`, never retried. */
export function badRequest(message: string): TikrxError {
  return new TikrxError({ kind: 'bad_request', message });
}
