/** One HTTP exchange as a transport sees it. */
export interface TransportRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Aborted on unsubscribe or timeout; a transport must stop and reject promptly. */
  signal: AbortSignal;
}

/** What a transport returns: the status, the response headers and the body as text. */
export interface TransportResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
}

/**
 * How requests leave the process. Two are built in: `undiciTransport` (the default) and
 * `fetchTransport` (global fetch, which nock and msw intercept). Anything with this shape
 * works: a recorder, a proxy, a test double.
 */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;
