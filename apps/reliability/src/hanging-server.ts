import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A server that never answers: each request is held open until the client goes away, and the
 * moment its socket closes is recorded. What a cancellation test needs to see from the server
 * side: that unsubscribing (or Ctrl-C) really closed the connection.
 */
export interface HangingServer {
  url: string;
  /** Requests received (head and body read). */
  readonly received: number;
  /** Requests whose connection the client closed before any answer. */
  readonly closedByClient: number;
  /** Resolves when `count` requests have arrived. */
  waitForRequests(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves when `count` requests were closed by the client. */
  waitForClosed(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startHangingServer(): Promise<HangingServer> {
  let received = 0;
  let closedByClient = 0;
  const held = new Set<ServerResponse>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      received += 1;
    });
    held.add(res);
    res.on('close', () => {
      held.delete(res);
      if (!res.writableEnded) closedByClient += 1;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const waitFor = (check: () => boolean, what: string, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const startedAt = Date.now();
      const poll = setInterval(() => {
        if (check()) {
          clearInterval(poll);
          resolve();
        } else if (Date.now() - startedAt > timeoutMs) {
          clearInterval(poll);
          reject(new Error(`hanging server: ${what} not seen within ${timeoutMs} ms`));
        }
      }, 5);
    });

  return {
    url: `http://127.0.0.1:${port}`,
    get received() {
      return received;
    },
    get closedByClient() {
      return closedByClient;
    },
    waitForRequests: (count, timeoutMs = 10_000) =>
      waitFor(() => received >= count, `${count} requests`, timeoutMs),
    waitForClosed: (count, timeoutMs = 10_000) =>
      waitFor(() => closedByClient >= count, `${count} closed connections`, timeoutMs),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of held) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
