import { describe, expect, it } from 'vitest';
import { TikrxError } from './errors.js';
import { validateCredential } from './validate-credential.js';

const TOKEN = 'act.1a4b9d05d9ad1a56294b93b5609cdfbdNzQgbpbUWyFNvhC9QqIvKEjuuPHn';

function refusal(value: unknown): TikrxError {
  try {
    validateCredential(value, 'accessToken');
  } catch (error) {
    expect(error).toBeInstanceOf(TikrxError);
    return error as TikrxError;
  }
  throw new Error('expected a bad_request');
}

describe('validateCredential', () => {
  it.each([TOKEN, 'sfk_live_abc-123', 'a', 'x'.repeat(4096), 'k~!#$%&*+/=?^|'])(
    'accepts %s',
    (value) => {
      expect(() => validateCredential(value, 'accessToken')).not.toThrow();
    },
  );

  it.each([
    ['undefined', undefined],
    ['a number', 12345],
    ['empty', ''],
    ['blank', '   '],
    ['with a header newline', `${TOKEN}\r\nX-Injected: 1`],
    ['with a trailing newline', `${TOKEN}\n`],
    ['with a space', `Bearer ${TOKEN}`],
    ['with a tab', `${TOKEN}\t`],
    ['with a NUL', `${TOKEN}\u0000`],
    ['with DEL', `${TOKEN}\u007f`],
    ['with a non-breaking space', `${TOKEN}\u00a0`],
    ['with an emoji', `${TOKEN}\u{1F600}`],
    ['over 4096 characters', 'x'.repeat(4097)],
  ])('refuses a credential %s, naming the option and never quoting the value', (_name, value) => {
    const error = refusal(value);
    expect(error.kind).toBe('bad_request');
    expect(error.message).toMatch(/^accessToken /);
    for (const text of [error.message, String(error), JSON.stringify(error), error.stack ?? '']) {
      expect(text).not.toContain(TOKEN);
    }
  });
});
