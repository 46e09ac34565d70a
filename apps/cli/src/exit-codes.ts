import { isTikrxError } from '@tikrx/core';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

/** Validation errors (before any request) are bad usage; everything else at run time failed. */
export function exitCodeFor(error: unknown): number {
  return isTikrxError(error) && error.kind === 'bad_request' && error.status === undefined
    ? EXIT_USAGE
    : EXIT_FAILED;
}

/** `error: <message> (<kind>)` on stderr. TikrxError messages carry no secret. */
export function reportError(error: unknown): void {
  process.stderr.write(`error: ${errorMessage(error)}\n`);
}

/** `<message> (<kind>, <code>, <status>)`, or the message of anything else thrown. */
export function errorMessage(error: unknown): string {
  if (!isTikrxError(error)) return error instanceof Error ? error.message : String(error);
  const detail = [error.kind, error.code, error.status].filter((part) => part !== undefined);
  return `${error.message} (${detail.join(', ')})`;
}
