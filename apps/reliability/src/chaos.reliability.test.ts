import type { RetryOptions, TikrxEvent, Video } from '@tikrx/core';
import { createDisplayClient } from '@tikrx/display';
import { createResearchClient, type ResearchQuery } from '@tikrx/research';
import { FAULT_KINDS, type FaultSpec, type Simulator, startSimulator } from '@tikrx/simulator';
import { createSocialFetchClient } from '@tikrx/socialfetch';
import type { Observable } from 'rxjs';
import { afterAll, describe, expect, it } from 'vitest';
import { compareIds, crawl, recordingTransport } from './harness.js';
import { createRecorder } from './report.js';
import { plantSecrets, SecretScanner } from './secrets.js';

/**
 * Chaos crawls: every client against a simulator that fails 30% of requests with every fault
 * kind it has (429 with and without Retry-After, 500, 503, an HTML 504, resets mid-body,
 * truncated and non-JSON bodies, expired search ids, invalid cursors, expired tokens), the
 * OAuth endpoint included, and tokens that really expire every few seconds. The ids collected
 * must be exactly `sim.expected(...)`: none lost, none repeated, none invented.
 */

const record = createRecorder(import.meta.filename);
const SEEDS = [11, 23, 37];
const FAULT_RATE = 0.3;
/** A crawl that takes longer than this is a hang (each takes well under 10 s). */
const HANG_AFTER_MS = 60_000;
/** Fast, so a chaos crawl lasts seconds; many, so 30% faults never exhaust them. */
const CHAOS_RETRY: RetryOptions = { maxRetries: 25, baseDelayMs: 2, maxDelayMs: 50 };

const secrets = plantSecrets();
const scanner = new SecretScanner(secrets);
const simulators: Simulator[] = [];
const figures = {
  crawls: 0,
  faults: 0,
  requests: 0,
  tokenRenewals: 0,
  byKind: {} as Record<string, number>,
};

afterAll(async () => {
  await Promise.all(simulators.map((sim) => sim.close()));
  record({ textsScanned: scanner.textsScanned, secretsFound: scanner.findings.length });
});

function faultsFor(seed: number): FaultSpec {
  return {
    rate: FAULT_RATE,
    kinds: [...FAULT_KINDS],
    seed,
    apis: ['oauth', 'research', 'display', 'socialfetch'],
    // One seed honours a real one-second Retry-After; the others are told to retry at once.
    retryAfterSec: seed === SEEDS[0] ? 1 : 0,
  };
}

async function chaosSimulator(seed: number): Promise<Simulator> {
  const sim = await startSimulator({
    seed,
    size: 5_000,
    credentials: secrets,
    faults: faultsFor(seed),
    // Issued tokens die after 2 s of a clock that moves only as the simulator serves requests
    // (100 ms a reading, a few readings a request): a token serves a handful of requests,
    // while the clients believe they have 2 s. A crawl outlives many of them, and the server
    // refuses them before the clients renew on their own. Not wall time: on a busy machine
    // (or across a real one-second Retry-After) a fresh token would die before its first use.
    tokenTtlSec: 2,
    now: steppingClock(100),
    quirks: { tokenExpiry: true },
  });
  simulators.push(sim);
  return sim;
}

/** A clock that advances `stepMs` each time it is read, and never on its own. */
function steppingClock(stepMs: number): () => number {
  let now = Date.now();
  return () => {
    now += stepMs;
    return now;
  };
}

interface Chaos {
  client: string;
  /** Builds the stream against `sim`, with the shared options every client takes. */
  stream(
    sim: Simulator,
    common: {
      baseUrl: string;
      retry: RetryOptions;
      transport: ReturnType<typeof recordingTransport>;
      onEvent: (event: TikrxEvent) => void;
    },
  ): Observable<Video>;
  expected(sim: Simulator): string[];
}

const hashtagQuery = (tag: string): ResearchQuery => ({
  and: [{ field_name: 'hashtag_name', operation: 'EQ', field_values: [tag] }],
});

/** The creator with the most of something, so crawls span many pages. */
function busiest(sim: Simulator, count: (creator: string) => number): string {
  return [...sim.dataset.creators()].sort((a, b) => count(b) - count(a) || (a < b ? -1 : 1))[0]!;
}

