import type { Transport } from './transport.js';

/**
 * The global `fetch` (read at call time, so nock or msw installed later still intercept it).
 * Choose it when your own tests mock HTTP with those libraries.
 */
export function fetchTransport(): Transport {
  return async ({ method, url, headers, body, signal }) => {
    const response = await globalThis.fetch(url, {
      method,
      headers: checkedHeaders(headers),
      ...(body === undefined ? {} : { body }),
      signal,
    });
    const text = await response.text();
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      responseHeaders[name] = value;
    });
    return { status: response.status, headers: responseHeaders, body: text };
  };
}

/**
 * `Headers` as fetch would build them, refusing what it refuses (CR/LF, characters above
 * U+00FF) with a coded error, as undici does (`UND_ERR_INVALID_ARG`), so `requestJson` reports
 * `bad_request` instead of a retried `network` error. fetch's own message quotes the value (a
 * token, maybe): it is not kept.
 */
function checkedHeaders(headers: Record<string, string>): Headers {
  try {
    return new Headers(headers);
  } catch {
    throw Object.assign(new Error('fetch refused a request header name or value'), {
      code: 'ERR_INVALID_ARG_VALUE',
    });
  }
}
