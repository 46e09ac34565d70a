import { expectNoSecrets, failure, fixture } from '@tikrx/testing';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TikrxError } from './errors.js';
import { fetchTransport } from './fetch-transport.js';
import { requestJson } from './http.js';
import {
  ERROR_EXCHANGES,
  PATH,
  readTikTokError,
  SECRET_HEADERS,
  SECRETS,
} from './test-error-exchanges.js';

const BASE = 'https://open.tiktokapis.com';
const transport = fetchTransport();
const send = (timeoutMs = 2000) =>
  requestJson(
    transport,
    {
      method: 'POST',
      url: `${BASE}${PATH}`,
      headers: SECRET_HEADERS,
      json: { query: { and: [] }, max_count: 100 },
      timeoutMs,
    },
    readTikTokError,
  );

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([]);
  nock.cleanAll();
});
afterAll(() => nock.enableNetConnect());

describe('requestJson over fetchTransport, intercepted by nock', () => {
  it('sends method, headers and JSON body, and parses the recorded page losslessly', async () => {
    const page = fixture('research-video-query-page-1-of-2.recorded.json');
    nock(BASE)
      .post(PATH, { query: { and: [] }, max_count: 100 })
      .matchHeader('authorization', SECRET_HEADERS.authorization)
      .matchHeader('content-type', 'application/json')
      .matchHeader('accept', 'application/json')
      .reply(200, page, { 'content-type': 'application/json' });

    const response = await send();
    const videos = (response.body as { data: { videos: { id: unknown }[] } }).data.videos;
    const idsInText = [...page.matchAll(/"id":(\d+)/g)].map((m) => m[1]);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(videos.map((v) => v.id)).toEqual(idsInText);
  });

  for (const exchange of ERROR_EXCHANGES) {
    it(`turns HTTP ${exchange.status} ${exchange.body.slice(0, 40)}… into ${exchange.kind}, secret-free`, async () => {
      nock(BASE).post(PATH).reply(exchange.status, exchange.body, exchange.headers);
      const error = await failure<TikrxError>(send());
      expect(error.kind).toBe(exchange.kind);
      expect(error).toMatchObject({ ...exchange.expected, method: 'POST' });
      expect(error.url).toBe(
        `${BASE}/v2/research/video/query/?fields=id%2Cmusic_id&access_token=[REDACTED]`,
      );
      expectNoSecrets(error, SECRETS);
    });
  }

  it('turns a connection reset into network, secret-free', async () => {
    nock(BASE)
      .post(PATH)
      .replyWithError({ code: 'ECONNRESET', message: `socket hang up ${PATH}` });
    const error = await failure<TikrxError>(send());
    expect(error.kind).toBe('network');
    expect(error.retryable).toBe(true);
    expectNoSecrets(error, SECRETS);
  });

  it('turns a response slower than timeoutMs into timeout', async () => {
    nock(BASE).post(PATH).delay(5000).reply(200, '{}');
    const started = performance.now();
    const error = await failure<TikrxError>(send(100));
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('timed out after 100 ms');
    expect(performance.now() - started).toBeLessThan(2000);
    expectNoSecrets(error, SECRETS);
  });

  it('reads the global fetch at call time, so a mock installed later still intercepts it', async () => {
    const early = fetchTransport();
    vi.stubGlobal('fetch', async () => new Response('{"stubbed":7320768196569599275}'));
    try {
      const response = await requestJson(
        early,
        { method: 'GET', url: `${BASE}/late`, timeoutMs: 1000 },
        () => undefined,
      );
      expect(response.body).toEqual({ stubbed: '7320768196569599275' });
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
