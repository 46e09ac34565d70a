import { inspect } from 'node:util';
import { expect } from 'vitest';
import { TikrxError } from './errors.js';

/** Awaits `promise`, expecting it to fail with a TikrxError, and returns that error. */
export async function rejection(promise: Promise<unknown>): Promise<TikrxError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TikrxError);
    return error as TikrxError;
  }
  throw new Error('expected a rejection');
}

/** No secret in any rendering of the error: message, String, JSON, stack, inspect (cause too). */
export function expectNoSecrets(error: TikrxError, secrets: readonly string[]): void {
  const renderings = [
    error.message,
    String(error),
    JSON.stringify(error),
    error.stack ?? '',
    inspect(error, { depth: 5 }),
    error.url ?? '',
  ];
  for (const text of renderings) {
    for (const secret of secrets) expect(text).not.toContain(secret);
  }
}
