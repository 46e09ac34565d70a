import { TikrxError } from '@tikrx/core';
import { describeValue } from '@tikrx/core/internal';

const MAX_INT64 = 2n ** 63n - 1n;

/**
 * A video, comment or playlist id as the API takes it: a decimal string of an int64 (numbers
 * are refused: beyond 2^53 a JS number has already lost digits). Anything else fails with
 * `bad_request` naming `name`, before any request.
 */
export function validateResearchId(value: unknown, name: string): string {
  if (typeof value === 'string' && /^\d{1,19}$/.test(value) && BigInt(value) <= MAX_INT64) {
    return value;
  }
  throw new TikrxError({
    kind: 'bad_request',
    message: `${name} must be an id as a decimal string (an int64, e.g. "7320768196569599275"); got ${describeValue(value)}`,
  });
}
