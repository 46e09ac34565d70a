import { describe, expect, it } from 'vitest';
import { REDACTED, redactHeaders, redactUrl, scrubSecrets, secretsOf } from './redact.js';

describe('redactUrl', () => {
  it('replaces access_token and client_secret values and keeps the rest', () => {
    const url = redactUrl(
      'https://open-api.tiktok.com/video/list/?access_token=act.abc123&open_id=u1&client_secret=s3cr3t',
    );
    expect(url).toBe(
      `https://open-api.tiktok.com/video/list/?access_token=${REDACTED}&open_id=u1&client_secret=${REDACTED}`,
    );
  });

  it('matches parameter names case-insensitively and removes user:password', () => {
    const url = redactUrl('https://user:pass@example.com/p?Access_Token=abcd');
    expect(url).not.toContain('abcd');
    expect(url).not.toContain('pass');
    expect(url).toContain(`Access_Token=${REDACTED}`);
  });

  it('leaves a URL without secrets as it was', () => {
    const url = 'https://open.tiktokapis.com/v2/research/video/query/?fields=id,username';
    expect(redactUrl(url)).toBe(url);
  });

  it('drops the whole query of a URL it cannot parse', () => {
    expect(redactUrl('/relative?access_token=abcd')).toBe(`/relative?${REDACTED}`);
  });
});

describe('redactHeaders and secretsOf', () => {
  const headers = {
    Authorization: 'Bearer act.token-value',
    'x-api-key': 'sf-key-123',
    'content-type': 'application/json',
  };

  it('redacts authorization and x-api-key, whatever their case', () => {
    expect(redactHeaders(headers)).toEqual({
      Authorization: REDACTED,
      'x-api-key': REDACTED,
      'content-type': 'application/json',
    });
  });

  it('collects header secrets, the bare bearer token, and query secrets', () => {
    expect(secretsOf('https://x.test/?access_token=qtoken1&fields=id', headers)).toEqual([
      'Bearer act.token-value',
      'act.token-value',
      'sf-key-123',
      'qtoken1',
    ]);
  });

  it('ignores values too short to be secrets (they would scrub ordinary text)', () => {
    expect(secretsOf('https://x.test/?code=ab')).toEqual([]);
  });
});

describe('scrubSecrets', () => {
  it('removes a secret raw, percent-encoded and form-encoded', () => {
    const secret = 'tok en/+=1';
    const text = `raw ${secret} pct ${encodeURIComponent(secret)} form ${new URLSearchParams({ a: secret }).toString().slice(2)}`;
    const out = scrubSecrets(text, [secret]);
    expect(out).toBe(`raw ${REDACTED} pct ${REDACTED} form ${REDACTED}`);
  });
});
