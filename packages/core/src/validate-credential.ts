import { badRequest } from './bad-request.js';

/** Longer than any token, key or secret the APIs issue: a pasted file, not a credential. */
export const MAX_CREDENTIAL_LENGTH = 4096;

/**
 * Visible ASCII only (`!` to `~`). RFC 6749 makes client ids, secrets and access tokens
 * VSCHAR (space to `~`); a space never occurs in a real one but does in a pasted
 * "Bearer xyz" or a trailing newline. Anything else would corrupt an HTTP header.
 */
const CREDENTIAL = /^[\x21-\x7e]+$/;

/**
 * Throws `bad_request` unless `value` is a usable credential: a non-empty string of at most
 * 4096 visible ASCII characters (no whitespace, CR/LF or other control characters). The
 * message names the option (`name`) and never quotes the value.
 */
export function validateCredential(value: unknown, name: string): asserts value is string {
  const refuse = (why: string) => badRequest(`${name} ${why}`);
  if (typeof value !== 'string') {
    throw refuse(`must be a string; got ${value === null ? 'null' : typeof value}`);
  }
  if (value === '') throw refuse('must not be empty');
  if (value.length > MAX_CREDENTIAL_LENGTH) {
    throw refuse(
      `is ${value.length} characters long; at most ${MAX_CREDENTIAL_LENGTH} are allowed`,
    );
  }
  if (!CREDENTIAL.test(value)) {
    throw refuse(
      value.trim() === ''
        ? 'is blank'
        : 'contains whitespace, control or non-ASCII characters (a stray newline or space?)',
    );
  }
}
