import { expectNoSecrets, failure, fixture } from '@tikrx/testing';
import { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TikrxError } from './errors.js';
import { fetchTransport } from './fetch-transport.js';
import { type JsonRequest, requestJson } from './http.js';
import { readTikTokError, SECRET_HEADERS, SECRETS } from './test-error-exchanges.js';
import { closedPort, startTestServer, type TestServer } from './test-http-server.js';
import type { Transport } from './transport.js';
import { undiciTransport } from './undici-transport.js';

const recordedPage = fixture('research-video-query-page-1-of-2.recorded.json');
const QUERY = `?fields=id&access_token=${SECRETS[0]}`;

// A dispatcher of our own so a test's broken sockets never sit in the shared pool.
const agent = new Agent({ keepAliveTimeout: 1000 });
afterAll(() => agent.close());

const transports: [string, Transport][] = [
  ['undiciTransport', undiciTransport({ dispatcher: agent })],
  ['fetchTransport', fetchTransport()],
];

describe.each(transports)('requestJson over %s against a real node:http server', (_, transport) => {
  let server: TestServer;
  let answer: Parameters<typeof startTestServer>[0];
  beforeAll(async () => {
    server = await startTestServer((req, res, seen) => answer(req, res, seen));
  });
  afterAll(() => server.close());
  afterEach(() => {
    server.seen.length = 0;
  });

  const send = (overrides: Partial<JsonRequest> = {}) =>
    requestJson(
      transport,
      {
        method: 'POST',
        url: `${server.url}/v2/research/video/query/${QUERY}`,
        headers: SECRET_HEADERS,
        json: { max_count: 100 },
        timeoutMs: 2000,
        ...overrides,
      },
      readTikTokError,
    );

  it('sends method, path, headers and JSON body; reads the page losslessly', async () => {
    answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-tt-logid': 'L1' });
      res.end(recordedPage);
    };
    const response = await send();
    expect(server.seen).toHaveLength(1);
    const seen = server.seen[0]!;
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe(`/v2/research/video/query/${QUERY}`);
    expect(seen.headers['authorization']).toBe(SECRET_HEADERS.authorization);
    expect(seen.headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen.body)).toEqual({ max_count: 100 });
    expect(response.headers['x-tt-logid']).toBe('L1');
    const ids = (response.body as { data: { videos: { id: unknown }[] } }).data.videos.map(
      (v) => v.id,
    );
    expect(ids).toEqual([...recordedPage.matchAll(/"id":(\d+)/g)].map((m) => m[1]));
  });

  it('sends a form body for OAuth, and scrubs the client secret it carries', async () => {
    answer = (_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        '{"error":"invalid_client","error_description":"Client secret s3cr3t-CLIENT is wrong"}',
      );
    };
    const error = await failure<TikrxError>(
      send({
        url: `${server.url}/v2/oauth/token/`,
        headers: {},
        json: undefined,
        form: {
          client_key: 'ck',
          client_secret: 's3cr3t-CLIENT',
          grant_type: 'client_credentials',
        },
        secrets: ['s3cr3t-CLIENT'],
      }),
    );
    expect(server.seen[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(server.seen[0]!.body).toBe(
      'client_key=ck&client_secret=s3cr3t-CLIENT&grant_type=client_credentials',
    );
    expect(error.kind).toBe('auth');
    expectNoSecrets(error, ['s3cr3t-CLIENT']);
  });

  it('times out a server that never answers', async () => {
    answer = () => {};
    const started = performance.now();
    const error = await failure<TikrxError>(send({ timeoutMs: 150 }));
    expect(error.kind).toBe('timeout');
    expect(error.retryable).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(performance.now() - started).toBeLessThan(1500);
    expectNoSecrets(error, SECRETS);
  });

  it('times out a body that stalls halfway (the timeout covers the whole exchange)', async () => {
    answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"data":{"videos":[');
    };
    const error = await failure<TikrxError>(send({ timeoutMs: 150 }));
    expect(error.kind).toBe('timeout');
  });

  it('turns a connection reset into network', async () => {
    answer = (req) => req.socket.destroy();
    const error = await failure<TikrxError>(send());
    expect(error.kind).toBe('network');
    expect(error.retryable).toBe(true);
    expectNoSecrets(error, SECRETS);
  });

  it.each([
    [
      'a header value with CR/LF',
      { headers: { ...SECRET_HEADERS, 'x-api-key': 'k\r\nX-Injected: 1' } },
    ],
    [
      'a header value beyond Latin-1',
      { headers: { ...SECRET_HEADERS, 'x-api-key': 'k\u{1F600}' } },
    ],
    ['a URL that does not parse', { url: `not a url/x${QUERY}` }],
  ] as const)(
    'turns %s into a bad_request that is not retried, sending nothing',
    async (_, overrides) => {
      answer = (_req, res) => res.end('{}');
      const error = await failure<TikrxError>(send(overrides));
      expect(error).toMatchObject({ kind: 'bad_request', retryable: false });
      expect(server.seen).toHaveLength(0);
      expectNoSecrets(error, [...SECRETS, 'k\r\nX-Injected: 1']);
    },
  );

  it('turns a refused connection into network', async () => {
    const port = await closedPort();
    const error = await failure<TikrxError>(send({ url: `http://127.0.0.1:${port}/x${QUERY}` }));
    expect(error.kind).toBe('network');
    expect(error.code).toBe('ECONNREFUSED');
    expectNoSecrets(error, SECRETS);
  });

  it('turns a body cut short of its Content-Length into network', async () => {
    answer = (_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(recordedPage.length),
      });
      res.write(recordedPage.slice(0, 500));
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const error = await failure<TikrxError>(send());
    expect(error.kind).toBe('network');
  });

  it('turns a truncated body that the connection close ends into invalid_response', async () => {
    answer = (_req, res) => {
      // No length, no chunking: the body is whatever arrives before the close.
      res.useChunkedEncodingByDefault = false;
      res.shouldKeepAlive = false;
      res.writeHead(200, { 'content-type': 'application/json', connection: 'close' });
      res.end(recordedPage.slice(0, 500));
    };
    const error = await failure<TikrxError>(send());
    expect(error.kind).toBe('invalid_response');
    expect(error.status).toBe(200);
    expect(error.message).toContain('not JSON (application/json, 500 characters)');
  });

  it('turns an HTML 504 from a gateway into server', async () => {
    answer = (_req, res) => {
      res.writeHead(504, { 'content-type': 'text/html' });
      res.end('<html><head><title>504 Gateway Time-out</title></head></html>');
    };
    const error = await failure<TikrxError>(send());
    expect(error.kind).toBe('server');
    expect(error.status).toBe(504);
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('text/html');
  });

  it('turns a 429 with Retry-After into rate_limited with retryAfterMs', async () => {
    answer = (_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '2' });
      res.end('{"error":{"code":"rate_limit_exceeded","message":"slow down","log_id":"L429"}}');
    };
    const error = await failure<TikrxError>(send());
    expect(error).toMatchObject({
      kind: 'rate_limited',
      status: 429,
      code: 'rate_limit_exceeded',
      apiMessage: 'slow down',
      requestId: 'L429',
      retryAfterMs: 2000,
      retryable: true,
    });
    expectNoSecrets(error, SECRETS);
  });

  it('rejects with the abort reason, not a TikrxError, when the caller aborts', async () => {
    answer = () => {};
    const controller = new AbortController();
    const pending = send({ signal: controller.signal });
    setTimeout(() => controller.abort(new Error('caller gave up')), 30);
    await expect(pending).rejects.toThrow('caller gave up');
  });
});
