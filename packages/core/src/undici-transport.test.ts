import { expectNoSecrets, failure, fixture } from '@tikrx/testing';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TikrxError } from './errors.js';
import { requestJson } from './http.js';
import {
  ERROR_EXCHANGES,
  PATH,
  readTikTokError,
  SECRET_HEADERS,
  SECRETS,
} from './test-error-exchanges.js';
import { undiciTransport } from './undici-transport.js';

const BASE = 'https://open.tiktokapis.com';
let agent: MockAgent;

beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
});
afterEach(async () => {
  agent.assertNoPendingInterceptors();
  await agent.close();
});

const send = (timeoutMs = 2000) =>
  requestJson(
    undiciTransport({ dispatcher: agent }),
    {
      method: 'POST',
      url: `${BASE}${PATH}`,
      headers: SECRET_HEADERS,
      json: { max_count: 100 },
      timeoutMs,
    },
    readTikTokError,
  );

describe('requestJson over undiciTransport with a MockAgent dispatcher', () => {
  it('sends the request as given and parses the recorded page losslessly', async () => {
    const page = fixture('research-video-query-page-2-of-2.recorded.json');
    agent
      .get(BASE)
      .intercept({
        path: PATH,
        method: 'POST',
        body: '{"max_count":100}',
        headers: {
          authorization: SECRET_HEADERS.authorization,
          'content-type': 'application/json',
        },
      })
      .reply(200, page, {
        headers: { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] },
      });

    const response = await send();
    const body = response.body as { data: { videos: { id: unknown; music_id: unknown }[] } };
    expect(body.data.videos.map((v) => v.id)).toEqual(
      [...page.matchAll(/"id":(\d+)/g)].map((m) => m[1]),
    );
    expect(body.data.videos.map((v) => v.music_id)).toEqual(
      [...page.matchAll(/"music_id":(\d+)/g)].map((m) => m[1]),
    );
    // Repeated headers are joined, names are lower case.
    expect(response.headers['set-cookie']).toBe('a=1, b=2');
  });

  for (const exchange of ERROR_EXCHANGES) {
    it(`turns HTTP ${exchange.status} ${exchange.body.slice(0, 40)}… into ${exchange.kind}, secret-free`, async () => {
      agent
        .get(BASE)
        .intercept({ path: PATH, method: 'POST' })
        .reply(exchange.status, exchange.body, { headers: exchange.headers });
      const error = await failure<TikrxError>(send());
      expect(error.kind).toBe(exchange.kind);
      expect(error).toMatchObject({ ...exchange.expected, method: 'POST' });
      expectNoSecrets(error, SECRETS);
    });
  }

  it('reads Retry-After as an HTTP date and retry-after-ms', async () => {
    const inThirtySeconds = new Date(Math.ceil(Date.now() / 1000) * 1000 + 30_000).toUTCString();
    agent
      .get(BASE)
      .intercept({ path: PATH, method: 'POST' })
      .reply(429, '{}', { headers: { 'retry-after': inThirtySeconds } });
    const byDate = await failure<TikrxError>(send());
    expect(byDate.kind).toBe('rate_limited');
    expect(byDate.retryAfterMs).toBeGreaterThan(28_000);
    expect(byDate.retryAfterMs).toBeLessThanOrEqual(31_000);

    agent
      .get(BASE)
      .intercept({ path: PATH, method: 'POST' })
      .reply(429, '{}', { headers: { 'retry-after-ms': '1250' } });
    expect((await failure<TikrxError>(send())).retryAfterMs).toBe(1250);
  });

  it('turns a dispatcher error into network, secret-free', async () => {
    agent
      .get(BASE)
      .intercept({ path: PATH, method: 'POST' })
      .replyWithError(
        Object.assign(new Error(`connect ECONNREFUSED ${BASE}${PATH}`), { code: 'ECONNREFUSED' }),
      );
    const error = await failure<TikrxError>(send());
    expect(error.kind).toBe('network');
    expect(error.code).toBe('ECONNREFUSED');
    expectNoSecrets(error, SECRETS);
  });

  it('turns a reply slower than timeoutMs into timeout', async () => {
    agent.get(BASE).intercept({ path: PATH, method: 'POST' }).reply(200, '{}').delay(5000);
    const started = performance.now();
    const error = await failure<TikrxError>(send(100));
    expect(error.kind).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(2000);
    expectNoSecrets(error, SECRETS);
  });
});
