import { Agent, type Dispatcher, request } from 'undici';
import type { Transport } from './transport.js';

let sharedAgent: Agent | undefined;

/**
 * One keep-alive pool for the whole process: every client that does not bring its own
 * dispatcher shares these sockets.
 */
function defaultAgent(): Agent {
  sharedAgent ??= new Agent({
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 60_000,
    connections: 128,
  });
  return sharedAgent;
}

/**
 * Options of `undiciTransport`: the dispatcher (an `Agent`, `ProxyAgent` or `MockAgent`) to send
 * through.
 */
export interface UndiciTransportOptions {
  /** A `ProxyAgent`, a `MockAgent`, or an `Agent` of your own. Default: a shared keep-alive Agent. */
  dispatcher?: Dispatcher;
}

/** The default transport: `undici.request` over a keep-alive pool. */
export function undiciTransport(options: UndiciTransportOptions = {}): Transport {
  return async ({ method, url, headers, body, signal }) => {
    const response = await request(url, {
      method,
      headers,
      body: body ?? null,
      signal,
      dispatcher: options.dispatcher ?? defaultAgent(),
    });
    const text = await response.body.text();
    const responseHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined)
        responseHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    return { status: response.statusCode, headers: responseHeaders, body: text };
  };
}
