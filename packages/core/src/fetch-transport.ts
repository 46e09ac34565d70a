import type { Transport } from './transport.js';

/**
 * The global `fetch` (read at call time, so nock or msw installed later still intercept it).
 * Choose it when your own tests mock HTTP with those libraries.
 */
export function fetchTransport(): Transport {
  return async ({ method, url, headers, body, signal }) => {
    const response = await globalThis.fetch(url, {
      method,
      headers,
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
