/** Query parameters that carry secrets in the APIs tikrx speaks (Display v1 puts the token in the URL). */
const SECRET_QUERY_PARAMS = new Set([
  'access_token',
  'refresh_token',
  'client_secret',
  'client_key',
  'api_key',
  'apikey',
  'key',
  'token',
  'code',
]);

/** Headers that carry secrets. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'cookie']);

/** What a secret is replaced with in URLs, headers and messages. */
export const REDACTED = '[REDACTED]';

/** The URL with secret query values (and any user:password) replaced by `[REDACTED]`. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL we can parse: keep only what precedes a query string, which is where secrets go.
    const q = url.indexOf('?');
    return q === -1 ? url : `${url.slice(0, q)}?${REDACTED}`;
  }
  if (parsed.username) parsed.username = REDACTED;
  if (parsed.password) parsed.password = REDACTED;
  let changed = false;
  for (const key of [...parsed.searchParams.keys()]) {
    if (SECRET_QUERY_PARAMS.has(key.toLowerCase())) {
      parsed.searchParams.set(key, REDACTED);
      changed = true;
    }
  }
  const text = parsed.toString();
  return changed ? text.replaceAll(encodeURIComponent(REDACTED), REDACTED) : text;
}

/** A copy of the headers with secret values replaced by `[REDACTED]`. */
export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    out[key] = SECRET_HEADERS.has(key.toLowerCase()) ? REDACTED : value;
  }
  return out;
}

/** The secret-bearing values of a request: header values and query values as named above. */
export function secretsOf(url: string, headers: Readonly<Record<string, string>> = {}): string[] {
  const secrets: string[] = [];
  for (const [key, value] of Object.entries(headers)) {
    if (!SECRET_HEADERS.has(key.toLowerCase())) continue;
    secrets.push(value);
    // "Bearer xyz": the bare token is the secret too.
    const space = value.indexOf(' ');
    if (space !== -1) secrets.push(value.slice(space + 1));
  }
  try {
    for (const [key, value] of new URL(url).searchParams) {
      if (SECRET_QUERY_PARAMS.has(key.toLowerCase())) secrets.push(value);
    }
  } catch {
    // unparseable URL: nothing to add
  }
  return secrets.filter((s) => s.length >= 4);
}

/** Replaces every occurrence of each secret (and its URL-encoded form) in `text`. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    out = out.replaceAll(secret, REDACTED);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.replaceAll(encoded, REDACTED);
    // As a query string writes it (`+` for a space): how a secret read from a URL appears in
    // that URL's text.
    const formEncoded = new URLSearchParams({ s: secret }).toString().slice(2);
    if (formEncoded !== secret && formEncoded !== encoded) {
      out = out.replaceAll(formEncoded, REDACTED);
    }
  }
  return out;
}
