import type { ServerResponse } from 'node:http';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TikrxError } from './errors.js';
import { fetchTransport } from './fetch-transport.js';
import { fromJsonRequest } from './from-json-request.js';
import { readTikTokError } from './test-error-exchanges.js';
import { startTestServer, type TestServer } from './test-http-server.js';
import type { Transport } from './transport.js';
import { undiciTransport } from './undici-transport.js';

const agent = new Agent({ keepAliveTimeout: 1000 });
afterAll(() => agent.close());

const transports: [string, Transport][] = [
  ['undiciTransport', undiciTransport({ dispatcher: agent })],
  ['fetchTransport', fetchTransport()],
];

/** Resolves once `predicate` holds, polling (the server side runs on its own events). */
async function until(predicate: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe.each(transports)('fromJsonRequest over %s', (_, transport) => {
  let server: TestServer;
  /** Responses the server is holding open, and whether each saw its connection close. */
  const held: { res: ServerResponse; closed: boolean }[] = [];
  beforeAll(async () => {
    server = await startTestServer((req, res) => {
      if (req.url === '/hang') {
        const entry = { res, closed: false };
        held.push(entry);
        res.on('close', () => {
          entry.closed = true;
        });
        return;
      }
      if (req.url === '/slow') {
        setTimeout(() => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"late":true}');
        }, 200);
        return;
      }
      if (req.url === '/fail') {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"error":{"code":"internal_error","message":"boom"}}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"id":7099522475452681474,"n":${server.seen.length}}`);
    });
  });
  afterAll(() => server.close());

  const request$ = (path: string, timeoutMs = 5000) =>
    fromJsonRequest(
      transport,
      { method: 'GET', url: `${server.url}${path}`, timeoutMs },
      readTikTokError,
    );

  it('is cold: each subscription sends the request once and emits one response', async () => {
    const before = server.seen.length;
    const responses = request$('/ok');
    expect(server.seen.length).toBe(before);
    const first = await firstValueFrom(responses);
    const second = await lastValueFrom(responses.pipe(toArray()));
    expect(server.seen.length).toBe(before + 2);
    expect(first.body).toMatchObject({ id: '7099522475452681474' });
    expect(second).toHaveLength(1);
  });

  it('aborts the request in flight on unsubscribe: the server sees the connection close', async () => {
    const events: string[] = [];
    const subscription = request$('/hang').subscribe({
      next: () => events.push('next'),
      error: () => events.push('error'),
      complete: () => events.push('complete'),
    });
    await until(() => held.length === 1);
    expect(held[0]!.closed).toBe(false);
    subscription.unsubscribe();
    await until(() => held[0]!.closed);
    expect(held[0]!.res.writableEnded).toBe(false);
    // Nothing reaches the subscriber after it left, not even the abort error.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).toEqual([]);
  });

  it('emits nothing when unsubscribed before a slow answer arrives', async () => {
    const events: string[] = [];
    const subscription = request$('/slow').subscribe({
      next: () => events.push('next'),
      error: () => events.push('error'),
    });
    await until(() => server.seen.some((r) => r.url === '/slow'));
    subscription.unsubscribe();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(events).toEqual([]);
  });

  it('errors with the TikrxError of a failed exchange', async () => {
    const error = await firstValueFrom(request$('/fail')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TikrxError);
    expect(error).toMatchObject({ kind: 'server', status: 500, code: 'internal_error' });
  });

  it('errors with timeout when the server holds the request past timeoutMs', async () => {
    const error = await firstValueFrom(request$('/hang', 100)).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'timeout' });
    await until(() => held.at(-1)!.closed);
  });
});
