import { TikrxError } from './errors.js';

/**
 * An API id (video, music, playlist) as an exact decimal string. Lossless JSON parsing turns
 * unsafe integers into strings already; a `number` here must be a safe integer, or precision
 * was lost before we saw it.
 */
export function idString(value: string | number | bigint): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (!Number.isSafeInteger(value)) {
    throw new TikrxError({
      kind: 'invalid_response',
      message: `Id ${value} is not an exact integer; it was parsed without int64 precision`,
    });
  }
  return String(value);
}
