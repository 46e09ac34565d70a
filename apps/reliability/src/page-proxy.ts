import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A pass-through proxy in front of the simulator that counts, per page request (method, URL
 * and body), how many times its answer was delivered in full to the client. A page delivered
 * twice is a page fetched again; a request cut off by a kill before its answer arrived is not.
 */
export interface PageProxy {
  url: string;
  /** Page answers delivered more than once, summed (token requests excluded). */
  refetchedPages(): number;
  close(): Promise<void>;
}

export async function startPageProxy(targetUrl: string): Promise<PageProxy> {
  const target = new URL(targetUrl);
  const deliveries = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const key = `${req.method} ${req.url} ${body.toString('utf8')}`;
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          res.on('finish', () => {
            if (!(req.url ?? '').includes('/oauth/')) {
              deliveries.set(key, (deliveries.get(key) ?? 0) + 1);
            }
          });
        },
      );
      upstream.on('error', () => res.destroy());
      res.on('close', () => {
        if (!res.writableFinished) upstream.destroy();
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    refetchedPages: () => [...deliveries.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
