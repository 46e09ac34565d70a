import { badRequest } from './bad-request.js';
import { describeValue } from './describe-value.js';

/** Whitespace and control characters, which the URL parser would silently drop or keep. */
const WHITESPACE_OR_CONTROL = /[\s\u0000-\u001f\u007f-\u009f]/;

/**
 * Checks a base URL option and returns it without trailing slashes, ready for
 * `${base}/v2/...`. Throws `bad_request` naming `optionName` unless it is an absolute
 * `http:` or `https:` URL with a host and no query string, fragment, credentials,
 * whitespace or control characters. The message never quotes the URL (it might hold a
 * password or a token).
 */
export function validateBaseUrl(url: unknown, optionName: string): string {
  const refuse = (why: string) => badRequest(`${optionName} ${why}`);
  if (typeof url !== 'string') {
    throw refuse(`must be a URL string such as https://api.example.com; got ${describeValue(url)}`);
  }
  if (url === '') throw refuse('must not be empty');
  if (WHITESPACE_OR_CONTROL.test(url)) {
    throw refuse('must not contain whitespace or control characters');
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw refuse('is not an absolute URL (expected http:// or https://)');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw refuse(`must be http: or https:, not ${parsed.protocol}`);
  }
  if (parsed.hostname === '') throw refuse('has no host');
  if (parsed.username !== '' || parsed.password !== '') {
    throw refuse('must not contain credentials (user:password@); pass them as their own options');
  }
  // Tested on the raw text: the parser drops an empty `?` or `#`.
  if (url.includes('?'))
    throw refuse('must not contain a query string (?...); request paths are appended to it');
  if (url.includes('#')) throw refuse('must not contain a fragment (#...)');
  return url.replace(/\/+$/, '');
}
