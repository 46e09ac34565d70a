import { inspect } from 'node:util';
import { expect } from 'vitest';

/**
 * No secret in any rendering of an error (or of any value: an event, a log line): its
 * message, `String()`, `JSON.stringify()`, stack, `util.inspect` with its cause, and URL.
 */
export function expectNoSecrets(value: unknown, secrets: readonly string[]): void {
  const error = value instanceof Error ? (value as Error & { url?: string }) : undefined;
  const renderings = [
    String(value),
    JSON.stringify(value) ?? '',
    inspect(value, { depth: 5 }),
    error?.message ?? '',
    error?.stack ?? '',
    error?.url ?? '',
  ];
  for (const secret of secrets) {
    expect(secret.length, 'a secret to look for is empty').toBeGreaterThan(0);
    for (const text of renderings) expect(text).not.toContain(secret);
  }
}
