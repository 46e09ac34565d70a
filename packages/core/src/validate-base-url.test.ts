import { describe, expect, it } from 'vitest';
import { TikrxError } from './errors.js';
import { validateBaseUrl } from './validate-base-url.js';

function refusal(url: unknown): TikrxError {
  try {
    validateBaseUrl(url, 'baseUrl');
  } catch (error) {
    expect(error).toBeInstanceOf(TikrxError);
    return error as TikrxError;
  }
  throw new Error('expected a bad_request');
}

describe('validateBaseUrl', () => {
  it.each([
    ['https://open.tiktokapis.com', 'https://open.tiktokapis.com'],
    ['http://127.0.0.1:4010/', 'http://127.0.0.1:4010'],
    ['https://proxy.example/tiktok//', 'https://proxy.example/tiktok'],
  ])('accepts %s, returned without trailing slashes', (url, base) => {
    expect(validateBaseUrl(url, 'baseUrl')).toBe(base);
  });

  it.each([
    ['not a string', 42],
    ['empty', ''],
    ['not a URL', 'not a url'],
    ['a relative path', '/v2'],
    ['file:', 'file:///etc/passwd'],
    ['ftp:', 'ftp://example.com'],
    ['a query string', 'http://127.0.0.1:4010/?x=1'],
    ['an empty query string', 'http://127.0.0.1:4010/?'],
    ['a fragment', 'http://127.0.0.1:4010/#x'],
    ['credentials', 'https://user:hunter2@example.com'],
    ['a CR/LF', 'http://127.0.0.1:4010a\r\nX-Injected: 1'],
    ['a tab the parser would drop', 'http://exam\tple.com'],
    ['a space', 'http://example.com/a b'],
  ])('refuses %s with bad_request naming the option, without quoting it', (_name, url) => {
    const error = refusal(url);
    expect(error.kind).toBe('bad_request');
    expect(error.message).toMatch(/^baseUrl /);
    if (typeof url === 'string' && url !== '') expect(error.message).not.toContain(url);
    expect(error.message).not.toContain('hunter2');
  });
});
