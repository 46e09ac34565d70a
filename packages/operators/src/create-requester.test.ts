import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ApiErrorReader, TikrxError, type TikrxEvent, type Transport } from '@tikrx/core';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimiter } from './create-rate-limiter.js';
import { createRequester } from './create-requester.js';

const readApiError: ApiErrorReader = (_status, body) => {
  const error = (body as { error?: { code?: string; message?: string } }).error;
  return error?.code && error.code !== 'ok'
    ? { code: error.code, ...(error.message ? { message: error.message } : {}) }
    : undefined;
};

describe('createRequester against a local HTTP server', () => {
  let server: Server;
  let baseUrl: string;
  let hits = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      hits += 1;
      if (request.url?.startsWith('/flaky') && hits % 2 === 1) {
        response.writeHead(429, { 'content-type': 'application/json', 'retry-after-ms': '5' });
        response.end('{"error":{"code":"rate_limit_exceeded","message":"slow down"}}');
        return;
      }
      if (request.url?.startsWith('/forbidden')) {
        response.writeHead(403, { 'content-type': 'application/json' });
        response.end('{"error":{"code":"scope_not_authorized","message":"no"}}');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"data":{"id":7320768196569599275},"error":{"code":"ok"}}');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends the request, parses int64 ids losslessly and reports request/response events', async () => {
    const events: TikrxEvent[] = [];
    const request = createRequester({ source: 'research', onEvent: (e) => events.push(e) });
    const response = await firstValueFrom(
      request({ method: 'GET', url: `${baseUrl}/ok?access_token=secret-token` }, readApiError),
    );
    expect(response.body).toEqual({ data: { id: '7320768196569599275' }, error: { code: 'ok' } });
    expect(events.map((e) => e.type)).toEqual(['request', 'response']);
    expect(JSON.stringify(events)).not.toContain('secret-token');
  });

  it('retries a 429 after its Retry-After, penalizing the limiter, with a retry event', async () => {
    hits = 0;
    const events: TikrxEvent[] = [];
    const limiter = createRateLimiter({ rate: 100, intervalMs: 1000 });
    const request = createRequester({
      source: 'display',
      limiter,
      onEvent: (e) => events.push(e),
    });
    const response = await lastValueFrom(
      request({ method: 'GET', url: `${baseUrl}/flaky` }, readApiError),
    );
    expect(response.status).toBe(200);
    const retry = events.find((e) => e.type === 'retry');
    expect(retry).toMatchObject({
      attempt: 1,
      delayMs: 5,
      kind: 'rate_limited',
      code: 'rate_limit_exceeded',
    });
    expect(
      events.filter((e) => e.type === 'request').map((e) => 'attempt' in e && e.attempt),
    ).toEqual([1, 2]);
    expect(limiter.stats().rateFactor).toBeLessThan(1);
    expect(limiter.stats().inFlight).toBe(0);
  });

  it('does not retry a forbidden error', async () => {
    const events: TikrxEvent[] = [];
    const request = createRequester({ source: 'display', onEvent: (e) => events.push(e) });
    const error = await firstValueFrom(
      request({ method: 'GET', url: `${baseUrl}/forbidden` }, readApiError),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TikrxError);
    expect((error as TikrxError).kind).toBe('forbidden');
    expect(events.filter((e) => e.type === 'request')).toHaveLength(1);
  });
});

describe('createRequester with a fake transport', () => {
  it('aborts the request in flight when unsubscribed', async () => {
    let signal: AbortSignal | undefined;
    const transport: Transport = (req) => {
      signal = req.signal;
      return new Promise(() => {});
    };
    const request = createRequester({ source: 'socialfetch', transport, retry: false });
    const subscription = request(
      { method: 'GET', url: 'http://x.test/a' },
      readApiError,
    ).subscribe();
    await Promise.resolve();
    expect(signal?.aborted).toBe(false);
    subscription.unsubscribe();
    expect(signal?.aborted).toBe(true);
  });

  it('uses the default timeout unless the request sets its own', async () => {
    const transport: Transport = (req) =>
      new Promise((_resolve, reject) =>
        req.signal.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    const request = createRequester({
      source: 'socialfetch',
      transport,
      retry: false,
      timeoutMs: 10,
    });
    const error = await firstValueFrom(
      request({ method: 'GET', url: 'http://x.test/a' }, readApiError),
    ).catch((e: unknown) => e);
    expect((error as TikrxError).kind).toBe('timeout');
  });
});
