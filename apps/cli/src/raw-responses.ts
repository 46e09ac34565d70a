import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Transport } from '@tikrx/core';
import { REDACTED, redactHeaders, redactUrl, scrubSecrets, secretsOf } from '@tikrx/core/internal';

/** JSON members whose values are credentials (the OAuth token answer holds two). */
const SECRET_MEMBERS =
  /("(?:access_token|refresh_token|id_token|client_secret|client_key|api_key|apiKey)"\s*:\s*)"(?:[^"\\]|\\.)*"/g;

/**
 * `--raw-responses DIR`: a transport that keeps every response body, as received, in
 * `DIR/NNNN-<status>.body` beside `NNNN-<status>.json` (method, redacted URL and headers, status,
 * duration), for a bug report. Credentials are scrubbed from both: the `secrets` given (the
 * CLI's credential variables), the request's own (its bearer token, `x-api-key`, query tokens),
 * and token members of JSON bodies.
 */
export function recordRawResponses(
  inner: Transport,
  dir: string,
  secrets: readonly string[],
): Transport {
  mkdirSync(dir, { recursive: true });
  let count = 0;
  return async (request) => {
    const startedAt = Date.now();
    const response = await inner(request);
    const known = [...secrets, ...secretsOf(request.url, request.headers)];
    const name = `${String(++count).padStart(4, '0')}-${response.status}`;
    const body = scrubSecrets(response.body.replace(SECRET_MEMBERS, `$1"${REDACTED}"`), known);
    const meta = {
      method: request.method,
      url: scrubSecrets(redactUrl(request.url), known),
      requestHeaders: redactHeaders(request.headers),
      status: response.status,
      headers: redactHeaders(response.headers),
      durationMs: Date.now() - startedAt,
    };
    writeFileSync(join(dir, `${name}.body`), body);
    writeFileSync(
      join(dir, `${name}.json`),
      `${scrubSecrets(JSON.stringify(meta, null, 2), known)}\n`,
    );
    return response;
  };
}