const CLIENTS: Chaos[] = [
  {
    client: 'research queryVideos',
    stream: (sim, common) =>
      createResearchClient({
        clientKey: secrets.clientKey,
        clientSecret: secrets.clientSecret,
        // search-id-expired really drops the search: wait on it briefly, then search afresh.
        searchWarmup: { firstDelayMs: 2, maxDelayMs: 20, maxWaitMs: 50 },
        // At 30% faults, 2 tries a window size would read random 500s as failing days.
        triesPerWindowSize: 4,
        ...common,
      }).queryVideos({
        query: hashtagQuery('fyp'),
        startDate: sim.dataset.firstDay,
        endDate: sim.dataset.lastDay,
        maxCount: 20,
        concurrency: 3,
      }),
    expected: (sim) =>
      sim.expected.research({
        query: hashtagQuery('fyp'),
        startDate: sim.dataset.firstDay,
        endDate: sim.dataset.lastDay,
      }),
  },
  {
    client: 'research repostedVideos',
    stream: (sim, common) =>
      createResearchClient({
        clientKey: secrets.clientKey,
        clientSecret: secrets.clientSecret,
        ...common,
      }).repostedVideos(
        busiest(sim, (c) => sim.expected.reposts(c).length),
        { maxCount: 3 },
      ),
    expected: (sim) => sim.expected.reposts(busiest(sim, (c) => sim.expected.reposts(c).length)),
  },
  {
    // v1 has no refresh flow: the user's getAccessToken is asked again after a 401.
    client: 'display v1 videos',
    stream: (_sim, common) =>
      createDisplayClient({
        apiVersion: 'v1',
        getAccessToken: () => secrets.displayAccessToken,
        ...common,
      }).videos({ maxCount: 3 }),
    expected: (sim) => sim.expected.display(secrets.displayAccessToken),
  },
  {
    // v2 renews through POST /v2/oauth/token/ with the refresh token.
    client: 'display v2 videos',
    stream: (_sim, common) =>
      createDisplayClient({
        apiVersion: 'v2',
        accessToken: secrets.displayAccessToken,
        refreshToken: secrets.displayRefreshToken,
        clientKey: secrets.clientKey,
        clientSecret: secrets.clientSecret,
        ...common,
      }).videos({ maxCount: 3 }),
    expected: (sim) => sim.expected.display(secrets.displayAccessToken),
  },
  {
    client: 'socialfetch profileVideos',
    stream: (sim, common) =>
      createSocialFetchClient({ apiKey: secrets.apiKey, ...common }).profileVideos(
        busiest(sim, (c) => sim.expected.socialfetch(c).length),
        { sortBy: 'latest' },
      ),
    expected: (sim) =>
      sim.expected.socialfetch(busiest(sim, (c) => sim.expected.socialfetch(c).length)),
  },
];

describe.each(CLIENTS)('chaos: $client', (chaos) => {
  it.each(SEEDS)(
    'collects exactly the expected ids, once each, at a 30 percent fault rate (seed %i)',
    async (seed) => {
      const sim = await chaosSimulator(seed);
      const transport = recordingTransport(scanner);
      let retries = 0;
      const onEvent = (event: TikrxEvent) => {
        if (event.type === 'retry') retries += 1;
        if (event.type === 'token' && event.reason !== 'initial') figures.tokenRenewals += 1;
        scanner.scanEvent(`${chaos.client} seed ${seed} event`, event);
      };
      const expected = chaos.expected(sim);
      const result = await crawl(
        chaos.stream(sim, { baseUrl: sim.url, retry: CHAOS_RETRY, transport, onEvent }),
        HANG_AFTER_MS,
      );
      if (result.error !== undefined) {
        scanner.scanError(`${chaos.client} seed ${seed} error`, result.error);
      }
      for (const video of result.values) {
        scanner.scanText(`${chaos.client} seed ${seed} video`, JSON.stringify(video));
      }

      const stats = sim.stats();
      const faults = Object.values(stats.faults).reduce((sum, n) => sum + n, 0);
      const ids = compareIds(
        expected,
        result.values.map((video) => video.id),
      );
      record({
        crawls: result.error === undefined && !result.hung ? 1 : 0,
        requests: stats.requests,
        faultsByKind: stats.faults,
        retries,
        videosExpected: ids.expected,
        videosCollected: ids.collected - ids.unexpected.length,
        lost: ids.lost.length,
        duplicates: ids.duplicates.length,
        unexpected: ids.unexpected.length,
      });
      figures.crawls += 1;
      figures.faults += faults;
      figures.requests += stats.requests;
      for (const [kind, count] of Object.entries(stats.faults)) {
        figures.byKind[kind] = (figures.byKind[kind] ?? 0) + count;
      }

      expect(result.hung, `hung after ${HANG_AFTER_MS} ms`).toBe(false);
      expect(result.error, String(result.error)).toBeUndefined();
      expect(expected.length).toBeGreaterThan(0);
      expect({
        lost: ids.lost,
        duplicates: ids.duplicates,
        unexpected: ids.unexpected,
      }).toEqual({ lost: [], duplicates: [], unexpected: [] });
      // The faults were real: some were injected, and each cost a retry or a renewal.
      expect(faults).toBeGreaterThan(0);
      expect(retries).toBeGreaterThan(0);
      expect(scanner.findings).toEqual([]);
    },
  );
});

describe('chaos: the faults were as promised', () => {
  it('failed at least 20% of all requests, across every fault kind', () => {
    expect(figures.crawls).toBe(CLIENTS.length * SEEDS.length);
    expect(figures.faults / figures.requests).toBeGreaterThanOrEqual(0.2);
    const missing = FAULT_KINDS.filter((kind) => !((figures.byKind[kind] ?? 0) > 0));
    expect(missing, 'fault kinds never injected').toEqual([]);
    // Tokens expired or were refused mid-crawl, and the clients renewed them.
    expect(figures.tokenRenewals).toBeGreaterThan(0);
  });
});
